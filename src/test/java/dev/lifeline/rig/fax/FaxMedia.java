package dev.lifeline.rig.fax;

import dev.lifeline.dsp.FaxTerminal;
import dev.lifeline.dsp.T38Options;
import dev.lifeline.dsp.T38Terminal;
import dev.lifeline.media.rtp.G711;
import dev.lifeline.media.sdp.SdpException;
import dev.lifeline.media.sdp.SessionDescription;
import dev.lifeline.media.sdp.T38Sdp;
import dev.lifeline.media.udptl.IfpPump;
import dev.lifeline.media.udptl.UdptlSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The media side of {@link SipFaxEndpoint}: G.711 µ-law RTP and, once agreed, UDPTL; the fax
 * machine is an audio {@link FaxTerminal} on the RTP (a G.711 fax) or a {@link T38Terminal} on the
 * UDPTL. A 20 ms timer clocks both. Received RTP goes through a small fixed cushion (3 frames) so
 * that the timer's and the gateway's ticks drifting apart do not starve the modem.
 */
public final class FaxMedia implements AutoCloseable {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static final int CUSHION = 3, MAX_QUEUE = 8;

    private final FaxTerminal audioFax;
    private final java.util.function.Function<T38Options, T38Terminal> t38Factory;
    private final T38Options t38Options;
    private final int redundancy;
    private final double udptlLoss;
    private final DatagramChannel rtp;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fax-media");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<short[]> heard = new ArrayDeque<>();
    private final ByteBuffer rx = ByteBuffer.allocate(2048);
    private final short[] frame = new short[160];
    private volatile InetSocketAddress rtpPeer;
    private volatile T38Terminal t38;
    private volatile UdptlSession udptl;
    private volatile IfpPump pump;
    private volatile boolean running;
    private boolean primed;
    private int seq, underruns;
    private long ts;
    private final int ssrc = (int) System.nanoTime();
    private volatile String failure;

    private FaxMedia(FaxTerminal audioFax, java.util.function.Function<T38Options, T38Terminal> t38Factory, T38Options t38Options,
            int redundancy, double udptlLoss) throws IOException {
        this.audioFax = audioFax;
        this.t38Factory = t38Factory;
        this.t38Options = t38Options;
        this.redundancy = redundancy;
        this.udptlLoss = udptlLoss;
        this.rtp = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
        rtp.configureBlocking(false);
    }

    /** A G.711 fax machine (the endpoint that refuses T.38). */
    public static FaxMedia audio(FaxTerminal terminal) throws IOException { return new FaxMedia(terminal, null, null, 0, 0); }

    /**
     * A T.38 fax machine that sends {@code tiff} (calling: it placed the call) once T.38 is agreed,
     * with redundancy depth 3 and {@code loss} of its outgoing UDPTL datagrams dropped.
     */
    public static FaxMedia t38Sender(Path tiff, boolean calling, T38Options o, double loss) throws IOException {
        return new FaxMedia(null, opts -> T38Terminal.sender(tiff, calling, opts), o, 3, loss);
    }

    /** A T.38 fax machine that receives into {@code tiff}. */
    public static FaxMedia t38Receiver(Path tiff, boolean calling, T38Options o, double loss) throws IOException {
        return new FaxMedia(null, opts -> T38Terminal.receiver(tiff, calling, opts), o, 3, loss);
    }

    /** How the fax ended, whichever machine carried it; null before a T.38 machine exists. */
    public FaxTerminal.Status status() {
        if (audioFax != null) return audioFax.status();
        T38Terminal t = t38;
        return t == null ? null : t.status();
    }

    /** Whether the T.38 terminal is running (T.38 was agreed). */
    public boolean onT38() { return t38 != null; }

    /** What went wrong in the media clock, or null. */
    public String failure() { return failure; }

    /** UDPTL counters, null without T.38. */
    public UdptlSession.Stats udptlStats() { UdptlSession u = udptl; return u == null ? null : u.stats(); }

    boolean running() { return running; }

    String audioOffer() {
        int port = ((InetSocketAddress) localRtp()).getPort();
        return "v=0\r\no=faxep 1 1 IN IP4 127.0.0.1\r\ns=fax\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n";
    }

    /** Our answer to an audio offer: PCMU when offered, else null (488). */
    String audioAnswer(String offer) {
        try {
            SessionDescription d = SessionDescription.parse(offer);
            if (!d.audio().payloadTypes().contains(0)) return null;
        } catch (SdpException e) {
            return null;
        }
        return audioOffer();
    }

    private java.net.SocketAddress localRtp() {
        try {
            return rtp.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The call is up on audio: RTP toward the far end's SDP, the clock starts. */
    void startAudio(String remoteSdp) {
        try {
            SessionDescription d = SessionDescription.parse(remoteSdp);
            rtpPeer = new InetSocketAddress(d.audioConnection(), d.audio().port());
        } catch (SdpException e) {
            failure = "unusable SDP: " + e.getMessage();
            return;
        }
        if (!running) {
            running = true;
            clock.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MILLISECONDS);
        }
    }

    void backToAudio(String remoteSdp) { startAudio(remoteSdp); }

    /** Our T.38 offer (a UDPTL socket bound for it). */
    String t38Offer() throws IOException {
        openUdptl(T38Sdp.OUR_MAX_DATAGRAM);
        return T38Sdp.describe("127.0.0.1", udptl.localAddress().getPort(), T38Sdp.Params.ours(t38Options.maxBitRate(), redundancy > 0), 2, 2);
    }

    /** The gateway answered our T.38 offer: UDPTL to its address, the T.38 machine starts. */
    boolean startT38(String answer) {
        var r = T38Sdp.parse(answer);
        if (r.isEmpty()) {
            failure = "the 200 to our T.38 re-INVITE has no image stream";
            return false;
        }
        udptl.peer(r.get().udptl());
        t38 = t38Factory.apply(new T38Options(r.get().params().optionsBitRate() < t38Options.maxBitRate() ? 9600 : t38Options.maxBitRate(),
                t38Options.ecm(), r.get().params().version()));
        pump = new IfpPump(t38, udptl);
        return true;
    }

    /** The gateway offers T.38: our answer, and the T.38 machine starts. */
    String t38Answer(String offer) {
        if (t38Factory == null) return null;
        var r = T38Sdp.parse(offer);
        if (r.isEmpty()) return null;
        if (t38 != null) return T38Sdp.describe("127.0.0.1", udptl.localAddress().getPort(), T38Sdp.Params.ours(t38Options.maxBitRate(), redundancy > 0).answer(r.get().params()), 2, 3);
        try {
            openUdptl(r.get().params().sendLimit());
        } catch (IOException e) {
            return null;
        }
        T38Sdp.Params ours = T38Sdp.Params.ours(t38Options.maxBitRate(), redundancy > 0).answer(r.get().params());
        udptl.peer(r.get().udptl());
        t38 = t38Factory.apply(new T38Options(Math.min(ours.optionsBitRate(), t38Options.maxBitRate()), t38Options.ecm(), ours.version()));
        pump = new IfpPump(t38, udptl);
        return T38Sdp.describe("127.0.0.1", udptl.localAddress().getPort(), ours, 2, 3);
    }

    private void openUdptl(int maxDatagram) throws IOException {
        if (udptl != null) return;
        udptl = new UdptlSession("fax-endpoint", new InetSocketAddress(LO, 0), redundancy, maxDatagram);
        if (udptlLoss > 0) udptl.simulateLoss(udptlLoss, 14);
    }

    private void tick() {
        try {
            T38Terminal t = t38;
            IfpPump p = pump;
            receiveRtp();
            if (t != null && p != null) {
                t.tick(160);
                p.exchange();
                return; // RTP is idle during T.38
            }
            short[] in = nextHeard();
            if (audioFax != null) {
                audioFax.received(in, 0, 160);
                audioFax.transmit(frame, 0, 160);
            } else {
                java.util.Arrays.fill(frame, (short) 0); // a T.38 endpoint says nothing on audio
            }
            sendRtp(frame);
        } catch (Throwable e) {
            if (failure == null) failure = e.toString();
        }
    }

    private void receiveRtp() throws IOException {
        for (int i = 0; i < 64; i++) {
            rx.clear();
            if (rtp.receive(rx) == null) return;
            rx.flip();
            if (rx.remaining() < 12 + 160 || (rx.get(1) & 0x7f) != 0) continue; // PCMU frames only
            short[] f = new short[160];
            for (int k = 0; k < 160; k++) f[k] = G711.ulawDecode(rx.get(12 + k));
            heard.addLast(f);
            while (heard.size() > MAX_QUEUE) heard.removeFirst();
        }
    }

    private short[] nextHeard() {
        if (!primed && heard.size() >= CUSHION) primed = true;
        if (primed && !heard.isEmpty()) return heard.removeFirst();
        if (primed) underruns++;
        return new short[160];
    }

    private void sendRtp(short[] pcm) throws IOException {
        InetSocketAddress to = rtpPeer;
        if (to == null) return;
        ByteBuffer b = ByteBuffer.allocate(12 + 160);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq++).putInt((int) ts).putInt(ssrc);
        for (short s : pcm) b.put(G711.ulaw(s));
        ts += 160;
        b.flip();
        rtp.send(b, to);
    }

    /** Frames the audio fax had to be given silence because none had arrived. */
    public int underruns() { return underruns; }

    void stop() { clock.shutdown(); }

    @Override
    public void close() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            rtp.close();
            if (udptl != null) udptl.close();
        } catch (IOException ignored) {
            // closing
        }
        if (t38 != null) t38.close(); // the audio fax belongs to the test
    }
}
