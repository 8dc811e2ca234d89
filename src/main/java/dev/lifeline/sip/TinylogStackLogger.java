package dev.lifeline.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.tinylog.Logger;

/**
 * Routes JAIN-SIP's own logging to tinylog. Without it the stack needs log4j 1.x classes at
 * run time and fails with a misleading PeerUnavailableException. Only warnings and errors are
 * passed on: the stack's debug output includes whole messages, credentials among them.
 */
public final class TinylogStackLogger implements StackLogger {
    @Override public void logStackTrace() { }
    @Override public void logStackTrace(int traceLevel) { }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable ex) { Logger.warn(ex, "sip stack"); }
    @Override public void logDebug(String message) { }
    @Override public void logDebug(String message, Exception ex) { }
    @Override public void logTrace(String message) { }
    @Override public void logFatalError(String message) { Logger.error("sip stack: {}", cap(message)); }
    @Override
    public void logError(String message) {
        if (message != null && (message.startsWith("Error is : javax.net.ssl.SSLHandshakeException")
                || message.startsWith("Error is : java.io.IOException: Could not connect"))) {
            // an HQ server refused by certificate (sip.tls.SipTls logs it once per change) or unreachable
            // over TCP/TLS (the WAN monitor logs the misses): not an error line per probe
            Logger.debug("sip stack: {}", cap(message));
            return;
        }
        Logger.error("sip stack: {}", cap(message));
    }
    @Override public boolean isLoggingEnabled() { return true; }
    @Override public boolean isLoggingEnabled(int logLevel) { return logLevel <= TRACE_ERROR; }
    @Override
    public void logError(String message, Exception ex) {
        if (ex instanceof java.io.IOException && message != null && message.contains("Accepting connection")) {
            // a client's failed TLS handshake (scanner, TLS 1.1, a phone distrusting our certificate):
            // the client's problem, one debug line, not an error with a stack trace per attempt
            Logger.debug("sip tls: a client's handshake failed: {}", cap(String.valueOf(ex)));
            return;
        }
        Logger.error(ex, "sip stack: {}", cap(message));
    }
    @Override public void logWarning(String message) { Logger.debug("sip stack: {}", cap(message)); }

    /**
     * The stack puts whole datagrams (as decimal byte lists of its 64 KiB buffer) into some error
     * messages; a burst of garbage would otherwise write hundreds of megabytes to flash.
     */
    static String cap(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) return message;
        return message.substring(0, MAX_MESSAGE) + "... (" + message.length() + " chars)";
    }

    static final int MAX_MESSAGE = 400;
    @Override public void logInfo(String message) { }
    @Override public void disableLogging() { }
    @Override public void enableLogging() { }
    @Override public void setBuildTimeStamp(String buildTimeStamp) { }
    @Override public void setStackProperties(Properties stackProperties) { }
    @Override public String getLoggerName() { return "lifeline-sip"; }
}
