package dev.lifeline.store;

/**
 * The local database failed. Unchecked: callers cannot do anything sensible per call site,
 * and a failing store is a fault the gateway reports (alarm) rather than recovers from inline.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) { super(message); }

    public StoreException(String message, Throwable cause) { super(message, cause); }
}
