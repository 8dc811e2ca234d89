package dev.lifeline.tdm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-port isolation inside the tick, with explicit times: a throwing port is reset, reported,
 * skipped for the rest of its tick and taken out of service after 3 faults in 60 s, while the
 * other ports run every pass; a VirtualMachineError is not swallowed. (The same on the real sim
 * driver with virtual phones: it.PortFaultE2ETest.)
 */
class AnalogLinesTest {
    private final PortFaults faults = new PortFaults(3, 60_000, 300_000);
    private final AnalogLines lines = new AnalogLines(faults);
    private final Line good = new Line("fxs1");
    private final Line bad = new Line("fxs2");
    private final List<String> told = new ArrayList<>();

    AnalogLinesTest() {
        lines.bind(good.port, good);
        lines.bind(bad.port, bad);
        lines.onPortFault(new PortFaultListener() {
            @Override public void portFaulted(PortHealth h) { told.add("fault " + h.portId() + " " + h.state()); }
            @Override public void portHealthChanged(PortHealth h) { told.add("health " + h.portId() + " " + h.state()); }
        });
    }

    @Test
    void aThrowingPortIsResetAndTheOthersRunEveryPassOfTheSameTick() {
        bad.throwIn = "timers";
        lines.onTick(20);
        assertEquals(List.of("in", "timers", "out"), good.passes, "the other port ran all three passes");
        assertEquals(List.of("in", "timers", "reset"), bad.passes, "reset, and no audio out after the fault in that tick");
        assertTrue(bad.port.silenceWritten, "its line got silence instead");
        assertEquals(List.of("fault fxs2 FAULTED"), told);
        assertTrue(faults.inService("fxs2"));
    }

    @Test
    void threeFaultsInTheWindowTakeThePortOutOfServiceUntilTheHoldDownOrTheOperator() {
        bad.throwIn = "audioIn";
        lines.onTick(20);
        lines.onTick(40);
        lines.onTick(60);
        assertEquals(List.of("fault fxs2 FAULTED", "fault fxs2 FAULTED", "fault fxs2 OUT_OF_SERVICE"), told);
        assertFalse(bad.inService, "the channel refuses calls");
        bad.passes.clear();
        lines.onTick(80);
        assertEquals(List.of(), bad.passes, "an out-of-service port is not run");
        lines.onLineEvent(bad.port, LineEvent.ON_HOOK, 90, null);
        assertEquals(List.of("event ON_HOOK"), bad.passes, "but it still follows its hook");
        assertEquals(4, good.passes.stream().filter("out"::equals).count(), "fxs1 had audio out in every tick");

        bad.throwIn = null;
        lines.onTick(60 + 300_000);
        assertTrue(bad.inService, "retried after the hold-down");
        assertEquals("health fxs2 FAULTED", told.getLast());
        lines.onTick(60 + 360_020);
        assertEquals("health fxs2 OK", told.getLast(), "cleared after a quiet window");
    }

    @Test
    void theOperatorReturnsAPortToServiceAtOnce() {
        bad.throwIn = "audioOut";
        for (int i = 1; i <= 3; i++) lines.onTick(i * 20);
        assertFalse(faults.inService("fxs2"));
        bad.throwIn = null;
        lines.returnToService("fxs2", 100);
        assertTrue(faults.inService("fxs2") && bad.inService);
        assertEquals(PortHealth.State.OK, lines.health("fxs2").state());
        assertEquals("health fxs2 OK", told.getLast());
    }

    @Test
    void aResetThatFailsTakesThePortOutAtOnce() {
        bad.throwIn = "timers";
        bad.resetThrows = true;
        lines.onTick(20);
        assertEquals(List.of("fault fxs2 OUT_OF_SERVICE"), told);
    }

    @Test
    void aVirtualMachineErrorIsNotSwallowed() {
        bad.throwIn = "vm";
        assertThrows(StackOverflowError.class, () -> lines.onTick(20));
        assertTrue(told.isEmpty(), "not treated as a port fault");
    }

    private static final class Line implements LineChannel {
        final Port port;
        final List<String> passes = new ArrayList<>();
        String throwIn;
        boolean resetThrows;
        boolean inService = true;

        Line(String id) { this.port = new Port(id); }

        private void pass(String name) {
            passes.add(name);
            if ("vm".equals(throwIn) && name.equals("timers")) throw new StackOverflowError("deep");
            if (name.equals(throwIn == null ? null : switch (throwIn) {
                case "audioIn" -> "in";
                case "audioOut" -> "out";
                default -> throwIn;
            })) throw new IllegalStateException("bug in " + name);
        }

        @Override public String id() { return port.id(); }
        @Override public void onLineEvent(LineEvent event, long atMillis) { passes.add("event " + event); }
        @Override public void audioIn(short[] frame, long now) { pass("in"); }
        @Override public void timers(long now) { pass("timers"); }
        @Override public void audioOut() { pass("out"); }
        @Override public void resetAfterFault(String why, long now) {
            passes.add("reset");
            if (resetThrows) throw new IllegalStateException("reset broken too");
        }
        @Override public void setInService(boolean inService) { this.inService = inService; }
        @Override public void close() { }
    }

    private static final class Port implements LinePort {
        private final String id;
        boolean silenceWritten;
        Port(String id) { this.id = id; }
        @Override public String id() { return id; }
        @Override public PortKind kind() { return PortKind.FXS; }
        @Override public boolean isDeviceConnected() { return true; }
        @Override public void setRinging(boolean on) { }
        @Override public void setPolarity(boolean reversed) { }
        @Override public void setHook(boolean offHook) { }
        @Override public void reportError(String text) { }
        @Override public short[] readFrame() { return new short[FRAME_SAMPLES]; }
        @Override public void writeFrame(short[] pcm) { silenceWritten = true; }
    }
}
