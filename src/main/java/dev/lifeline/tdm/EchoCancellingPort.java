package dev.lifeline.tdm;

import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import org.tinylog.Logger;

/**
 * An analog port with its line's echo removed: what the signalling module writes is the
 * canceller's reference, what it reads has the echo taken out. Wrapping the port (rather than
 * changing each module) puts the canceller in one place for FXS and FXO alike, where a DSP board
 * would have it: between the line interface and everything above.
 *
 * <p>The tick reads ports outside the per-port fault guard of {@link AnalogLines}, so a canceller
 * that fails (it should not) must not take the tick down: the port is then passed through
 * uncancelled, with one log line.
 */
final class EchoCancellingPort implements LinePort {
    private final LinePort line;
    private final LineEcho echo;
    private final short[] rx = new short[FRAME_SAMPLES];
    private boolean failed;
    private boolean data;

    EchoCancellingPort(LinePort line, LineEcho echo) {
        this.line = line;
        this.echo = echo;
    }

    LineEcho echo() { return echo; }

    @Override public String id() { return line.id(); }
    @Override public PortKind kind() { return line.kind(); }
    @Override public boolean isDeviceConnected() { return line.isDeviceConnected(); }
    @Override public void setRinging(boolean on) { line.setRinging(on); }
    @Override public void setPolarity(boolean reversed) { line.setPolarity(reversed); }
    @Override public void setHook(boolean offHook) { line.setHook(offHook); }
    @Override public void reportError(String text) { line.reportError(text); }
    @Override public int echoLagFrames() { return line.echoLagFrames(); }
    @Override public void steadyTiming(boolean on) { line.steadyTiming(on); }

    @Override
    public short[] readFrame() {
        short[] f = line.readFrame();
        int n = Math.min(f.length, rx.length);
        System.arraycopy(f, 0, rx, 0, n);
        if (n < rx.length) java.util.Arrays.fill(rx, n, rx.length, (short) 0);
        if (failed) return rx;
        try {
            echo.received(rx, line.echoLagFrames());
            if (echo.carriesData() != data) {
                data = !data;
                line.steadyTiming(data); // a modem needs steady timing more than low delay
            }
        } catch (RuntimeException e) {
            fail(e);
            System.arraycopy(f, 0, rx, 0, n); // the line as it came
        }
        return rx;
    }

    @Override
    public void writeFrame(short[] pcm) {
        if (!failed) {
            try {
                echo.sent(pcm);
            } catch (RuntimeException e) {
                fail(e);
            }
        }
        line.writeFrame(pcm);
    }

    private void fail(RuntimeException e) {
        failed = true;
        Logger.error(e, "{}: echo canceller failed; the line goes through uncancelled from now on", id());
    }
}
