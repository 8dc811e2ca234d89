package dev.lifeline.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The calling side of a bench's SIP load ({@link SrtpCallLoad}, {@link OpusFxsLoad}): one UDP SIP
 * socket for all calls; INVITE answering the gateway's digest challenge, ACK, BYE; requests from
 * the gateway (BYE, OPTIONS) are answered 200. Calls run on their own (virtual) threads.
 */
final class LoadCaller implements AutoCloseable {
    /** An answered call. */
    record Dialog(String callId, String fromTag, String uri, SipLite.Message ok, int cseq) {}

    private final DatagramChannel sip;
    private final InetSocketAddress gateway;
    private final String user, password, local;
    private final Map<String, BlockingQueue<SipLite.Message>> dialogs = new ConcurrentHashMap<>();

    LoadCaller(InetSocketAddress gateway, String user, String password) throws java.io.IOException {
        this.gateway = gateway;
        this.user = user;
        this.password = password;
        this.sip = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        this.local = "127.0.0.1:" + ((InetSocketAddress) sip.getLocalAddress()).getPort();
        Thread.ofPlatform().daemon().name("caller-sip").start(this::receiveLoop);
    }

    /** INVITEs {@code number} with {@code sdp}; the answered dialog (ACKed), or null when the call failed. */
    Dialog invite(String number, String sdp) throws Exception {
        String callId = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + "@load";
        String fromTag = SipLite.tag();
        String uri = "sip:" + number + "@" + gateway.getHostString() + ":" + gateway.getPort();
        BlockingQueue<SipLite.Message> q = new LinkedBlockingQueue<>();
        dialogs.put(callId, q);
        int cseq = 1;
        String branch = SipLite.branch(), auth = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            List<String> h = new ArrayList<>(List.of("Via", "SIP/2.0/UDP " + local + ";branch=" + branch + ";rport",
                    "From", "<sip:" + user + "@127.0.0.1>;tag=" + fromTag, "To", "<" + uri + ">", "Call-ID", callId,
                    "CSeq", cseq + " INVITE", "Contact", "<sip:" + user + "@" + local + ">", "Max-Forwards", "70"));
            if (auth != null) h.addAll(List.of("Proxy-Authorization", auth));
            SipLite.Message r = transact(SipLite.build("INVITE " + uri + " SIP/2.0", h, sdp), q, "INVITE");
            if (r == null) {
                System.err.println("call to " + number + ": no final answer to the INVITE in 8 s");
                break;
            }
            ack(uri, branch, fromTag, r, callId, cseq);
            if (r.status() == 200) return new Dialog(callId, fromTag, uri, r, cseq);
            if (r.status() != 407 && r.status() != 401) {
                System.err.println("call to " + number + ": " + r.start());
                break;
            }
            auth = SipLite.digest(r.header(r.status() == 407 ? "Proxy-Authenticate" : "WWW-Authenticate"), "INVITE", uri, user, password);
            cseq++;
            branch = SipLite.branch();
        }
        dialogs.remove(callId);
        return null;
    }

    /** Hangs up an answered call. */
    void bye(Dialog d) throws Exception {
        try {
            List<String> h = List.of("Via", "SIP/2.0/UDP " + local + ";branch=" + SipLite.branch() + ";rport",
                    "From", "<sip:" + user + "@127.0.0.1>;tag=" + d.fromTag(), "To", d.ok().header("To"), "Call-ID", d.callId(),
                    "CSeq", (d.cseq() + 1) + " BYE", "Max-Forwards", "70");
            transact(SipLite.build("BYE " + d.uri() + " SIP/2.0", h, ""), dialogs.get(d.callId()), "BYE");
        } finally {
            dialogs.remove(d.callId());
        }
    }

    /** Sends {@code request} until a final response to {@code method} comes (500 ms retransmits, 8 s), returns it or null. */
    private SipLite.Message transact(byte[] request, BlockingQueue<SipLite.Message> q, String method) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        boolean provisional = false;
        while (System.nanoTime() < end) {
            if (!provisional) sip.send(ByteBuffer.wrap(request), gateway);
            SipLite.Message r = q.poll(500, TimeUnit.MILLISECONDS);
            if (r == null || !r.cseqMethod().equals(method)) continue;
            if (r.status() >= 200) return r;
            provisional = true; // 100/180: the gateway has it; wait without retransmitting
        }
        return null;
    }

    private void ack(String uri, String branch, String fromTag, SipLite.Message response, String callId, int cseq) throws Exception {
        // a 2xx's ACK is a new transaction (new branch); a failure's ACK belongs to the INVITE's
        String b = response.status() == 200 ? SipLite.branch() : branch;
        List<String> h = List.of("Via", "SIP/2.0/UDP " + local + ";branch=" + b + ";rport",
                "From", "<sip:" + user + "@127.0.0.1>;tag=" + fromTag, "To", response.header("To"), "Call-ID", callId,
                "CSeq", cseq + " ACK", "Max-Forwards", "70");
        sip.send(ByteBuffer.wrap(SipLite.build("ACK " + uri + " SIP/2.0", h, "")), gateway);
    }

    private void receiveLoop() {
        ByteBuffer b = ByteBuffer.allocate(65536);
        while (sip.isOpen()) {
            try {
                b.clear();
                InetSocketAddress from = (InetSocketAddress) sip.receive(b);
                SipLite.Message m = SipLite.parse(b.array(), b.position());
                if (m.isRequest()) { // a BYE or OPTIONS from the gateway: 200
                    if (!m.method().equals("ACK")) {
                        List<String> h = new ArrayList<>();
                        for (String v : m.all("Via")) h.addAll(List.of("Via", v));
                        h.addAll(List.of("From", m.header("From"), "To", m.header("To"), "Call-ID", m.callId(), "CSeq", m.header("CSeq")));
                        sip.send(ByteBuffer.wrap(SipLite.build("SIP/2.0 200 OK", h, "")), from);
                    }
                    continue;
                }
                BlockingQueue<SipLite.Message> q = dialogs.get(m.callId());
                if (q != null) q.add(m);
            } catch (Exception e) {
                if (!sip.isOpen()) return;
                System.err.println("caller sip: " + e);
            }
        }
    }

    @Override
    public void close() throws java.io.IOException { sip.close(); }
}
