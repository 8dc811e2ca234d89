package dev.lifeline.mgmt.firmware;

/** Answers a file server's HTTP authentication challenge (the CWMP agent's basic/digest client does). */
public interface HttpAuth {
    /** Takes a {@code WWW-Authenticate} header; false when it cannot be answered. */
    boolean challenge(String header);

    /** The {@code Authorization} header for a request, or null before a challenge. */
    String authorization(String method, String path);
}
