package dev.lifeline.tdm;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.dsp.ModemTone;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import dev.lifeline.rig.audio.Hybrid;
import dev.lifeline.rig.audio.SpeechLike;
import org.junit.jupiter.api.Test;

/**
 * A port wrapped with its echo control, driven tick by tick as AnalogLines does (read, then
 * write), against a line whose hybrid answers each frame in the next tick, or later when the
 * driver says so.
 */
class LineEchoTest {
    /** A line with a hybrid: what is written comes back as echo, {@code lag} ticks later, plus what the device says. */
    private static final class HybridLine implements LinePort {
        final Hybrid hybrid = new Hybrid(8, 6);
        final java.util.ArrayDeque<short[]> replies = new java.util.ArrayDeque<>();
        short[] says = new short[FRAME_SAMPLES];
        int lag = 1;

        @Override public String id() { return "fxs9"; }
        @Override public PortKind kind() { return PortKind.FXS; }
        @Override public boolean isDeviceConnected() { return true; }
        @Override public void setRinging(boolean on) { }
        @Override public void setPolarity(boolean reversed) { }
        @Override public void setHook(boolean offHook) { }
        @Override public void reportError(String text) { }
        @Override public int echoLagFrames() { return lag; }

        @Override public short[] readFrame() {
            short[] r = replies.size() >= lag ? replies.poll() : new short[FRAME_SAMPLES];
            for (int i = 0; i < r.length; i++) r[i] += says[i];
            return r;
        }

        @Override public void writeFrame(short[] pcm) { replies.add(hybrid.echo(pcm)); }
    }

    private static double meanSquare(short[] a) {
        double s = 0;
        for (short v : a) s += (double) v * v;
        return s / a.length;
    }

    /** Runs {@code ticks} of far-end speech through the port; returns the mean echo power read over the last 25 ticks. */
    private static double run(LinePort port, SpeechLike far, int ticks) {
        double tail = 0;
        for (int t = 0; t < ticks; t++) {
            short[] rx = port.readFrame();
            if (t >= ticks - 25) tail += meanSquare(rx);
            port.writeFrame(far.next(160));
        }
        return tail / 25;
    }

    @Test
    void cancelsTheLinesEchoAndFollowsTheDriversLag() {
        HybridLine line = new HybridLine();
        try (LineEchoes echoes = new LineEchoes()) {
            LinePort port = echoes.wrap(line, 16);
            SpeechLike far = new SpeechLike(11, -16);
            double echoPower = 0;
            for (int t = 0; t < 25; t++) echoPower += meanSquare(line.hybrid.echo(new SpeechLike(11, -16).next(160))) / 25;
            double residual = run(port, far, 150);
            assertTrue(residual < echoPower / 1000, "30 dB down after 3 s: residual " + residual + " vs echo " + echoPower);
            line.lag = 2; // the reply to one frame missed its tick: from now on each reply is a tick older
            line.replies.addFirst(new short[160]);
            double afterSlip = run(port, far, 30); // from the 5th tick after the slip on
            assertTrue(afterSlip < echoPower / 1000, "still 30 dB down once the driver reports the lag: " + afterSlip);
        }
    }

    @Test
    void answerToneWithPhaseReversalsDisablesItUntilTheLineIsQuiet() {
        HybridLine line = new HybridLine();
        try (LineEchoes echoes = new LineEchoes()) {
            LinePort port = echoes.wrap(line, 16);
            LineEcho echo = echoes.of("fxs9");
            assertTrue(echo.active());
            short[] ans = dev.lifeline.dsp.ModemToneDetectorTest.answerTone(3000, true);
            for (int off = 0; off < ans.length; off += 160) {
                line.says = java.util.Arrays.copyOfRange(ans, off, off + 160);
                port.readFrame();
                port.writeFrame(new short[160]);
            }
            assertFalse(echo.active(), "disabled by ANS/ from the line");
            assertTrue(echo.lastTone() == ModemTone.ANS_PR || echo.lastTone() == ModemTone.ANSAM_PR, "tone " + echo.lastTone());
            line.says = new short[160];
            for (int t = 0; t < 10; t++) {
                port.readFrame();
                port.writeFrame(new short[160]);
            }
            assertFalse(echo.active(), "200 ms of quiet is not yet the release");
            for (int t = 0; t < 5; t++) {
                port.readFrame();
                port.writeFrame(new short[160]);
            }
            assertTrue(echo.active(), "back on after 250 ms without signal");
        }
    }

    @Test
    void dataModeStepsAsideUntilVoiceModeAndPassesTheLineUntouched() {
        HybridLine line = new HybridLine();
        try (LineEchoes echoes = new LineEchoes()) {
            LinePort port = echoes.wrap(line, 16);
            run(port, new SpeechLike(3, -16), 100);
            echoes.dataMode("fxs9", "fax (test)");
            assertFalse(echoes.of("fxs9").active());
            SpeechLike far = new SpeechLike(4, -16);
            double passed = run(port, far, 30);
            assertTrue(passed > 1000, "the echo is heard again in data mode: " + passed);
            echoes.voiceMode("fxs9", "fax over");
            assertTrue(echoes.of("fxs9").active());
        }
    }

    @Test
    void aFailingCancellerPassesTheLineThroughInsteadOfStoppingTheTick() {
        HybridLine line = new HybridLine();
        LineEchoes echoes = new LineEchoes();
        LinePort port = echoes.wrap(line, 16);
        echoes.close(); // its native contexts are gone: every call into it now throws
        line.says = new SpeechLike(8, -20).next(160);
        short[] expected = line.says.clone();
        port.writeFrame(new short[160]);
        assertArrayEquals(expected, port.readFrame(), "the line's audio, uncancelled");
        port.writeFrame(new short[160]);
        assertEquals(1, line.replies.size(), "what the module writes still reaches the line");
    }

    @Test
    void noTailNoCanceller() {
        HybridLine line = new HybridLine();
        try (LineEchoes echoes = new LineEchoes()) {
            assertSame(line, echoes.wrap(line, 0));
            assertNull(echoes.of("fxs9"));
            echoes.dataMode("fxs9", "nothing to switch"); // no-op, no exception
        }
    }
}
