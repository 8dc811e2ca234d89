package dev.lifeline.sip.upstream;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.Ha1;
import dev.lifeline.config.SipUser;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.registrar.DigestAuthenticator;
import dev.lifeline.sip.registrar.DigestCredentials;
import dev.lifeline.util.Engine;
import dev.lifeline.util.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Line registrations against two HQ servers that are real SIP stacks on loopback, with the
 * gateway's timers on a manual clock: digest, refresh at 80 %, failover on silence and 5xx,
 * backoff with jitter, refused credentials, re-registration and unregistration.
 */
class UpstreamRegistrationsTest {
    private static SipHost gateway;
    private static Hq hq1;
    private static Hq hq2;
    private ManualClock clock;
    private Engine engine;
    private UpstreamRegistrations regs;
    private HqHealth health;
    private final List<UpstreamConfig.Server> timedOut = new CopyOnWriteArrayList<>();

    /** A fake HQ registrar: answers as {@link #mode} says and records every REGISTER it gets. */
    static final class Hq {
        enum Mode { DIGEST, SILENT, UNAVAILABLE, MIN_EXPIRES_900 }
        final SipHost host;
        volatile Mode mode = Mode.DIGEST;
        volatile int grant = 600;
        final List<Request> seen = new CopyOnWriteArrayList<>();
        final ManualClock authClock = new ManualClock();
        final DigestAuthenticator auth = new DigestAuthenticator(authClock, 3_600_000, List.of("MD5"));

        Hq() throws Exception {
            host = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2);
            host.handle(Request.REGISTER, (h, e) -> {
                Request req = e.getRequest();
                seen.add(req);
                switch (mode) {
                    case SILENT -> { }
                    case UNAVAILABLE -> h.respond(e, h.messages().createResponse(503, req));
                    case MIN_EXPIRES_900 -> {
                        if (((ExpiresHeader) req.getHeader(ExpiresHeader.NAME)).getExpires() < 900) {
                            Response r = h.messages().createResponse(423, req);
                            r.addHeader(h.headers().createMinExpiresHeader(900));
                            h.respond(e, r);
                        } else {
                            ok(h, e.getServerTransaction(), e, req, 900);
                        }
                    }
                    case DIGEST -> {
                        Header a = req.getHeader("Authorization");
                        String user = ((SipURI) ((javax.sip.header.ToHeader) req.getHeader("To")).getAddress().getURI()).getUser();
                        SipUser u = new SipUser(user, null, user, Ha1.md5(user, "hq", "lifeline" + user), null);
                        var cred = a == null ? null : DigestCredentials.parse(a.toString()).orElse(null);
                        if (cred != null && auth.verify(cred, "REGISTER", "hq", u, x -> x.equals(req.getRequestURI().toString()))
                                == DigestAuthenticator.Outcome.OK) {
                            int asked = ((ExpiresHeader) req.getHeader(ExpiresHeader.NAME)).getExpires();
                            ok(h, null, e, req, asked == 0 ? 0 : grant);
                        } else {
                            Response r = h.messages().createResponse(401, req);
                            for (String v : auth.challenge("hq", false)) r.addHeader(h.headers().createHeader("WWW-Authenticate", v));
                            h.respond(e, r);
                        }
                    }
                }
            });
            host.start();
        }

        private static void ok(SipHost h, Object unused, javax.sip.RequestEvent e, Request req, int expires) throws Exception {
            Response r = h.messages().createResponse(200, req);
            ContactHeader c = (ContactHeader) ((ContactHeader) req.getHeader(ContactHeader.NAME)).clone();
            c.setExpires(expires);
            r.addHeader(c);
            h.respond(e, r);
        }

        UpstreamConfig.Server server(int priority) {
            return new UpstreamConfig.Server("127.0.0.1", host.port(), UpstreamConfig.Transport.UDP, priority);
        }

        long withAuth() { return seen.stream().filter(r -> r.getHeader("Authorization") != null).count(); }
    }

    @BeforeAll
    static void stacks() throws Exception {
        gateway = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2);
        gateway.start();
        hq1 = new Hq();
        hq2 = new Hq();
    }

    @AfterAll
    static void stopStacks() {
        gateway.close();
        hq1.host.close();
        hq2.host.close();
    }

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        engine = new Engine(clock);
        for (Hq h : List.of(hq1, hq2)) {
            h.mode = Hq.Mode.DIGEST;
            h.grant = 600;
            h.seen.clear();
        }
    }

    @AfterEach
    void tearDown() {
        if (regs != null) regs.detach();
        engine.close();
    }

    private UpstreamRegistrations start(String password, Hq... servers) {
        List<UpstreamConfig.Server> list = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) list.add(servers[i].server(i + 1));
        UpstreamConfig up = new UpstreamConfig(list, "hq.example", 600);
        health = new HqHealth(up, clock);
        health.onTimeout(timedOut::add);
        regs = new UpstreamRegistrations(gateway, up,
                List.of(new UpstreamRegistrations.Line("fxs1", "6000", "6000", DigestSecret.ofPassword("6000", password))),
                engine, clock, health, new Random(42));
        regs.reRegisterAll();
        return regs;
    }

    private <T> T onEngine(Callable<T> c) throws Exception { return engine.call(c, 2_000); }

    private LineRegistration.Status status() throws Exception { return onEngine(() -> regs.lines().get(0).status()); }

    /** Waits (real time, for loopback SIP) until the line is in {@code state}. */
    private LineRegistration.Status await(LineRegistration.State state) throws Exception {
        long end = System.currentTimeMillis() + 5_000;
        LineRegistration.Status s = status();
        while (s.state() != state && System.currentTimeMillis() < end) {
            Thread.sleep(10);
            s = status();
        }
        assertEquals(state, s.state(), s::toString);
        return s;
    }

    private void advance(long ms) throws Exception {
        clock.advance(ms);
        onEngine(() -> { regs.tick(); return null; });
    }

    private static void awaitCount(Hq hq, int n) throws Exception {
        long end = System.currentTimeMillis() + 5_000;
        while (hq.seen.size() < n && System.currentTimeMillis() < end) Thread.sleep(10);
        Thread.sleep(50); // and no more than n
        assertEquals(n, hq.seen.size(), "REGISTERs at " + hq.host.port());
    }

    @Test
    void registersWithDigestThenRefreshesAt80PercentOfTheGrantedLifetime() throws Exception {
        hq1.grant = 300; // HQ grants less than the 600 asked for: the refresh follows HQ
        start("lifeline6000", hq1);
        LineRegistration.Status s = await(LineRegistration.State.REGISTERED);
        assertEquals(2, hq1.seen.size(), "challenged, then registered");
        Request first = hq1.seen.get(0);
        assertEquals("sip:hq.example", first.getRequestURI().toString());
        assertTrue(first.getHeader("To").toString().contains("sip:6000@hq.example"), first.getHeader("To").toString());
        assertTrue(first.getHeader("Contact").toString().contains("sip:6000@127.0.0.1:" + gateway.port()));
        assertEquals(600, ((ExpiresHeader) first.getHeader(ExpiresHeader.NAME)).getExpires());
        assertEquals(300, s.expiresInSeconds());
        assertEquals("127.0.0.1:" + hq1.host.port(), s.server());
        assertEquals(200, s.lastStatus());

        advance(239_000);
        awaitCount(hq1, 2);
        advance(1_000); // 240 s = 80 % of 300
        awaitCount(hq1, 3);
        await(LineRegistration.State.REGISTERED);
        assertNotNull(hq1.seen.get(2).getHeader("Authorization"), "the refresh carries credentials preemptively (no new 401)");
        assertEquals(first.getHeader("Call-ID").toString(), hq1.seen.get(2).getHeader("Call-ID").toString(), "same Call-ID");
        assertTrue(timedOut.isEmpty());
    }

    @Test
    void aSilentServerTimesOutIsReportedAndTheNextOneTakesTheLine() throws Exception {
        hq1.mode = Hq.Mode.SILENT;
        start("lifeline6000", hq1, hq2);
        awaitCount(hq1, 1);
        advance(3_999);
        assertEquals(0, hq2.seen.size());
        advance(1);
        assertEquals(List.of(hq1.server(1)), timedOut, "the timeout is reported as an upstream (WAN) signal");
        LineRegistration.Status s = await(LineRegistration.State.REGISTERED);
        assertEquals("127.0.0.1:" + hq2.host.port(), s.server());
        Thread.sleep(700); // past the first UDP retransmission (T1 = 500 ms)
        assertEquals(1, hq1.seen.size(), "the abandoned transaction is not retransmitted");
    }

    @Test
    void aRegisterWaitingOnAServerThatMissesItsProbeMovesToTheAnsweringOneAtOnce() throws Exception {
        hq1.mode = Hq.Mode.SILENT;
        start("lifeline6000", hq1, hq2);
        awaitCount(hq1, 1); // sent before any probe had an outcome
        health.probeMissed(hq1.server(1));
        health.probeAnswered(hq2.server(2));
        advance(500); // well before the 4 s REGISTER timeout
        LineRegistration.Status s = await(LineRegistration.State.REGISTERED);
        assertEquals("127.0.0.1:" + hq2.host.port(), s.server(), "registered at hq2 without waiting on hq1");
        assertTrue(timedOut.isEmpty(), "no timeout: the probe told, nothing waited out");
        assertEquals(1, hq1.seen.size());
    }

    @Test
    void whenEveryServerFailsTheRetriesBackOffExponentiallyWithJitterUpToAMinute() throws Exception {
        hq1.mode = Hq.Mode.UNAVAILABLE;
        hq2.mode = Hq.Mode.UNAVAILABLE;
        start("lifeline6000", hq1, hq2);
        LineRegistration.Status s = await(LineRegistration.State.FAILED);
        assertEquals(503, s.lastStatus());
        awaitCount(hq2, 1);
        int attempts = 1;
        for (long base : new long[] {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000}) {
            advance(base * 8 / 10 - 1); // jitter is ±20 %: nothing before 80 % of the step
            awaitCount(hq1, attempts);
            advance(base * 4 / 10 + 1); // ...and the retry has happened by 120 %
            awaitCount(hq1, ++attempts);
            await(LineRegistration.State.FAILED);
        }
        // HQ comes back: reRegisterAll (the mode returned to NORMAL) does not wait out the backoff
        hq1.mode = Hq.Mode.DIGEST;
        regs.reRegisterAll();
        await(LineRegistration.State.REGISTERED);
        assertEquals(0, status().failures());
    }

    @Test
    void refusedCredentialsAreTriedOnceAndThenBackedOff() throws Exception {
        start("wrong", hq1, hq2);
        LineRegistration.Status s = await(LineRegistration.State.FAILED);
        assertEquals(401, s.lastStatus());
        assertEquals(2, hq1.seen.size(), "one challenge, one answer, no loop");
        assertEquals(0, hq2.seen.size(), "a refusal is not a server failure: no failover");
        assertFalse(s.toString().contains("wrong"));
    }

    @Test
    void intervalTooBriefIsRetriedWithMinExpires() throws Exception {
        hq1.mode = Hq.Mode.MIN_EXPIRES_900;
        start("lifeline6000", hq1);
        LineRegistration.Status s = await(LineRegistration.State.REGISTERED);
        assertEquals(900, s.expiresInSeconds());
        assertEquals(900, ((ExpiresHeader) hq1.seen.get(1).getHeader(ExpiresHeader.NAME)).getExpires());
    }

    @Test
    void closingUnregistersWithExpiresZero() throws Exception {
        start("lifeline6000", hq1);
        await(LineRegistration.State.REGISTERED);
        regs.close();
        assertEquals(LineRegistration.State.UNREGISTERED, status().state());
        Request last = hq1.seen.get(hq1.seen.size() - 1);
        assertEquals(0, ((ExpiresHeader) last.getHeader(ExpiresHeader.NAME)).getExpires());
    }
}
