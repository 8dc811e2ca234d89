package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.time.Year;
import java.util.Objects;

/**
 * Decodes caller-ID spills from 8 kHz linear PCM (what a phone's CID unit does): the virtual
 * phones and FXO ports use it. spandsp adsi_rx demodulates and verifies the checksum;
 * messages that are not caller ID (message waiting, ...) are skipped. Times get the current
 * year, as the spill carries none.
 */
public final class CallerIdDecoder implements AutoCloseable {
    private final CallerIdStandard standard;
    private final NativeContext ctx;
    private final byte[] msg = new byte[256];

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

    /** The next decoded message, or null. */
    public synchronized CallerId poll() {
        try {
            long h = ctx.handle();
            int n;
            while ((n = Native.check(Native.cidRxPoll0(h, msg), "caller-ID poll")) > 0) {
                CallerId id = CallerIdCodec.decode(standard, msg, n, Year.now().getValue());
                if (id != null) return id;
            }
            return null;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized void close() { ctx.close(); }
}
