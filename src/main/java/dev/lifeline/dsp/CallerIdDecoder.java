package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.time.Year;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Decodes caller-ID spills from 8 kHz linear PCM (what a phone's CID unit does): the virtual
 * phones and FXO ports use it. spandsp adsi_rx demodulates and verifies the checksum.
 * Visual message-waiting indications (MDMF 0x82) are kept for {@link #pollMessageWaiting()};
 * other messages (charge info, ...) are skipped. Times get the current year, as the spill
 * carries none.
 */
public final class CallerIdDecoder implements AutoCloseable {
    /** Decoded messages not yet asked for are bounded: a line cannot grow memory by spilling. */
    private static final int KEEP = 16;
    private final CallerIdStandard standard;
    private final NativeContext ctx;
    private final byte[] msg = new byte[256];
    private final ArrayDeque<CallerId> ids = new ArrayDeque<>();
    private final ArrayDeque<Boolean> lamps = new ArrayDeque<>();

    public CallerIdDecoder(CallerIdStandard standard) {
        Dsp.ensureAvailable();
        this.standard = Objects.requireNonNull(standard, "standard");
        this.ctx = new NativeContext(this, standard + " caller-ID decoder",
                Native.cidRxNew0(CallerIdCodec.adsiStandard(standard)), Native::cidRxFree0);
    }

    public synchronized void process(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        try {
            Native.check(Native.cidRxProcess0(ctx.handle(), pcm, off, len), "caller-ID decoding");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The next decoded caller ID, or null. */
    public synchronized CallerId poll() {
        drain();
        return ids.poll();
    }

    /** The next decoded visual message-waiting indication (TRUE lamp on, FALSE off), or null. */
    public synchronized Boolean pollMessageWaiting() {
        drain();
        return lamps.poll();
    }

    /** Moves the messages spandsp has verified into the two queues, in arrival order. */
    private void drain() {
        try {
            long h = ctx.handle();
            int n;
            while ((n = Native.check(Native.cidRxPoll0(h, msg), "caller-ID poll")) > 0) {
                CallerId id = CallerIdCodec.decode(standard, msg, n, Year.now().getValue());
                if (id != null) {
                    if (ids.size() < KEEP) ids.add(id);
                    continue;
                }
                Boolean lamp = standard == CallerIdStandard.DTMF ? null : MessageWaitingSpill.decode(msg, n);
                if (lamp != null && lamps.size() < KEEP) lamps.add(lamp);
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized void close() { ctx.close(); }
}
