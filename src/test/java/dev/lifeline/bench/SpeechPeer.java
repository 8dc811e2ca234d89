package dev.lifeline.bench;

import dev.lifeline.media.sdp.MediaDescription;
import dev.lifeline.media.sdp.SessionDescription;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A SIP phone for the speech-quality bench ({@link PesqBench}): registers or calls through the
 * gateway over UDP (digest answered, {@link SipLite}), agrees one codec ({@link SpeechCodec}:
 * PCMU or Opus), sends a 20 ms RTP packet every 20 ms from the moment the call is up (speech
 * when {@link #speak} gave some, else silence, as a phone with its microphone open), and keeps
 * every packet the gateway sends it, by sequence number, to be decoded afterwards
 * ({@link SpeechTrack}).
 *
 * <p>Packet loss is seeded, so a run can be repeated: {@link LossPattern} drops a packet before it
 * is sent (the gateway receives a lossy stream and conceals) and, separately, drops packets the
 * gateway sent as they arrive (this phone's own FEC/PLC conceals). Dropped packets still use up
 * their sequence number and timestamp, exactly as a loss in the network would.
 */
final class SpeechPeer implements AutoCloseable {
    private final String user, password;
    private final InetSocketAddress gateway;
    private final SpeechCodec codec;
    private final LossPattern sendLoss;
    private final DatagramChannel sip, rtp;
    private final BlockingQueue<SipLite.Message> responses = new LinkedBlockingQueue<>();
    private final SpeechTrack received;
    private volatile InetSocketAddress remoteRtp;
    private volatile int payloadType = -1;
    private volatile String dialogFrom, dialogTo, dialogCallId, requestUri;
    private volatile boolean inCall, closed;
    private volatile short[] clip;
    private volatile int clipPos;
    private volatile long sent, dropped;
    private int cseq = 1;
    private Thread sender;

    SpeechPeer(String user, String password, InetSocketAddress gateway, SpeechCodec codec, LossPattern sendLoss,
               LossPattern receiveLoss) throws Exception {
        this.user = user;
        this.password = password;
        this.gateway = gateway;
        this.codec = codec;
        this.sendLoss = sendLoss;
        this.received = new SpeechTrack(receiveLoss);
        sip = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        rtp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofPlatform().daemon().name("peer-" + user + "-sip").start(this::sipLoop);
        Thread.ofPlatform().daemon().name("peer-" + user + "-rtp").start(this::rtpLoop);
    }

    private String local() throws Exception { return "127.0.0.1:" + ((InetSocketAddress) sip.getLocalAddress()).getPort(); }

    private int rtpPort() throws Exception { return ((InetSocketAddress) rtp.getLocalAddress()).getPort(); }

    /** REGISTER with digest (401), so the gateway can route calls for {@code user} here. */
    void register() throws Exception {
        String uri = "sip:" + gateway.getHostString() + ":" + gateway.getPort(), callId = SipLite.tag() + "@peer", tag = SipLite.tag();
        String auth = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            List<String> h = new ArrayList<>(List.of("Via", "SIP/2.0/UDP " + local() + ";branch=" + SipLite.branch() + ";rport",
                    "From", "<sip:" + user + "@127.0.0.1>;tag=" + tag, "To", "<sip:" + user + "@127.0.0.1>", "Call-ID", callId,
                    "CSeq", (cseq++) + " REGISTER", "Contact", "<sip:" + user + "@" + local() + ">", "Expires", "300", "Max-Forwards", "70"));
            if (auth != null) h.addAll(List.of("Authorization", auth));
            SipLite.Message r = transact(SipLite.build("REGISTER " + uri + " SIP/2.0", h, ""), "REGISTER");
            if (r.status() == 200) return;
            if (r.status() != 401) throw new IllegalStateException(user + ": REGISTER answered " + r.start());
            auth = SipLite.digest(md5Challenge(r.all("WWW-Authenticate")), "REGISTER", uri, user, password);
        }
        throw new IllegalStateException(user + ": REGISTER not accepted with credentials");
    }

    /** Calls {@code target} through the gateway (answering its 407) and returns once 200 OK is acknowledged. */
    void call(String target) throws Exception {
        String uri = "sip:" + target + "@" + gateway.getHostString() + ":" + gateway.getPort();
        String callId = SipLite.tag() + "@peer", from = "<sip:" + user + "@127.0.0.1>;tag=" + SipLite.tag();
        String auth = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            String branch = SipLite.branch();
            int n = cseq++;
            List<String> h = new ArrayList<>(List.of("Via", "SIP/2.0/UDP " + local() + ";branch=" + branch + ";rport",
                    "From", from, "To", "<" + uri + ">", "Call-ID", callId, "CSeq", n + " INVITE",
                    "Contact", "<sip:" + user + "@" + local() + ">", "Max-Forwards", "70"));
            if (auth != null) h.addAll(List.of("Proxy-Authorization", auth));
            SipLite.Message r = transact(SipLite.build("INVITE " + uri + " SIP/2.0", h, codec.offer(rtpPort())), "INVITE");
            ack(uri, branch, from, r.header("To"), callId, n);
            if (r.status() == 200) {
                dialogFrom = from;
                dialogTo = r.header("To");
                dialogCallId = callId;
                requestUri = uri;
                startMedia(SessionDescription.parse(r.body()));
                return;
            }
            if (r.status() != 407 && r.status() != 401) throw new IllegalStateException(user + " -> " + target + ": " + r.start());
            auth = SipLite.digest(md5Challenge(r.all(r.status() == 407 ? "Proxy-Authenticate" : "WWW-Authenticate")), "INVITE", uri, user, password);
        }
        throw new IllegalStateException(user + " -> " + target + ": INVITE not accepted with credentials");
    }

    /** Waits until an incoming call has been answered (every INVITE is answered at once). */
    boolean awaitInCall(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!inCall && System.nanoTime() < end) Thread.sleep(20);
        return inCall;
    }

    /** Speaks {@code pcm} (at {@link SpeechCodec#sendRate()}) from the next 20 ms tick on; returns its duration. */
    Duration speak(short[] pcm) {
        clipPos = 0;
        clip = pcm;
        return Duration.ofMillis(pcm.length * 1000L / codec.sendRate());
    }

    /** What arrived from the gateway so far, decoded and concealed at {@link SpeechCodec#receiveRate()}. */
    short[] heard() { return received.decode(codec); }

    long packetsSent() { return sent; }
    long packetsDroppedBeforeSend() { return dropped; }
    SpeechTrack track() { return received; }

    /** BYE if a call we made is up (a call we answered is ended by the gateway's BYE or by close). */
    void hangUp() throws Exception {
        if (!inCall) return;
        inCall = false;
        if (dialogCallId == null) return;
        List<String> h = List.of("Via", "SIP/2.0/UDP " + local() + ";branch=" + SipLite.branch() + ";rport", "From", dialogFrom,
                "To", dialogTo, "Call-ID", dialogCallId, "CSeq", (cseq++) + " BYE", "Max-Forwards", "70");
        transact(SipLite.build("BYE " + requestUri + " SIP/2.0", h, ""), "BYE");
    }

    private void startMedia(SessionDescription answer) {
        MediaDescription audio = answer.audio();
        payloadType = codec.payloadTypeIn(audio);
        remoteRtp = new InetSocketAddress(answer.audioConnection(), audio.port());
        inCall = true;
        sender = Thread.ofPlatform().daemon().name("peer-" + user + "-send").start(this::sendLoop);
    }

    /** One packet every 20 ms on an absolute schedule (no drift), until the call ends. */
    private void sendLoop() {
        int step = codec.sendRate() / 50;
        short[] frame = new short[step];
        byte[] packet = new byte[12 + 1500];
        int seq = (int) (System.nanoTime() & 0x7FFF), ssrc = (int) System.nanoTime();
        long ts = 0, next = System.nanoTime();
        boolean first = true;
        try (SpeechCodec.Encoder enc = codec.openEncoder()) {
            while (inCall && !closed) {
                short[] c = clip;
                java.util.Arrays.fill(frame, (short) 0);
                if (c != null) {
                    int n = Math.min(step, c.length - clipPos);
                    if (n > 0) {
                        System.arraycopy(c, clipPos, frame, 0, n);
                        clipPos += n;
                    } else {
                        clip = null;
                    }
                }
                int len = enc.encode(frame, packet, 12);
                packet[0] = (byte) 0x80;
                packet[1] = (byte) (payloadType | (first ? 0x80 : 0));
                packet[2] = (byte) (seq >> 8);
                packet[3] = (byte) seq;
                for (int i = 0; i < 4; i++) packet[4 + i] = (byte) (ts >> (24 - 8 * i));
                for (int i = 0; i < 4; i++) packet[8 + i] = (byte) (ssrc >> (24 - 8 * i));
                if (sendLoss.drop()) {
                    dropped++;
                } else {
                    rtp.send(ByteBuffer.wrap(packet, 0, 12 + len), remoteRtp);
                    sent++;
                }
                first = false;
                seq = (seq + 1) & 0xFFFF;
                ts += codec.rtpClock() / 50;
                next += 20_000_000L;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        } catch (Exception e) {
            if (!closed) System.err.println("peer " + user + " send: " + e);
        }
    }

    private void rtpLoop() {
        ByteBuffer b = ByteBuffer.allocate(2048);
        while (!closed) {
            try {
                b.clear();
                rtp.receive(b);
                int len = b.position();
                byte[] p = b.array();
                if (len <= 12 || (p[0] & 0xC0) != 0x80 || (p[1] & 0x7F) != payloadType) continue; // RTCP, events, comfort noise
                received.add(((p[2] & 0xFF) << 8) | (p[3] & 0xFF), java.util.Arrays.copyOfRange(p, 12, len));
            } catch (Exception e) {
                if (!closed) System.err.println("peer " + user + " rtp: " + e);
            }
        }
    }

    private void sipLoop() {
        ByteBuffer b = ByteBuffer.allocate(65536);
        while (!closed) {
            try {
                b.clear();
                InetSocketAddress from = (InetSocketAddress) sip.receive(b);
                SipLite.Message m = SipLite.parse(b.array(), b.position());
                if (!m.isRequest()) {
                    responses.add(m);
                    continue;
                }
                switch (m.method()) {
                    case "ACK" -> { }
                    case "INVITE" -> {
                        if (!inCall) startMedia(SessionDescription.parse(m.body()));
                        sip.send(ByteBuffer.wrap(reply(m, codec.answer(rtpPort(), payloadType))), from);
                    }
                    case "BYE" -> {
                        inCall = false;
                        sip.send(ByteBuffer.wrap(reply(m, "")), from);
                    }
                    default -> sip.send(ByteBuffer.wrap(reply(m, "")), from);
                }
            } catch (Exception e) {
                if (!closed) System.err.println("peer " + user + " sip: " + e);
            }
        }
    }

    private byte[] reply(SipLite.Message req, String body) throws Exception {
        List<String> h = new ArrayList<>();
        for (String v : req.all("Via")) h.addAll(List.of("Via", v));
        String to = req.header("To");
        h.addAll(List.of("From", req.header("From"), "To", SipLite.tagOf(to) == null ? to + ";tag=" + user : to,
                "Call-ID", req.callId(), "CSeq", req.header("CSeq"), "Contact", "<sip:" + user + "@" + local() + ">"));
        return SipLite.build("SIP/2.0 200 OK", h, body);
    }

    private void ack(String uri, String branch, String from, String to, String callId, int n) throws Exception {
        List<String> h = List.of("Via", "SIP/2.0/UDP " + local() + ";branch=" + branch + ";rport", "From", from, "To", to,
                "Call-ID", callId, "CSeq", n + " ACK", "Max-Forwards", "70");
        sip.send(ByteBuffer.wrap(SipLite.build("ACK " + uri + " SIP/2.0", h, "")), gateway);
    }

    /** Sends until a final response to {@code method} comes (500 ms retransmits while nothing provisional came; 10 s). */
    private SipLite.Message transact(byte[] request, String method) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean provisional = false;
        while (System.nanoTime() < end) {
            if (!provisional) sip.send(ByteBuffer.wrap(request), gateway);
            SipLite.Message r = responses.poll(500, TimeUnit.MILLISECONDS);
            if (r == null || !r.cseqMethod().equals(method)) continue;
            if (r.status() >= 200) return r;
            provisional = true;
        }
        throw new IllegalStateException(user + ": no final response to " + method);
    }

    /** The MD5 challenge of a list (the gateway may offer SHA-256 first; SipLite answers MD5). */
    private static String md5Challenge(List<String> challenges) {
        for (String c : challenges) if (!c.toUpperCase().contains("ALGORITHM=SHA")) return c;
        throw new IllegalStateException("no MD5 challenge among " + challenges);
    }

    @Override
    public void close() throws Exception {
        try {
            hangUp();
        } catch (Exception ignored) {
            // the gateway may be gone already
        }
        closed = true;
        inCall = false;
        if (sender != null) sender.join(1000);
        sip.close();
        rtp.close();
    }
}
