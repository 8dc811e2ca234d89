package dev.lifeline.call;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.HuntGroup;
import dev.lifeline.config.HuntGroup.Strategy;
import dev.lifeline.config.ServicesConfig;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import dev.lifeline.util.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt groups and call pickup in the call engine, with fake legs and a manual clock: each
 * strategy's order, a member absent or busy, the per-member timeout, overflow, the first answer
 * winning, and pickup (group, directed, nothing ringing, a hunt member ringing).
 */
class HuntGroupTest {
    private final ManualClock clock = new ManualClock();
    private final List<Runnable> later = new ArrayList<>();
    private Database db;
    private CdrRecorder cdrs;
    private CallEngine engine;
    private Directory dir;
    private HuntOrder order;
    private RouterTest.FakeLeg caller, a, b, c, lobby, sip;

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        db = Database.open(tmp.resolve("lifeline.db"));
        cdrs = new CdrRecorder(new CdrStore(db), dev.lifeline.store.CdrSpool.in(tmp), dev.lifeline.util.Clock.SYSTEM, CdrBacklog.Health.NONE);
        dir = new Directory();
        engine = new CallEngine(clock, "gw1", dir, n -> n, 60_000, cdrs, () -> "normal");
        caller = new RouterTest.FakeLeg("fxs:fxs4", "6003");
        a = new RouterTest.FakeLeg("fxs:fxs1", "6000");
        b = new RouterTest.FakeLeg("fxs:fxs2", "6001");
        c = new RouterTest.FakeLeg("fxs:fxs3", "6002");
        lobby = new RouterTest.FakeLeg("fxs:fxs5", "6009");
        sip = new RouterTest.FakeLeg("sip:7000", "7000");
        for (Leg l : List.of(caller, a, b, c, lobby, sip)) dir.add(l);
        ServicesConfig cfg = new ServicesConfig(ServicesConfig.DEFAULT_CODES, 20_000, Map.of(), Map.of(),
                Map.of("6000", "front", "6001", "front", "6003", "front"));
        engine.setServices(new LineServices(cfg, null, clock, ToneZone.forName("us"), later::add));
        order = new HuntOrder();
    }

    @AfterEach
    void tearDown() {
        cdrs.close();
        db.close();
    }

    private void group(Strategy s, String overflow, String... members) {
        order.addTo(dir, List.of(new HuntGroup("6100", s, List.of(members), 15_000, overflow)), engine, later::add);
    }

    private void runLater() {
        while (!later.isEmpty()) later.remove(0).run();
    }

    private void advance(long ms) {
        clock.advance(ms);
        engine.tick(clock.millis());
        runLater();
    }

    private Cdr lastCdr() {
        cdrs.flush();
        return new CdrStore(db).recent(1).get(0);
    }

    private static long alerts(RouterTest.FakeLeg l) { return l.events.stream().filter(e -> e.startsWith("alert")).count(); }

    @Test
    void linearSkipsTheAbsentMemberRingsEachInTurnAndOverflows() {
        group(Strategy.LINEAR, "6009", "7000", "6000", "6001");
        engine.originate(caller, "6100");
        runLater();
        assertEquals(1, alerts(sip), "7000 is offered first");
        assertFalse(a.alerted());
        engine.rejected(sip, Q850.NO_USER_RESPONDING); // not registered: 480
        assertTrue(a.alerted(), "the absent SIP user is given up at once: 6000 rings");
        advance(14_000);
        assertFalse(b.alerted());
        advance(1_000);
        assertTrue(a.events.contains("release " + Q850.NO_ANSWER), "6000 stops ringing after 15 s: " + a.events);
        assertTrue(b.alerted(), "then 6001 rings");
        advance(15_000);
        assertTrue(lobby.alerted(), "nobody answered: overflow to 6009");
        engine.answered(lobby);
        engine.hungUp(caller);
        Cdr cdr = lastCdr();
        assertEquals("fxs:fxs5", cdr.dstLeg());
        assertEquals("6100", cdr.forwardedFrom(), "the CDR says the pilot sent it on");
    }

    @Test
    void ringAllRingsEveryFreeMemberAndTheFirstAnswerWins() {
        group(Strategy.RING_ALL, null, "6000", "6001", "6002");
        c.available = false; // off hook
        engine.originate(caller, "6100");
        assertTrue(a.alerted() && b.alerted());
        assertFalse(c.alerted(), "a busy member is skipped");
        engine.answered(b);
        assertTrue(a.events.contains("release " + Q850.NON_SELECTED_USER_CLEARING), a.events.toString());
        assertTrue(b.events.contains("connect") && caller.events.contains("connect"));
        assertEquals(b, engine.calls().get(0).callee(), "the member that answered is the callee");
        engine.answered(a); // too late: not a member any more, nothing happens
        engine.hungUp(b);
        Cdr cdr = lastCdr();
        assertEquals("fxs:fxs2", cdr.dstLeg());
        assertNotNull(cdr.answer());
    }

    @Test
    void everyMemberBusyAndNoOverflowGivesBusy() {
        group(Strategy.LINEAR, null, "6000", "6001");
        a.available = false;
        b.available = false;
        engine.originate(caller, "6100");
        runLater();
        assertTrue(caller.events.contains("release " + Q850.USER_BUSY), caller.events.toString());
        assertEquals(Q850.USER_BUSY, lastCdr().q850Cause());
    }

    @Test
    void noAnswerAndNoOverflowEndsWithNoAnswer() {
        group(Strategy.RING_ALL, null, "6000", "6001");
        engine.originate(caller, "6100");
        advance(15_000);
        assertTrue(caller.events.contains("release " + Q850.NO_ANSWER), caller.events.toString());
        assertTrue(a.events.contains("release " + Q850.NO_ANSWER) && b.events.contains("release " + Q850.NO_ANSWER));
    }

    @Test
    void circularStartsAfterTheMemberOfferedTheLastCall() {
        group(Strategy.CIRCULAR, null, "6000", "6001", "6002");
        engine.originate(caller, "6100");
        assertTrue(a.alerted());
        engine.answered(a);
        engine.hungUp(caller);
        engine.originate(caller, "6100");
        assertTrue(b.alerted(), "the next call starts at 6001");
        assertEquals(1, alerts(a));
        engine.hungUp(caller);
        assertTrue(b.events.contains("release 16"), "the caller gave up: 6001 stops ringing");
        engine.originate(caller, "6100");
        assertTrue(c.alerted(), "then 6002");
        engine.hungUp(caller);
        engine.originate(caller, "6100");
        assertEquals(2, alerts(a), "and round to 6000 again");
    }

    @Test
    void longestIdleOffersTheMemberWhoseLastCallEndedLongestAgo() {
        group(Strategy.LONGEST_IDLE, null, "6000", "6001", "6002");
        engine.originate(b, "6000"); // 6001 and 6000 talk, ending at t=10s
        engine.answered(a);
        clock.advance(10_000);
        engine.hungUp(b);
        engine.originate(caller, "6002"); // then 6002, ending at t=20s
        engine.answered(c);
        clock.advance(10_000);
        engine.hungUp(caller);
        engine.originate(sip, "6100");
        assertEquals(2, alerts(a), "6000 and 6001 ended at the same time; 6000 is first in the list");
        assertFalse(c.alerted() && alerts(c) > 1);
        advance(15_000);
        assertEquals(1, alerts(b), "then 6001 (it had only placed a call)");
        assertEquals(1, alerts(c), "6002, idle the shortest, last");
        advance(15_000);
        assertEquals(2, alerts(c));
    }

    @Test
    void groupPickupConnectsThePickerAndTheCdrNamesIt() {
        engine.originate(b, "6000");
        assertTrue(a.alerted());
        engine.originate(caller, "*8"); // 6003 is in 6000's group
        assertTrue(a.events.contains("release " + Q850.NON_SELECTED_USER_CLEARING), a.events.toString());
        assertTrue(caller.events.contains("connect") && b.events.contains("connect"));
        assertEquals(1, engine.calls().size(), "the pickup dial leaves no call of its own");
        engine.hungUp(caller);
        Cdr cdr = lastCdr();
        assertEquals("fxs:fxs4", cdr.dstLeg());
        assertEquals("fxs:fxs2", cdr.srcLeg());
    }

    @Test
    void groupPickupDoesNotReachOutsideTheGroupButDirectedPickupDoes() {
        engine.originate(b, "6002"); // 6002 is in no group
        engine.originate(caller, "*8");
        assertTrue(caller.events.contains("release " + Q850.SUBSCRIBER_ABSENT), "nothing to pick up: " + caller.events);
        assertFalse(c.events.stream().anyMatch(e -> e.startsWith("release")), "6002 still rings");
        caller.events.clear();
        engine.originate(caller, "**6002");
        assertTrue(c.events.contains("release " + Q850.NON_SELECTED_USER_CLEARING));
        assertTrue(caller.events.contains("connect"));
    }

    @Test
    void pickupOfAHuntGroupMemberStopsTheWholeHunt() {
        group(Strategy.RING_ALL, null, "6000", "6002");
        engine.originate(b, "6100");
        engine.originate(caller, "**6002");
        assertTrue(a.events.contains("release " + Q850.NON_SELECTED_USER_CLEARING), a.events.toString());
        assertTrue(c.events.contains("release " + Q850.NON_SELECTED_USER_CLEARING), c.events.toString());
        assertTrue(caller.events.contains("connect") && b.events.contains("connect"));
        advance(20_000);
        assertEquals(1, alerts(a), "the hunt does not go on");
        engine.hungUp(b);
        assertEquals("fxs:fxs4", lastCdr().dstLeg());
    }
}
