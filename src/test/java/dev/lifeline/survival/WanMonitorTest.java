package dev.lifeline.survival;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.SurvivalConfig;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.tdm.TransitionTable;
import dev.lifeline.util.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The mode machine driven by the WAN monitor on a manual clock: no sleeping, exact timings. */
class WanMonitorTest {
    private static final long STEP = 10;
    private final ManualClock clock = new ManualClock();
    private final FakeHq hq = new FakeHq(clock);
    private final ModeMachine machine = new ModeMachine(clock);
    private final List<String> changes = new ArrayList<>();
    private WanMonitor monitor;

    private WanMonitor monitor(SurvivalConfig cfg, String... hosts) {
        List<UpstreamConfig.Server> servers = new ArrayList<>();
        for (String h : hosts) servers.add(FakeHq.server(h));
        machine.addListener((from, to, cause) -> changes.add(from + "->" + to));
        monitor = new WanMonitor(new UpstreamConfig(servers), cfg, clock, hq, machine);
        return monitor;
    }

    private WanMonitor monitor(String... hosts) { return monitor(SurvivalConfig.DEFAULTS, hosts); }

    /** Advances time in 10 ms steps, delivering answers and ticking; checks {@code invariant} at every step. */
    private void run(long ms, BooleanSupplier invariant) {
        for (long t = 0; t < ms; t += STEP) {
            clock.advance(STEP);
            hq.deliver();
            monitor.tick();
            if (invariant != null) assertTrue(invariant.getAsBoolean(), "invariant broken at " + clock.millis() + " ms, mode " + machine.mode());
        }
    }

    private void run(long ms) { run(ms, null); }

    /** Runs until {@code mode}; returns how long it took. */
    private long runUntil(Mode mode, long maxMs) {
        long start = clock.millis();
        while (machine.mode() != mode) {
            assertTrue(clock.millis() - start <= maxMs, "no " + mode + " within " + maxMs + " ms (still " + machine.mode() + ")");
            run(STEP);
        }
        return clock.millis() - start;
    }

    @Test
    void wanLossIsDetectedAfterNMissesWithinBudget() {
        monitor("hq1");
        run(5_000, () -> machine.mode() == Mode.NORMAL);
        assertTrue(hq.sent >= 5, "probes sent every second: " + hq.sent);
        hq.cutAll();
        long took = runUntil(Mode.SURVIVAL, 10_000);
        SurvivalConfig d = SurvivalConfig.DEFAULTS;
        assertTrue(took <= d.detectionBudgetMs() + STEP, "detected in " + took + " ms");
        assertTrue(took >= (d.probeMisses() - 1) * d.probeIntervalMs(), "needs " + d.probeMisses() + " misses: " + took + " ms");
        assertTrue(took < 5_000, "DESIGN §7 target: under 5 s");
        assertFalse(monitor.wanUp());
        TransitionTable.Transition<Mode> t = machine.history().get(0);
        assertEquals(Mode.NORMAL, t.from());
        assertEquals(Mode.SURVIVAL, t.to());
        assertTrue(t.cause().contains("hq1:5060 3 misses"), t.cause());
    }

    @Test
    void fewerMissesThanNDoNotLeaveNormal() {
        monitor("hq1");
        run(2_000);
        hq.cutAll();
        run(2_000); // two probes lost
        hq.restoreAll();
        run(10_000, () -> machine.mode() == Mode.NORMAL);
        assertTrue(changes.isEmpty(), changes.toString());
    }

    @Test
    void recoveryWaitsForTheHoldDown() {
        monitor("hq1");
        run(1_000);
        hq.cutAll();
        runUntil(Mode.SURVIVAL, 5_000);
        run(10_000, () -> machine.mode() == Mode.SURVIVAL);
        hq.restoreAll();
        long toRecovering = runUntil(Mode.RECOVERING, 2_000);
        assertTrue(toRecovering <= SurvivalConfig.DEFAULTS.probeIntervalMs() + hq.rttMs + STEP, "answered at once: " + toRecovering);
        assertTrue(monitor.wanUp());
        long held = runUntil(Mode.NORMAL, 40_000);
        assertTrue(held >= 29_990 && held <= 30_000 + STEP, "hold-down of 30 s: " + held);
        assertEquals(List.of("NORMAL->SURVIVAL", "SURVIVAL->RECOVERING", "RECOVERING->NORMAL"), changes);
        assertTrue(machine.history().get(2).cause().contains("hold-down"), machine.history().get(2).cause());
    }

    @Test
    void aFailedProbeDuringTheHoldDownGoesBackToSurvival() {
        monitor("hq1");
        hq.cutAll();
        runUntil(Mode.SURVIVAL, 5_000);
        hq.restoreAll();
        runUntil(Mode.RECOVERING, 2_000);
        run(10_000);
        hq.cutAll();
        long back = runUntil(Mode.SURVIVAL, 2_000);
        assertTrue(back <= 1_000 + 500 + STEP, "one miss is enough during recovery: " + back);
        hq.restoreAll();
        runUntil(Mode.RECOVERING, 2_000);
        long held = runUntil(Mode.NORMAL, 40_000);
        assertTrue(held >= 29_990, "hold-down starts again: " + held);
    }

    @Test
    void flappingWanDoesNotFlapTheMode() {
        monitor("hq1");
        hq.cutAll();
        runUntil(Mode.SURVIVAL, 5_000);
        int before = changes.size();
        BooleanSupplier neverNormal = () -> machine.mode() != Mode.NORMAL;
        for (int i = 0; i < 10; i++) {
            hq.restoreAll();
            run(2_000, neverNormal);
            hq.cutAll();
            run(2_000, neverNormal);
        }
        assertTrue(changes.subList(before, changes.size()).stream().allMatch(c -> c.equals("SURVIVAL->RECOVERING")
                || c.equals("RECOVERING->SURVIVAL")), changes.toString());
        assertFalse(changes.subList(before, changes.size()).contains("RECOVERING->NORMAL"));
        hq.restoreAll();
        runUntil(Mode.NORMAL, 35_000);
    }

    @Test
    void oneAnsweringServerKeepsTheWanUp() {
        monitor("hq1", "hq2");
        run(1_000);
        hq.cut("hq1");
        run(20_000, () -> machine.mode() == Mode.NORMAL);
        assertTrue(monitor.wanUp());
        hq.cut("hq2");
        runUntil(Mode.SURVIVAL, 5_000);
        // hq2 comes back, hq1 stays dead: its misses do not hold the recovery back
        hq.restore("hq2");
        runUntil(Mode.RECOVERING, 2_000);
        long held = runUntil(Mode.NORMAL, 40_000);
        assertTrue(held < 31_000, "hold-down not disturbed by hq1: " + held);
    }

    @Test
    void answersAfterTheTimeoutAreMisses() {
        monitor("hq1");
        hq.rttMs = 600; // later than the 500 ms probe timeout
        long took = runUntil(Mode.SURVIVAL, 5_000);
        assertTrue(took <= SurvivalConfig.DEFAULTS.detectionBudgetMs() + STEP, took + " ms");
    }

    @Test
    void anyStatusProvesTheServerIsThere() {
        monitor("hq1");
        hq.status = 503;
        run(20_000, () -> machine.mode() == Mode.NORMAL);
    }

    @Test
    void upstreamTimeoutsCountAsMisses() {
        monitor("hq1");
        run(1_200);
        hq.cutAll();
        // the registration / call layer saw three transactions to HQ time out
        monitor.reportUpstreamTimeout("hq1", 5060);
        monitor.reportUpstreamTimeout(FakeHq.server("hq1"));
        assertEquals(Mode.NORMAL, machine.mode());
        monitor.reportUpstreamTimeout("HQ1", 5060);
        assertEquals(Mode.SURVIVAL, machine.mode(), "before the next probe was even due");
        monitor.reportUpstreamTimeout("elsewhere", 5060); // not HQ: ignored
        assertTrue(machine.history().get(0).cause().contains("upstream transaction timeout"), machine.history().get(0).cause());
    }

    @Test
    void forcedSurvivalHoldsUntilReleased() {
        monitor("hq1");
        run(1_000);
        monitor.force(Mode.SURVIVAL, "controller");
        assertEquals(Mode.SURVIVAL, machine.mode());
        run(60_000, () -> machine.mode() == Mode.SURVIVAL);
        assertTrue(monitor.wanUp(), "probes go on while forced");
        assertEquals(Mode.SURVIVAL, monitor.forced().orElseThrow());
        monitor.release();
        assertEquals(Mode.RECOVERING, machine.mode(), "HQ answers: recover through the hold-down");
        assertTrue(monitor.forced().isEmpty());
        runUntil(Mode.NORMAL, 31_000);
        assertEquals("forced: controller", machine.history().get(0).cause());
    }

    @Test
    void forcedNormalHoldsDuringAnOutage() {
        monitor("hq1");
        hq.cutAll();
        monitor.force(Mode.NORMAL, "test");
        run(20_000, () -> machine.mode() == Mode.NORMAL);
        assertFalse(monitor.wanUp());
        monitor.release();
        assertEquals(Mode.SURVIVAL, machine.mode());
        assertThrows(IllegalArgumentException.class, () -> monitor.force(Mode.RECOVERING, "no"));
    }

    @Test
    void forcingNormalEndsSurvivalAtOnce() {
        monitor("hq1");
        hq.cutAll();
        runUntil(Mode.SURVIVAL, 5_000);
        monitor.force(Mode.NORMAL, "operator");
        assertEquals(List.of("NORMAL->SURVIVAL", "SURVIVAL->NORMAL"), changes);
        run(5_000, () -> machine.mode() == Mode.NORMAL);
    }

    @Test
    void noUpstreamMeansNoProbesAndNormal() {
        monitor();
        run(10_000, () -> machine.mode() == Mode.NORMAL);
        assertEquals(0, hq.sent);
        assertTrue(monitor.wanUp());
    }

    @Test
    void tableAllowsOnlyTheDeclaredTransitions() {
        assertTrue(ModeMachine.TABLE.allows(Mode.NORMAL, Mode.SURVIVAL));
        assertFalse(ModeMachine.TABLE.allows(Mode.NORMAL, Mode.RECOVERING));
        assertTrue(ModeMachine.TABLE.allows(Mode.SURVIVAL, Mode.RECOVERING));
        assertTrue(ModeMachine.TABLE.allows(Mode.RECOVERING, Mode.SURVIVAL));
        assertTrue(ModeMachine.TABLE.allows(Mode.RECOVERING, Mode.NORMAL));
        ModeMachine m = new ModeMachine(clock);
        assertThrows(IllegalStateException.class, () -> m.go(Mode.RECOVERING, "not declared"));
        assertFalse(m.go(Mode.NORMAL, "already there"));
        assertTrue(m.history().isEmpty());
    }

    @Test
    void eachProbeOutcomeFeedsTheHqHealthViewSoTheAnsweringServerIsChosen() {
        monitor("hq1", "hq2");
        dev.lifeline.sip.upstream.HqHealth health = new dev.lifeline.sip.upstream.HqHealth(
                List.of(FakeHq.server("hq1"), FakeHq.server("hq2")), clock, 10_000);
        monitor.addServerListener((server, answered) -> {
            if (answered) health.probeAnswered(server);
            else health.probeMissed(server);
        });
        hq.cut("hq1");
        run(1_000);
        assertEquals(java.util.Optional.of(FakeHq.server("hq2")), health.current(), "hq1 missed its probe, hq2 answered");
        assertEquals(Mode.NORMAL, machine.mode(), "one server answering keeps the branch NORMAL");
        hq.restore("hq1");
        run(2_000); // the next probe round
        assertEquals(java.util.Optional.of(FakeHq.server("hq1")), health.current(), "hq1 answers again: preferred again");
        monitor.reportUpstreamTimeout(FakeHq.server("hq1"));
        assertEquals(List.of(FakeHq.server("hq2"), FakeHq.server("hq1")), health.ranked(),
                "an upstream timeout counts as a miss for the view too");
    }
}
