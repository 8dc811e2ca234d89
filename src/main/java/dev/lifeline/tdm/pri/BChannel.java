package dev.lifeline.tdm.pri;

import dev.lifeline.dsp.DtmfGenerator;
import dev.lifeline.hal.SpanPort;
import dev.lifeline.media.AudioSource;
import dev.lifeline.media.rtp.G711;

/**
 * One bearer timeslot of a span in the 20 ms tick: A-law from the far end is decoded once per
 * tick into {@link #input()}; what the bridged party says ({@link #connect}) is encoded and sent.
 * A B-channel carries A-law end to end, so a PCMA SIP leg re-encodes the same octets (A-law →
 * linear → A-law is exact).
 */
public final class BChannel {
    private final SpanPort port;
    private final int timeslot;
    private final byte[] inOctets = new byte[SpanPort.B_FRAME_OCTETS];
    private final byte[] outOctets = new byte[SpanPort.B_FRAME_OCTETS];
    private final short[] inPcm = new short[SpanPort.B_FRAME_OCTETS];
    private final short[] outPcm = new short[SpanPort.B_FRAME_OCTETS];
    private boolean heard;
    private DtmfGenerator dtmf;
    private volatile AudioSource peer;
    private dev.lifeline.tdm.LineEcho echo;
    private final short[] sentPcm = new short[SpanPort.B_FRAME_OCTETS];
    private final AudioSource input = frame -> {
        if (!heard) return false;
        System.arraycopy(inPcm, 0, frame, 0, Math.min(frame.length, inPcm.length));
        return true;
    };

    BChannel(SpanPort port, int timeslot) {
        this.port = port;
        this.timeslot = timeslot;
    }

    public int timeslot() { return timeslot; }

    /** Faxes recognised on this bearer so far ({@link dev.lifeline.tdm.LineEcho#faxEpisodes}; 0 without a canceller). */
    public long faxEpisodes() { return echo == null ? 0 : echo.faxEpisodes(); }

    /** The bearer's echo control (the same as an analog line's), or null for none. */
    void cancelEcho(dev.lifeline.tdm.LineEcho e) { this.echo = e; }

    /** What the far end says on this channel, as of this tick. */
    public AudioSource input() { return input; }

    /** The far end now hears {@code source} (a bridged party, or a tone before answer); null = silence. */
    public void connect(AudioSource source) { this.peer = source; }

    public void disconnect() {
        this.peer = null;
        if (dtmf != null) {
            dtmf.close();
            dtmf = null;
        }
    }

    /**
     * Plays a DTMF digit in-band towards the far end (a digit the other party sent as an RFC 4733
     * event): 80 ms of tone over what the party says, as an ISDN phone's keypad would.
     */
    public void sendDigit(char digit) {
        if (dtmf == null) dtmf = new DtmfGenerator(80, 80, -10);
        dtmf.queue(String.valueOf(digit));
    }

    public boolean connected() { return peer != null; }

    /** Tick, first pass: take the far end's frame. */
    void audioIn() {
        heard = port.readB(timeslot, inOctets);
        if (heard) {
            for (int i = 0; i < inPcm.length; i++) inPcm[i] = G711.alawDecode(inOctets[i]);
            if (echo != null) echo.received(inPcm);
        }
    }

    /** Tick, last pass: send what the far end hears. */
    void audioOut() {
        AudioSource p = peer;
        if (p == null) return;
        if (!p.read(outPcm)) java.util.Arrays.fill(outPcm, (short) 0);
        if (dtmf != null && !dtmf.isIdle()) dtmf.generate(outPcm, 0, outPcm.length);
        for (int i = 0; i < outPcm.length; i++) outOctets[i] = G711.alaw(outPcm[i]);
        if (echo != null) { // the reference is what went on the wire: A-law, decoded again
            for (int i = 0; i < sentPcm.length; i++) sentPcm[i] = G711.alawDecode(outOctets[i]);
            echo.sent(sentPcm);
        }
        port.writeB(timeslot, outOctets);
    }
}
