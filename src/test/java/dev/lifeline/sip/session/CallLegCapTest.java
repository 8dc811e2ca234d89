package dev.lifeline.sip.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lifeline.config.OverloadConfig;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code sip.overload.max-call-legs}: a new INVITE beyond the cap is refused with 503 before any
 * session exists, and the call that is up is not touched; below the cap calls are taken again.
 */
class CallLegCapTest {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    @Test
    void aNewCallBeyondTheCapGets503AndTheCallUpKeepsGoing() throws Exception {
        OverloadConfig d = OverloadConfig.DEFAULTS;
        OverloadConfig oneLeg = new OverloadConfig(d.maxRate(), d.sourceRate(), d.queue(), d.maxQueueDelayMs(),
                d.retryAfterSeconds(), d.rejectRate(), 1);
        int port = FreePorts.udpAndTcp();
        SipHost gwHost = new SipHost("127.0.0.1", port, port, 2, oneLeg);
        SipHost phoneHost = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2);
        try {
            SessionManager gw = new SessionManager(gwHost);
            SessionManager phone = new SessionManager(phoneHost);
            BlockingQueue<CallSession> arrived = new LinkedBlockingQueue<>();
            gw.onIncomingCall((s, caller, called, sdp) -> { s.ringing(); arrived.add(s); });
            gwHost.start();
            phoneHost.start();
            assertEquals(1, gw.callLegLimit());

            Events first = new Events();
            phone.invite("sip:6001@127.0.0.1:" + port, new SipParty("7000", null, null), "6001", SDP, first);
            CallSession up = arrived.poll(5, TimeUnit.SECONDS);
            assertNotNull(up, "the first call reaches the gateway");

            Events second = new Events();
            phone.invite("sip:6002@127.0.0.1:" + port, new SipParty("7000", null, null), "6002", SDP, second);
            assertEquals("failed 503", second.next(), "the call beyond the cap is refused at once");
            assertNull(arrived.poll(300, TimeUnit.MILLISECONDS), "no session was made for it");
            assertEquals(1, gw.refusedAtCap());
            assertNull(first.q.poll(), "the call that is up is not touched");

            up.answer(SDP);
            assertEquals("answered", first.next());
        } finally {
            phoneHost.close();
            gwHost.close();
        }
    }

    private static final class Events implements SessionListener {
        final BlockingQueue<String> q = new LinkedBlockingQueue<>();
        @Override public void onAnswered(CallSession s, String sdp) { q.add("answered"); }
        @Override public void onFailed(CallSession s, int status) { q.add("failed " + status); }
        @Override public void onEnded(CallSession s, boolean cancelled) { q.add("ended"); }
        String next() throws InterruptedException {
            String v = q.poll(5, TimeUnit.SECONDS);
            return v == null ? "nothing" : v;
        }
    }
}
