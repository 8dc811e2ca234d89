package dev.lifeline.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.call.RouterTest.FakeLeg;
import dev.lifeline.config.Route;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import dev.lifeline.util.ManualClock;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call engine on its own: every Q.850 cause it produces, which leg is released with it and
 * the CDR it leaves (a real SQLite CDR store). Time is a {@link ManualClock}: no sleeping.
 */
class CallEngineTest {
    private static final long RING_TIMEOUT = 30_000;
    private final ManualClock clock = new ManualClock();
    private Database db;
    private CdrRecorder cdrs;
    private CallEngine engine;
    private final FakeLeg a = new FakeLeg("fxs:fxs1", "6000");
    private final FakeLeg b = new FakeLeg("fxs:fxs2", "6001");
    private final FakeLeg c = new FakeLeg("fxs:fxs3", "6002");
    private final FakeLeg d = new FakeLeg("fxs:fxs4", "6003");

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        db = Database.open(tmp.resolve("cdr.db"));
        cdrs = new CdrRecorder(new CdrStore(db), dev.lifeline.store.CdrSpool.in(tmp), dev.lifeline.util.Clock.SYSTEM,
                CdrBacklog.Health.NONE);
        Directory dir = new Directory();
        for (FakeLeg l : List.of(a, b, c, d)) dir.add(l);
        engine = new CallEngine(clock, "gw1", dir, n -> n, RING_TIMEOUT, cdrs, () -> "normal");
        engine.router().setRoutes(List.of(
                new Route(Pattern.compile("^9\\d+$"), List.of("fxo")),      // no PSTN trunk configured
                new Route(Pattern.compile("^5\\d+$"), List.of("span:1"))));  // E1 not built
    }

    @AfterEach
    void tearDown() {
        cdrs.close();
        db.close();
    }

    private List<Cdr> cdrsOldestFirst() {
        cdrs.flush();
        List<Cdr> r = new java.util.ArrayList<>(new CdrStore(db).recent(100));
        java.util.Collections.reverse(r);
        return r;
    }

    private Cdr onlyCdr() {
        List<Cdr> all = cdrsOldestFirst();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private void connect(FakeLeg from, FakeLeg to) {
        engine.originate(from, to.number());
        clock.advance(2000);
        engine.answered(to);
    }

    @Test
    void answeredCallClearedByTheCallerIsNormalClearing16() {
        connect(a, b);
        assertTrue(a.events.contains("connect") && b.events.contains("connect"));
        clock.advance(5000);
        engine.hungUp(a);
        assertTrue(b.events.contains("release 16"), "the callee is released with 16");
        assertFalse(a.events.stream().anyMatch(e -> e.startsWith("release")), "the side that hung up is not released");
        Cdr cdr = onlyCdr();
        assertEquals(Q850.NORMAL_CLEARING, cdr.q850Cause());
        assertTrue(cdr.answered());
        assertEquals(5, cdr.billableSec());
        assertEquals("fxs:fxs1", cdr.srcLeg());
        assertEquals("fxs:fxs2", cdr.dstLeg());
        assertTrue(engine.calls().isEmpty());
        assertTrue(a.events.contains("dispose") && b.events.contains("dispose"));
    }

    @Test
    void calleeHangingUpReleasesTheCallerWith16() {
        connect(a, b);
        engine.hungUp(b);
        assertTrue(a.events.contains("release 16"), a.events.toString());
        assertFalse(b.events.stream().anyMatch(e -> e.startsWith("release")));
        assertEquals(Q850.NORMAL_CLEARING, onlyCdr().q850Cause());
    }

    @Test
    void callingAnUnavailableExtensionIsUserBusy17() {
        b.available = false;
        engine.originate(a, "6001");
        assertFalse(b.alerted(), "a busy extension is not alerted");
        assertTrue(a.events.contains("release 17"));
        Cdr cdr = onlyCdr();
        assertEquals(Q850.USER_BUSY, cdr.q850Cause());
        assertNull(cdr.answer());
        assertEquals("fxs:fxs2", cdr.dstLeg());
    }

    @Test
    void callingAnExtensionAlreadyInACallOrYourselfIsUserBusy17() {
        connect(a, b);
        engine.originate(c, "6001");
        assertTrue(c.events.contains("release 17"), "b is in a call");
        engine.originate(d, "6003");
        assertTrue(d.events.contains("release 17"), "calling yourself");
        List<Cdr> all = cdrsOldestFirst();
        assertEquals(List.of(17, 17), all.stream().map(Cdr::q850Cause).toList());
        assertEquals(1, engine.calls().size(), "the a-b call is untouched");
    }

    @Test
    void anUnknownNumberIsUnallocated1() {
        engine.originate(a, "6999");
        assertTrue(a.events.contains("release 1"));
        Cdr cdr = onlyCdr();
        assertEquals(Q850.UNALLOCATED_NUMBER, cdr.q850Cause());
        assertNull(cdr.dstLeg());
        assertEquals("6999", cdr.calledDialled());
    }

    @Test
    void aRouteWithNoUsableDestinationIsNoRoute3() {
        engine.originate(a, "9123");
        assertTrue(a.events.contains("release 3"), "fxo route but no trunk: " + a.events);
        engine.originate(b, "5123");
        assertTrue(b.events.contains("release 3"), "span route, no E1: " + b.events);
        assertEquals(List.of(3, 3), cdrsOldestFirst().stream().map(Cdr::q850Cause).toList());
    }

    @Test
    void ringingPastTheRingTimeoutIsNoAnswer19() {
        engine.originate(a, "6001");
        assertTrue(b.alerted());
        assertTrue(a.events.contains("ringback"));
        clock.advance(RING_TIMEOUT - 20);
        engine.tick(clock.millis());
        assertEquals(1, engine.calls().size(), "still ringing 20 ms before the timeout");
        clock.advance(20);
        engine.tick(clock.millis());
        assertTrue(engine.calls().isEmpty());
        assertTrue(a.events.contains("release 19") && b.events.contains("release 19"), "both sides released");
        Cdr cdr = onlyCdr();
        assertEquals(Q850.NO_ANSWER, cdr.q850Cause());
        assertNull(cdr.answer());
    }

    @Test
    void aRejectionEndsTheCallWithItsCause() {
        engine.originate(a, "6001");
        engine.rejected(b, Q850.CALL_REJECTED);
        assertTrue(a.events.contains("release 21"));
        assertEquals(Q850.CALL_REJECTED, onlyCdr().q850Cause());
    }

    @Test
    void aTryElsewhereRejectionWithNowhereElseEndsWithThatCause() {
        engine.originate(a, "6001");
        engine.rejected(b, Q850.TEMPORARY_FAILURE);
        assertTrue(a.events.contains("release 41"));
        assertEquals(Q850.TEMPORARY_FAILURE, onlyCdr().q850Cause());
    }

    @Test
    void aLegThatKnowsWhyItWentAwayGivesItsCause() {
        connect(a, b);
        engine.hungUp(b, Q850.USER_BUSY); // an FXO line heard busy tone
        assertTrue(a.events.contains("release 17"));
        assertEquals(Q850.USER_BUSY, onlyCdr().q850Cause());
    }

    @Test
    void aFaultedPortClearsItsCallWithTemporaryFailure41AndReleasesTheOtherSide() {
        connect(a, b);
        connect(c, d);
        engine.portFailed(c);
        assertTrue(d.events.contains("release 41"), "the other party is released normally, with 41");
        assertFalse(c.events.stream().anyMatch(e -> e.startsWith("release")), "the faulted port was already reset");
        assertTrue(c.events.contains("dispose"));
        Cdr cdr = onlyCdr();
        assertEquals(Q850.TEMPORARY_FAILURE, cdr.q850Cause());
        assertEquals("fxs:fxs3", cdr.srcLeg());
        assertEquals(1, engine.calls().size(), "a-b goes on");
        engine.portFailed(c); // no call any more: nothing happens
        assertEquals(1, cdrsOldestFirst().size());
    }

    @Test
    void aCallWhoseMediaThrowsIsClearedWith41AndTheOtherCallsKeepTheirMedia() {
        int[] ticks = new int[1];
        FakeLeg broken = new FakeLeg("sip:broken", "7000") {
            @Override public void mediaTick(long now) { throw new IllegalStateException("codec blew up"); }
        };
        FakeLeg healthy = new FakeLeg("sip:healthy", "7001") {
            @Override public void mediaTick(long now) { ticks[0]++; }
        };
        engine.directory().add(broken);
        engine.directory().add(healthy);
        connect(a, broken);
        connect(b, healthy);
        engine.tick(clock.millis());
        assertEquals(1, ticks[0], "the healthy call's media ran in the same tick");
        assertTrue(a.events.contains("release 41"));
        Cdr cdr = onlyCdr();
        assertEquals(Q850.TEMPORARY_FAILURE, cdr.q850Cause());
        assertEquals("sip:broken", cdr.dstLeg());
        engine.tick(clock.millis());
        assertEquals(2, ticks[0]);
    }

    @Test
    void endAllClearsEveryCallWithTheGivenCause() {
        connect(a, b);
        engine.originate(c, "6003");
        engine.endAll(Q850.NORMAL_UNSPECIFIED);
        assertTrue(engine.calls().isEmpty());
        for (FakeLeg l : List.of(a, b, c, d)) assertTrue(l.events.contains("release 31"), l.id + " " + l.events);
        List<Cdr> all = cdrsOldestFirst();
        assertEquals(2, all.size());
        assertTrue(all.stream().allMatch(x -> x.q850Cause() == Q850.NORMAL_UNSPECIFIED));
        assertNotNull(all.get(0).answer());
        assertNull(all.get(1).answer());
    }
}
