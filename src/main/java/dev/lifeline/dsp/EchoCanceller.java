package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.util.Objects;

/**
 * The line echo canceller of one 2-wire channel (G.168 style, native/src/echo.c; not spandsp's
 * {@code echo_can}, whose 0.0.6 build prints to stdout per sample and silences near-end speech,
 * see docs/dsp.md).
 * A 2-wire line's hybrid reflects part of what the gateway sends back into what it receives;
 * after the packet network's delay the far party hears that as an echo of their own voice. The
 * canceller models the hybrid's impulse response with adaptive FIR filters (NLMS, two-path, so
 * double talk cannot make it diverge) as long as the tail and subtracts its estimate of the echo; the non-linear processor (NLP) then removes the
 * residue while only the far end talks, and comfort noise fills what the NLP removed so the line
 * does not sound dead.
 *
 * <p>Each sample of {@code rx} must be paired with the {@code tx} sample that was on the wire at
 * the same instant (the echo then lies within the tail). One instance per channel; calls are
 * synchronized only so that {@link #close} cannot free the context mid-call.
 */
public final class EchoCanceller implements AutoCloseable {
    /** Mode bits of native/src/echo.c. */
    static final int ADAPTION = 0x01, NLP = 0x02, CNG = 0x04, DISABLE = 0x80;

    /** What the canceller does to the received audio. */
    public enum Mode {
        /** Adapts, NLP and comfort noise on: the mode for speech. */
        VOICE(ADAPTION | NLP | CNG),
        /** Adapts and subtracts the echo estimate only: no NLP, no noise (G.168's convergence measurements). */
        LINEAR(ADAPTION),
        /** Passes rx through untouched: modems and fax must see the line as it is. */
        DISABLED(DISABLE);

        final int bits;

        Mode(int bits) { this.bits = bits; }
    }

    /** Shortest and longest tail accepted, in ms. */
    public static final int MIN_TAIL_MS = 2, MAX_TAIL_MS = 128;

    private final NativeContext ctx;
    private final int tailMs;
    private Mode mode;

    /** @throws IllegalArgumentException when the tail is outside 2..128 ms */
    public EchoCanceller(int tailMs, Mode mode) {
        if (tailMs < MIN_TAIL_MS || tailMs > MAX_TAIL_MS) {
            throw new IllegalArgumentException("echo tail " + tailMs + " ms outside " + MIN_TAIL_MS + ".." + MAX_TAIL_MS);
        }
        Dsp.ensureAvailable();
        this.tailMs = tailMs;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.ctx = new NativeContext(this, "echo canceller", Native.echoNew0(tailMs * 8, mode.bits), Native::echoFree0);
    }

    public int tailMs() { return tailMs; }

    public synchronized Mode mode() { return mode; }

    /**
     * Removes the echo of {@code tx[txOff..+len)} from {@code rx[rxOff..+len)} in place. tx is
     * what was sent to the line, rx what came back at the same instants.
     */
    public synchronized void cancel(short[] tx, int txOff, short[] rx, int rxOff, int len) {
        Objects.checkFromIndexSize(txOff, len, tx.length);
        Objects.checkFromIndexSize(rxOff, len, rx.length);
        try {
            Native.check(Native.echoUpdate0(ctx.handle(), tx, txOff, rx, rxOff, len), "echo cancel");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Switches mode; the learnt echo path is kept, so going back to VOICE needs no reconvergence. */
    public synchronized void setMode(Mode newMode) {
        Objects.requireNonNull(newMode, "mode");
        try {
            Native.check(Native.echoMode0(ctx.handle(), newMode.bits), "echo mode");
            mode = newMode;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Forgets the learnt echo path (a new call on the line may have another one). */
    public synchronized void reset() {
        try {
            Native.check(Native.echoFlush0(ctx.handle()), "echo flush");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized void close() { ctx.close(); }
}
