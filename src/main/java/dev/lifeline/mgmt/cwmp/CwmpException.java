package dev.lifeline.mgmt.cwmp;

/** A session with the ACS failed (transport, HTTP status, or a message that is not CWMP); the session is retried. */
final class CwmpException extends Exception {
    CwmpException(String message) { super(message); }
    CwmpException(String message, Throwable cause) { super(message, cause); }
}
