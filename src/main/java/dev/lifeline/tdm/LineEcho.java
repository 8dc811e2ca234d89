package dev.lifeline.tdm;

import dev.lifeline.dsp.EchoCanceller;
import dev.lifeline.dsp.ModemTone;
import dev.lifeline.dsp.ModemToneDetector;
import java.util.List;
import org.tinylog.Logger;

/**
 * The echo control of one channel (an FXS or FXO line, an E1 bearer): a line echo canceller on
 * what the line sends back, with the tone disabler G.164/G.165 ask for. The same class serves every
 * kind of channel; the channel's driver side only reports each frame it sent ({@link #sent}) and
 * hands over each frame it received ({@link #received}).
 *
 * <p>Alignment: the board exchanges frames once per tick, reading before writing, so the frame
 * read in tick N+1 carries the line's reply to the frame written in tick N; that written frame is
 * the canceller's reference, and the tail only has to cover the hybrid's own response.
 *
 * <p>Modes: a V.25 answer tone with phase reversals (ANS/, ANSam/) in either direction disables
 * the canceller (modems run their own); it comes back after 250 ms with both directions below
 * -36 dBm0 (G.164 §4.2's release). A fax (CNG, CED or the V.21 preamble in either direction)
 * disables it too, until 10 s without signal both ways: the call is over (a fax has no silence
 * that long; its longest, T.30's T2, is 6 s). {@link #dataMode} disables it until
 * {@link #voiceMode}. One instance per channel, used on the engine thread.
 */
public final class LineEcho implements AutoCloseable {
    /** Mean square of a -36 dBm0 signal (rms about 255). */
    private static final double RELEASE_POWER = 255.0 * 255.0;
    private static final int RELEASE_FRAMES = 13; // 260 ms
    static final int FAX_RELEASE_FRAMES = 500; // 10 s
    /** How many ticks back the line's reply may lag. */
    static final int MAX_LAG_FRAMES = dev.lifeline.hal.LinePort.MAX_ECHO_LAG_FRAMES;
    private static final short[] SILENCE = new short[160];

    private final String channelId;
    private final EchoCanceller canceller;
    private final ModemToneDetector fromLine;
    private final ModemToneDetector toLine;
    /** The last frames written, newest first: sent[0] is last tick's. */
    private final short[][] sent = new short[MAX_LAG_FRAMES][160];
    private final short[] reference = new short[160];
    private boolean referenceFresh;
    private boolean toneDisabled;
    private String dataModeWhy;
    private int quietFrames;
    private boolean faxDetected;
    private volatile long faxEpisodes; // written by the tick, read when a CDR is made
    private int faxQuietFrames;
    private ModemTone lastTone;

    /** @throws dev.lifeline.dsp.DspUnavailableException without the native DSP library */
    public LineEcho(String channelId, int tailMs) {
        this.channelId = channelId;
        this.canceller = new EchoCanceller(tailMs, EchoCanceller.Mode.VOICE);
        this.fromLine = new ModemToneDetector();
        this.toLine = new ModemToneDetector();
        Logger.info("{}: echo canceller on, tail {} ms", channelId, tailMs);
    }

    public int tailMs() { return canceller.tailMs(); }

    /** Whether the canceller is working on the audio now. */
    public boolean active() { return canceller.mode() != EchoCanceller.Mode.DISABLED; }

    /** The last modem/fax connect tone heard in either direction, or null (fax detection reads it). */
    public ModemTone lastTone() { return lastTone; }

    /**
     * How many times a fax was recognised on this channel since it was made (the canceller stood
     * aside for one): the call layer compares it before and after a call to tell the CDR that a fax
     * crossed a line-to-line call, which no SIP leg reports.
     */
    public long faxEpisodes() { return faxEpisodes; }

    /** A fax or modem is on the channel: the canceller stands aside for it (fax, data mode, or a 2100 Hz answer tone with phase reversals). */
    public boolean carriesData() { return dataModeWhy != null || toneDisabled; }

    /** A fax tone was heard and the canceller stands aside for it. */
    public boolean faxDetected() { return faxDetected; }

    /** The frame just written to the line: a reference for the ticks to come. */
    public void sent(short[] tx) {
        short[] oldest = sent[MAX_LAG_FRAMES - 1];
        System.arraycopy(sent, 0, sent, 1, MAX_LAG_FRAMES - 1);
        sent[0] = oldest;
        int n = Math.min(tx.length, oldest.length);
        System.arraycopy(tx, 0, oldest, 0, n);
        if (n < oldest.length) java.util.Arrays.fill(oldest, n, oldest.length, (short) 0);
        referenceFresh = true;
        tones(toLine.process(oldest, 0, oldest.length), "the far end");
    }

    /** As {@link #received(short[], int)} for a line that answers within the next tick. */
    public void received(short[] rx) { received(rx, 1); }

    /**
     * The frame just read from the line, which the driver says answers the frame written
     * {@code lagFrames} ticks ago (1: last tick's; see LinePort#echoLagFrames): that frame's echo is
     * removed, in place.
     */
    public void received(short[] rx, int lagFrames) {
        int n = Math.min(rx.length, reference.length);
        tones(fromLine.process(rx, 0, n), "the line");
        int lag = Math.max(1, Math.min(MAX_LAG_FRAMES, lagFrames));
        if (!referenceFresh) sent(SILENCE); // nothing was written last tick: silence went out
        System.arraycopy(sent[lag - 1], 0, reference, 0, reference.length);
        if (toneDisabled) releaseCheck(rx, n);
        if (faxDetected) faxReleaseCheck(rx, n);
        canceller.cancel(reference, 0, rx, 0, n);
        referenceFresh = false;
    }

    /**
     * Fax or data on this channel: the canceller steps aside (the terminals' own modems must see
     * the line as it is) until {@link #voiceMode}.
     */
    public void dataMode(String why) {
        if (dataModeWhy != null) return;
        dataModeWhy = why;
        if (!toneDisabled) disable(why);
    }

    /** Back to speech (the fax is over, a new call): the canceller works again. */
    public void voiceMode(String why) {
        if (dataModeWhy == null && !toneDisabled) return;
        dataModeWhy = null;
        faxDetected = false;
        toneDisabled = false;
        canceller.setMode(EchoCanceller.Mode.VOICE);
        Logger.info("{}: echo canceller on again ({})", channelId, why);
    }

    private void tones(List<ModemTone> heard, String from) {
        for (ModemTone t : heard) {
            lastTone = t;
            Logger.debug("{}: {} tone from {}", channelId, t, from);
            if (t.meansFax() && !faxDetected && dataModeWhy == null) {
                faxDetected = true;
                faxEpisodes++;
                faxQuietFrames = 0;
                dataMode("fax: " + t + " from " + from);
            }
            if (t.disablesEchoCancellers() && !toneDisabled) {
                toneDisabled = true;
                quietFrames = 0;
                if (dataModeWhy == null) disable(t + " (2100 Hz with phase reversals) from " + from);
            }
        }
    }

    private void disable(String why) {
        canceller.setMode(EchoCanceller.Mode.DISABLED);
        Logger.info("{}: echo canceller disabled: {}", channelId, why);
    }

    private void releaseCheck(short[] rx, int n) {
        quietFrames = bothQuiet(rx, n) ? quietFrames + 1 : 0;
        if (quietFrames >= RELEASE_FRAMES) {
            toneDisabled = false;
            if (dataModeWhy == null) {
                canceller.setMode(EchoCanceller.Mode.VOICE);
                Logger.info("{}: echo canceller on again (250 ms without signal after the answer tone)", channelId);
            }
        }
    }

    private void faxReleaseCheck(short[] rx, int n) {
        faxQuietFrames = bothQuiet(rx, n) ? faxQuietFrames + 1 : 0;
        if (faxQuietFrames >= FAX_RELEASE_FRAMES) voiceMode("10 s without signal after the fax");
    }

    /** Both directions of this tick below -36 dBm0: what came from the line and what went to it. */
    private boolean bothQuiet(short[] rx, int n) {
        return meanSquare(rx, n) < RELEASE_POWER && meanSquare(reference, reference.length) < RELEASE_POWER;
    }

    private static double meanSquare(short[] a, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) a[i] * a[i];
        return n == 0 ? 0 : s / n;
    }

    @Override
    public void close() {
        canceller.close();
        fromLine.close();
        toLine.close();
    }
}
