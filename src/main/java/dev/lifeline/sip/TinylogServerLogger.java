package dev.lifeline.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;

/**
 * Replaces JAIN-SIP's message trace file: whole messages carry credentials, so they are never
 * written anywhere; signalling is logged by the handlers, one line per state change.
 */
public final class TinylogServerLogger implements ServerLogger {
    @Override public void closeLogFile() { }
    @Override public void logMessage(SIPMessage m, String from, String to, boolean sender, long time) { }
    @Override public void logMessage(SIPMessage m, String from, String to, String status, boolean sender, long time) { }
    @Override public void logMessage(SIPMessage m, String from, String to, String status, boolean sender) { }
    @Override public void logException(Exception ex) { org.tinylog.Logger.debug("sip stack: {}", ex.toString()); }
    @Override public void setStackProperties(Properties stackProperties) { }
    @Override public void setSipStack(SipStack sipStack) { }
}
