package dev.lifeline.bench;

import dev.lifeline.dsp.Srtp;
import dev.lifeline.media.sdp.CryptoAttribute;
import dev.lifeline.media.sdp.SessionDescription;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The answering side of {@link SrtpCallLoad}, registered as the called extension (the bench
 * registers its contact with SIPp): answers every INVITE at once with 200 and an echo: what the
 * gateway sends on a call's RTP port goes straight back to where it came from, like SIPp's
 * {@code -rtp_echo}. With {@code srtp} on it takes the gateway's a=crypto offer and answers with a
 * key of its own, so the echo is unprotected with the gateway's key and protected again with ours
 * (what a real SRTP phone's crypto costs); off, it answers plain RTP/AVP without a=crypto.
 */
final class LoadCallee implements AutoCloseable {
    /** One answered call: its RTP channel and, for SRTP, both contexts. */
    private record Leg(DatagramChannel rtp, byte[] ok, Srtp in, Srtp out) {}

    private final DatagramChannel sip;
    private final boolean srtp;
    private final Selector selector;
    private final Map<String, Leg> legs = new ConcurrentHashMap<>();
    private final Queue<Leg> toRegister = new ConcurrentLinkedQueue<>();
    private final AtomicLong echoed = new AtomicLong(), refused = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    LoadCallee(boolean srtp, int sipPort) throws IOException {
        this.srtp = srtp;
        sip = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", sipPort));
        selector = Selector.open();
        Thread.ofPlatform().daemon().name("callee-sip").start(this::sipLoop);
        Thread.ofPlatform().daemon().name("callee-echo").start(this::echoLoop);
    }

    int sipPort() throws IOException { return ((InetSocketAddress) sip.getLocalAddress()).getPort(); }

    long echoed() { return echoed.get(); }

    /** Echo packets dropped because they did not unprotect with the gateway's key. */
    long refused() { return refused.get(); }

    private void sipLoop() {
        ByteBuffer b = ByteBuffer.allocate(65536);
        while (!closed) {
            try {
                b.clear();
                InetSocketAddress from = (InetSocketAddress) sip.receive(b);
                SipLite.Message m = SipLite.parse(b.array(), b.position());
                if (!m.isRequest() || m.method().equals("ACK")) continue;
                if (m.method().equals("INVITE")) {
                    Leg leg = legs.get(m.callId());
                    if (leg == null) leg = answer(m);
                    sip.send(ByteBuffer.wrap(leg.ok()), from);
                } else {
                    sip.send(ByteBuffer.wrap(reply(m, 200, "OK", null, "")), from);
                    if (m.method().equals("BYE")) hangUp(m.callId());
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) System.err.println("callee: " + e);
            }
        }
    }

    private Leg answer(SipLite.Message invite) throws IOException {
        DatagramChannel rtp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        rtp.configureBlocking(false);
        int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
        Srtp in = null, out = null;
        String crypto = "";
        if (srtp) {
            CryptoAttribute offered;
            try {
                offered = SessionDescription.parse(invite.body()).audio().cryptos().stream()
                        .filter(c -> c.suite().equals("AES_CM_128_HMAC_SHA1_80")).findFirst()
                        .orElseThrow(() -> new IOException("no AES_CM_128_HMAC_SHA1_80 offered"));
            } catch (dev.lifeline.media.sdp.SdpException e) {
                throw new IOException(e);
            }
            byte[] key = new byte[30];
            random.nextBytes(key);
            in = Srtp.inbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, offered.keySalt());
            out = Srtp.outbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, key);
            crypto = "a=" + CryptoAttribute.of(offered.tag(), offered.suite(), key).toSdp() + "\r\n";
        }
        String proto = srtp && invite.body().contains("RTP/SAVP") ? "RTP/SAVP" : "RTP/AVP";
        String sdp = "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " " + proto + " 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\na=ptime:20\r\n" + crypto;
        Leg leg = new Leg(rtp, reply(invite, 200, "OK", "<sip:callee@127.0.0.1:" + sipPort() + ">", sdp), in, out);
        legs.put(invite.callId(), leg);
        toRegister.add(leg);
        selector.wakeup();
        return leg;
    }

    private byte[] reply(SipLite.Message req, int code, String reason, String contact, String body) {
        List<String> h = new ArrayList<>();
        for (String v : req.all("Via")) h.addAll(List.of("Via", v));
        String to = req.header("To");
        h.addAll(List.of("From", req.header("From"), "To", SipLite.tagOf(to) == null ? to + ";tag=" + SipLite.tag() : to,
                "Call-ID", req.callId(), "CSeq", req.header("CSeq")));
        if (contact != null) h.addAll(List.of("Contact", contact));
        return SipLite.build("SIP/2.0 " + code + " " + reason, h, body);
    }

    private void hangUp(String callId) {
        Leg leg = legs.remove(callId);
        if (leg == null) return;
        try {
            leg.rtp().close();
        } catch (IOException ignored) {
            // closing
        }
        if (leg.in() != null) leg.in().close();
        if (leg.out() != null) leg.out().close();
    }

    private void echoLoop() {
        ByteBuffer b = ByteBuffer.allocate(2048);
        try {
            while (!closed) {
                for (Leg l; (l = toRegister.poll()) != null; ) l.rtp().register(selector, SelectionKey.OP_READ, l);
                selector.select(100);
                for (SelectionKey k : selector.selectedKeys()) {
                    Leg leg = (Leg) k.attachment();
                    if (!k.isValid()) continue;
                    try {
                        for (InetSocketAddress from; (from = (InetSocketAddress) leg.rtp().receive(b.clear())) != null; ) {
                            int len = b.position();
                            if (leg.in() != null) {
                                len = leg.in().unprotectRtp(b.array(), len);
                                if (len < 0) { refused.incrementAndGet(); continue; }
                                len = leg.out().protectRtp(b.array(), len);
                            }
                            leg.rtp().send(ByteBuffer.wrap(b.array(), 0, len), from);
                            echoed.incrementAndGet();
                        }
                    } catch (IOException | IllegalStateException e) {
                        k.cancel(); // hung up under us
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (!closed) System.err.println("callee echo: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        legs.keySet().forEach(this::hangUp);
        selector.close();
        sip.close();
    }
}
