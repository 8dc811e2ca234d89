package dev.lifeline.sip;

import javax.sip.RequestEvent;

/** Handles one request method inside the sip layer (registrar, INVITE sessions, ...). */
@FunctionalInterface
public interface RequestHandler {
    void onRequest(SipHost host, RequestEvent event) throws Exception;
}
