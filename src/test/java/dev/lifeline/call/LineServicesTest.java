package dev.lifeline.call;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.ServicesConfig;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import dev.lifeline.store.ServiceStates;
import dev.lifeline.util.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supplementary services in the call engine: feature codes switch forwarding and DND (kept in
 * SQLite), forwarding always / on busy / on no answer with loop detection, DND busy, barring
 * by class with emergency numbers always allowed, and the CDR naming who forwarded.
 */
class LineServicesTest {
    private final ManualClock clock = new ManualClock();
    private final List<Runnable> later = new ArrayList<>();
    private Database db;
    private CdrRecorder cdrs;
    private CallEngine engine;
    private LineServices services;
    private RouterTest.FakeLeg a, b, c;

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        db = Database.open(tmp.resolve("lifeline.db"));
        cdrs = new CdrRecorder(new CdrStore(db), dev.lifeline.store.CdrSpool.in(tmp), dev.lifeline.util.Clock.SYSTEM, CdrBacklog.Health.NONE);
        Directory dir = new Directory();
        engine = new CallEngine(clock, "gw1", dir, n -> n.startsWith("0") ? "+1" + n.substring(1) : n, 60_000, cdrs, () -> "normal");
        a = new RouterTest.FakeLeg("fxs:fxs1", "6000");
        b = new RouterTest.FakeLeg("fxs:fxs2", "6001");
        c = new RouterTest.FakeLeg("fxs:fxs3", "6002");
        dir.add(a);
        dir.add(b);
        dir.add(c);
        ServicesConfig cfg = new ServicesConfig(ServicesConfig.DEFAULT_CODES, 20_000,
                Map.of("international", List.of(Pattern.compile("^\\+(?!1)"))),
                Map.of("6002", new ServicesConfig.ExtensionServices(null, null, 0, List.of("international"), null)));
        services = new LineServices(cfg, new ServiceStates(db), clock, ToneZone.forName("us"), later::add);
        engine.setServices(services);
        engine.router().setPstn(new PstnRoute(new TrunkGroup(List.of()), "0", List.of("911"), List.of()));
    }

    @AfterEach
    void tearDown() {
        cdrs.close();
        db.close();
    }

    private void runLater() {
        while (!later.isEmpty()) later.remove(0).run();
    }

    private Cdr lastCdr() {
        cdrs.flush();
        return new CdrStore(db).recent(1).get(0);
    }

    /** Dials a feature code from {@code leg} and lets the confirmation run out. */
    private void feature(RouterTest.FakeLeg leg, String code) {
        engine.originate(leg, code);
        runLater(); // answered
        clock.advance(FeatureLeg.HOLD_MS);
        engine.tick(clock.millis());
        runLater(); // hung up
        assertTrue(engine.calls().isEmpty(), "the feature call ended");
    }

    @Test
    void forwardAlwaysIsSwitchedByCodeStoredAndFollowedThenSwitchedOff() {
        feature(a, "*726002");
        assertEquals("6002", services.state("6000").cfu());
        assertEquals("6002", new ServiceStates(db).all().get("6000").cfu(), "committed to SQLite");
        assertEquals("feature:cfu-on", lastCdr().dstLeg());
        engine.originate(b, "6000");
        assertFalse(a.alerted(), "6000 does not ring");
        assertTrue(c.alerted(), "6002 rings instead");
        assertEquals("alert from 6001", c.events.get(0), "with the original caller's number");
        engine.answered(c);
        engine.hungUp(b);
        assertEquals("6000", lastCdr().forwardedFrom());
        assertEquals("fxs:fxs3", lastCdr().dstLeg());
        feature(a, "*73");
        assertTrue(new ServiceStates(db).all().isEmpty(), "switched off and removed");
        engine.originate(b, "6000");
        assertTrue(a.alerted());
    }

    @Test
    void aForwardWithoutATargetOrToItselfIsRefusedWithReorder() {
        engine.originate(a, "*72");
        runLater();
        assertEquals(ServiceStates.State.NONE, services.state("6000"));
        engine.originate(b, "*726001");
        runLater();
        assertEquals(ServiceStates.State.NONE, services.state("6001"), "not to itself");
    }

    @Test
    void forwardOnBusyAndDoNotDisturb() {
        feature(a, "*906002");
        a.available = false; // 6000 is in a call
        engine.originate(b, "6000");
        assertTrue(c.alerted(), "busy: forwarded to 6002");
        engine.hungUp(b);
        a.available = true;
        feature(c, "*78");
        RouterTest.FakeLeg d = new RouterTest.FakeLeg("fxs:fxs4", "6003");
        engine.originate(d, "6002");
        assertFalse(c.alerted() && c.events.stream().filter(e -> e.startsWith("alert")).count() > 1, "DND: 6002 does not ring");
        assertTrue(d.events.contains("release 17"), "the caller gets busy: " + d.events);
        assertEquals(17, lastCdr().q850Cause());
    }

    @Test
    void forwardOnNoAnswerRingsTheTargetAfterTheTimeout() {
        feature(a, "*926001");
        engine.originate(c, "6000");
        assertTrue(a.alerted());
        clock.advance(19_000);
        engine.tick(clock.millis());
        assertFalse(b.alerted(), "not yet");
        clock.advance(1_000);
        engine.tick(clock.millis());
        assertTrue(a.events.contains("release 19"), "6000 stops ringing: " + a.events);
        assertTrue(b.alerted(), "6001 rings");
        engine.answered(b);
        engine.hungUp(c);
        assertEquals("6000", lastCdr().forwardedFrom());
        assertTrue(lastCdr().answered());
    }

    @Test
    void aForwardingLoopIsNotFollowed() {
        feature(a, "*726001");
        feature(b, "*726000"); // 6000 -> 6001 -> 6000
        engine.originate(c, "6000");
        assertTrue(b.alerted(), "6001 rings: its forward back to 6000 would loop");
        assertFalse(a.alerted());
    }

    @Test
    void barredClassesAreRefusedWithCause21ButEmergencyIsAlwaysAllowed() {
        engine.originate(c, "+442071234567");
        assertTrue(c.events.contains("release 21"), "an international call from 6002 is barred: " + c.events);
        assertEquals(21, lastCdr().q850Cause());
        engine.originate(c, "911");
        assertFalse(c.events.stream().filter(e -> e.equals("release 21")).count() > 1, "911 is not barred");
        assertNotEquals(21, lastCdr().q850Cause());
        engine.originate(a, "+442071234567");
        assertNotEquals(21, lastCdr().q850Cause(), "6000 is not barred");
    }

    @Test
    void stateSurvivesARestart() {
        feature(a, "*726002");
        feature(b, "*78");
        LineServices again = new LineServices(services.config(), new ServiceStates(db), clock, ToneZone.forName("us"), later::add);
        assertEquals("6002", again.state("6000").cfu());
        assertTrue(again.state("6001").dnd());
    }
}
