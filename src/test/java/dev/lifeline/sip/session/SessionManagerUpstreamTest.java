package dev.lifeline.sip.session;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.Ha1;
import dev.lifeline.config.SipUser;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.registrar.DigestAuthenticator;
import dev.lifeline.sip.registrar.DigestCredentials;
import dev.lifeline.sip.upstream.DigestClient;
import dev.lifeline.sip.upstream.DigestSecret;
import dev.lifeline.util.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the session layer does for calls through HQ, between real SIP stacks on loopback: answer
 * HQ's 407 with digest credentials (checked by the registrar's own verifier), trust HQ's INVITEs,
 * and keep an outgoing and an incoming dialog with one Call-ID apart (a call that comes back).
 */
class SessionManagerUpstreamTest {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    // one pair of stacks for the class (stopping a stack takes seconds); each test sets its handlers
    private static SipHost gwHost;
    private static SipHost hqHost;
    private static SessionManager gw;
    private static SessionManager hq;
    private final List<String> hqAuthorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger hqInvites = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        gwHost = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2);
        hqHost = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2);
        gw = new SessionManager(gwHost);
        hq = new SessionManager(hqHost);
        gwHost.start();
        hqHost.start();
    }

    @BeforeEach
    void reset() {
        gw.authenticateWith(InviteAuthenticator.NONE);
        gw.trust(TrustedPeer.NONE);
        gw.onIncomingCall((s, c, u, sdp) -> s.reject(Response.TEMPORARILY_UNAVAILABLE));
        hq.authenticateWith(InviteAuthenticator.NONE);
        hq.onIncomingCall((s, c, u, sdp) -> s.reject(Response.TEMPORARILY_UNAVAILABLE));
    }

    @AfterAll
    static void stop() {
        gwHost.close();
        hqHost.close();
    }

    /** HQ challenges every new INVITE (407) and accepts user {@code user} with {@code password} in realm "hq". */
    private void hqChallenges(String user, String password) {
        DigestAuthenticator auth = new DigestAuthenticator(Clock.SYSTEM, 30_000, List.of("MD5"));
        SipUser known = new SipUser(user, null, user, Ha1.md5(user, "hq", password), null);
        hq.authenticateWith((host, e, st) -> {
            Request req = e.getRequest();
            hqInvites.incrementAndGet();
            Header h = req.getHeader("Proxy-Authorization");
            if (h != null) {
                hqAuthorizations.add(h.toString());
                var cred = DigestCredentials.parse(h.toString()).orElseThrow();
                if (auth.verify(cred, "INVITE", "hq", known, u -> u.equals(req.getRequestURI().toString()))
                        == DigestAuthenticator.Outcome.OK) {
                    return cred.username();
                }
            }
            Response r = host.messages().createResponse(Response.PROXY_AUTHENTICATION_REQUIRED, req);
            ((javax.sip.header.ToHeader) r.getHeader("To")).setTag("hq" + System.nanoTime());
            for (String v : auth.challenge("hq", false)) r.addHeader(host.headers().createHeader("Proxy-Authenticate", v));
            if (st != null) st.sendResponse(r);
            else host.provider().sendResponse(r);
            return null;
        });
    }

    private OutgoingInvite viaHq(String from, String to, ChallengeResponder creds) {
        return new OutgoingInvite("sip:" + to + "@hq.example", "sip:" + from + "@hq.example", "Reception",
                "sip:" + to + "@hq.example", "sip:127.0.0.1:" + hqHost.port() + ";lr", Map.of("X-Lifeline-Hairpin", "tok-1"),
                creds);
    }

    /** Collects what happens to an outgoing session. */
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

    @Test
    void a407IsAnsweredOnceWithDigestAndTheCallConnects() throws Exception {
        hqChallenges("6000", "lifeline6000");
        BlockingQueue<String[]> offered = new LinkedBlockingQueue<>();
        hq.onIncomingCall((s, caller, called, sdp) -> {
            offered.add(new String[] {caller.user(), called, s.requestHeader("X-Lifeline-Hairpin"), caller.displayName()});
            s.answer(SDP);
        });
        Events ev = new Events();
        CallSession out = gw.invite(viaHq("6000", "6001",
                new DigestClient(DigestSecret.ofPassword("6000", "lifeline6000"))), "6001", SDP, ev);
        assertEquals("answered", ev.next());
        String[] at = offered.poll(1, TimeUnit.SECONDS);
        assertArrayEquals(new String[] {"6000", "6001", "tok-1", "Reception"}, at, "HQ saw the caller, the number and our header");
        assertEquals(2, hqInvites.get(), "one challenged INVITE, one with credentials");
        assertEquals(1, hqAuthorizations.size());
        assertTrue(hqAuthorizations.get(0).contains("uri=\"sip:6001@hq.example\""), hqAuthorizations.get(0));
        assertEquals(CallSession.State.CONFIRMED, out.state());
        out.hangup(487);
    }

    @Test
    void wrongCredentialsAreSentOnceThenTheCallFailsWith407() throws Exception {
        hqChallenges("6000", "lifeline6000");
        hq.onIncomingCall((s, caller, called, sdp) -> s.answer(SDP));
        Events ev = new Events();
        gw.invite(viaHq("6000", "6001", new DigestClient(DigestSecret.ofPassword("6000", "wrong"))), "6001", SDP, ev);
        assertEquals("failed 407", ev.next());
        assertEquals(2, hqInvites.get(), "the wrong password was tried once, not in a loop");
    }

    @Test
    void withoutCredentialsAChallengeFailsTheCallAsBefore() throws Exception {
        hqChallenges("6000", "lifeline6000");
        Events ev = new Events();
        gw.invite(viaHq("6000", "6001", null), "6001", SDP, ev);
        assertEquals("failed 407", ev.next());
        assertEquals(1, hqInvites.get());
    }

    @Test
    void invitesFromATrustedPeerAreNotChallenged() throws Exception {
        // the gateway refuses everyone it would have to authenticate...
        gw.authenticateWith((host, e, st) -> {
            Response r = host.messages().createResponse(Response.FORBIDDEN, e.getRequest());
            if (st != null) st.sendResponse(r);
            else host.provider().sendResponse(r);
            return null;
        });
        int hqPort = hqHost.port();
        gw.trust((ip, port, transport) -> ip.equals("127.0.0.1") && port == hqPort && transport.equals("udp"));
        BlockingQueue<CallSession> arrived = new LinkedBlockingQueue<>();
        gw.onIncomingCall((s, caller, called, sdp) -> {
            arrived.add(s);
            s.answer(SDP);
        });
        Events ev = new Events();
        hq.invite("sip:6001@127.0.0.1:" + gwHost.port(), new SipParty("8000", "HQ caller", null), "6001", SDP, ev);
        assertEquals("answered", ev.next(), "...but HQ's call is taken");
        CallSession in = arrived.poll(1, TimeUnit.SECONDS);
        assertNotNull(in);
        assertTrue(in.trusted());
        assertEquals("8000", in.remote().user());

        // another sender is still refused
        try (SipHost other = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 1)) {
            SessionManager stranger = new SessionManager(other);
            other.start();
            Events ev2 = new Events();
            stranger.invite("sip:6001@127.0.0.1:" + gwHost.port(), new SipParty("8000", null, null), "6001", SDP, ev2);
            assertEquals("failed 403", ev2.next());
        }
    }

    @Test
    void aCallThatComesBackKeepsItsTwoDialogsApart() throws Exception {
        // the gateway calls itself: the incoming INVITE has the Call-ID of the outgoing one (a hairpin)
        BlockingQueue<CallSession> arrived = new LinkedBlockingQueue<>();
        Events inEvents = new Events();
        gw.onIncomingCall((s, caller, called, sdp) -> {
            s.setListener(inEvents);
            arrived.add(s);
            s.ringing();
            s.answer(SDP);
        });
        Events outEvents = new Events();
        CallSession out = gw.invite("sip:6001@127.0.0.1:" + gwHost.port(), new SipParty("6000", null, null), "6001", SDP, outEvents);
        assertEquals("answered", outEvents.next());
        CallSession in = arrived.poll(1, TimeUnit.SECONDS);
        assertNotNull(in, "the returning INVITE was not taken for a retransmission");
        assertEquals(out.callId(), in.callId());
        assertEquals("answered", inEvents.next(), "the ACK reached the incoming dialog");
        assertEquals(2, gw.activeSessions());
        // BYE from the incoming side reaches the outgoing dialog, not itself
        in.hangup(487);
        assertEquals("ended", outEvents.next());
        assertEquals("nothing", inEvents.q.isEmpty() ? "nothing" : inEvents.q.poll());
        assertEquals(0, gw.activeSessions());
    }
}
