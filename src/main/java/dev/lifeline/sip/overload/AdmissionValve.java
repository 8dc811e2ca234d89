package dev.lifeline.sip.overload;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * JAIN-SIP's {@code SIP_MESSAGE_VALVE}, for the transports whose requests the UDP receive thread
 * has not already decided ({@link BoundedDatagramQueue}): TCP. Runs on the worker thread right after a request is parsed
 * and before any transaction or dialog exists, and asks the stack's {@link Admission}. A refused
 * request is answered {@code 503 Service Unavailable} with Retry-After straight on its channel —
 * no transaction, nothing that lingers — or dropped unanswered. Responses always pass.
 */
public final class AdmissionValve implements SIPMessageValve {
    private volatile Admission admission;

    @Override
    public void init(SipStack stack) {
        admission = stack instanceof SipStackImpl s ? Admissions.of(s.getStackName()) : null;
    }

    @Override
    public boolean processRequest(SIPRequest req, MessageChannel channel) {
        Admission a = admission;
        if (a == null) return true;
        // UDP new work was decided in the receive thread, before parsing (BoundedDatagramQueue)
        if (channel.getMessageProcessor() instanceof BoundedUdpProcessorFactory.Processor) return true;
        String source = channel.getPeerAddress();
        switch (a.decide(source, kind(req, source, a))) {
            case ADMIT:
                return true;
            case DROP:
                return false;
            default:
                try {
                    SIPResponse r = req.createResponse(Response.SERVICE_UNAVAILABLE);
                    RetryAfter ra = new RetryAfter();
                    ra.setRetryAfter(a.config().retryAfterSeconds());
                    r.setHeader(ra);
                    channel.sendMessage(r);
                } catch (Exception e) {
                    Logger.debug("sip overload: 503 to {} not sent: {}", source, e.toString());
                }
                return false;
        }
    }

    static Admission.Kind kind(SIPRequest req, String source, Admission a) {
        String m = req.getMethod();
        if (Request.ACK.equals(m) || Request.CANCEL.equals(m) || req.getToTag() != null || a.trusted(source)) {
            return Admission.Kind.PRIORITY;
        }
        // finishing what was started (an answer to our challenge) and OPTIONS (answered statelessly,
        // it costs next to nothing) are not refused for a full queue, only for budget
        if (Request.OPTIONS.equals(m) || req.getHeader("Authorization") != null || req.getHeader("Proxy-Authorization") != null) {
            return Admission.Kind.CONTINUING;
        }
        return Admission.Kind.NEW;
    }

    @Override public boolean processResponse(Response response, MessageChannel channel) { return true; }

    @Override public void destroy() { admission = null; }
}
