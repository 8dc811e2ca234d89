package dev.lifeline.sip.registrar;

/**
 * Ends a REGISTER with an error status (thrown from inside a {@link LocationStore#update} to
 * abort it atomically). A control-flow exception: no stack trace.
 */
final class RegisterRejected extends RuntimeException {
    private final int status;
    private final int minExpires;

    RegisterRejected(int status, String reason) { this(status, reason, 0); }

    RegisterRejected(int status, String reason, int minExpires) {
        super(reason, null, false, false);
        this.status = status;
        this.minExpires = minExpires;
    }

    int status() { return status; }

    /** For 423: the Min-Expires value to send. */
    int minExpires() { return minExpires; }
}
