package dev.lifeline.mgmt.firmware;

/**
 * A firmware transfer failed, with the TR-069 fault code that says why (TR-069 Table 59):
 * the MQTT controller gets the same code and text.
 */
public final class FirmwareException extends Exception {
    /** Request denied: no A/B slots, or another transfer is running. */
    public static final int REQUEST_DENIED = 9001;
    /** Internal error (disk full, extraction failed). */
    public static final int INTERNAL = 9002;
    /** Download failure: generic (the new version failed its health check and was rolled back). */
    public static final int DOWNLOAD_FAILURE = 9010;
    /** Unsupported protocol for file transfer. */
    public static final int UNSUPPORTED_PROTOCOL = 9013;
    /** Unable to contact file server. */
    public static final int CANNOT_CONTACT = 9015;
    /** Unable to access file (HTTP error status). */
    public static final int CANNOT_ACCESS = 9016;
    /** Unable to complete download (cut short, too big). */
    public static final int INCOMPLETE = 9017;
    /** File corrupted: not an image, wrong size or hash, wrong architecture. */
    public static final int CORRUPTED = 9018;
    /** File authentication failure: the signature is not from a trusted key. */
    public static final int AUTHENTICATION = 9019;

    private final int code;

    public FirmwareException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() { return code; }
}
