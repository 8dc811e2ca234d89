package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Listens for modem and fax connect tones on one channel's audio, over spandsp's
 * {@code modem_connect_tones_rx}: fax CNG (1100 Hz) and the 2100 Hz answer tone family (CED/ANS,
 * ANS with phase reversals, ANSam). The echo canceller uses it to step aside for modems; fax
 * detection will use the same detector. One instance per channel; not for concurrent use.
 */
public final class ModemToneDetector implements AutoCloseable {
    private final NativeContext ctx;

    public ModemToneDetector() {
        Dsp.ensureAvailable();
        this.ctx = new NativeContext(this, "modem tone detector", Native.modemTonesNew0(), Native::modemTonesFree0);
    }

    /**
     * Feeds {@code pcm[off..+len)}; returns the tones first recognised in this stretch (usually
     * none; a tone is reported once when it starts, and a plain 2100 Hz tone that then shows
     * phase reversals is reported again as such).
     */
    public synchronized List<ModemTone> process(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        int hits;
        try {
            hits = Native.check(Native.modemTonesProcess0(ctx.handle(), pcm, off, len), "modem tone detect");
        } finally {
            Reference.reachabilityFence(this);
        }
        if (hits == 0) return List.of();
        List<ModemTone> found = new ArrayList<>(2);
        ModemTone cng = ModemTone.ofCode(hits & 0xFF);
        ModemTone ans = ModemTone.ofCode((hits >> 8) & 0xFF);
        ModemTone pre = ModemTone.ofCode((hits >> 16) & 0xFF);
        if (cng != null) found.add(cng);
        if (ans != null) found.add(ans);
        if (pre != null) found.add(pre);
        return found;
    }

    @Override public synchronized void close() { ctx.close(); }
}
