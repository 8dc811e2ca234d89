package dev.lifeline.rig.fax;

import dev.lifeline.media.sdp.T38Sdp;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A SIP fax endpoint for the tests (a fax server or an ATA behind an ITSP, say): a user agent
 * written on a raw UDP socket, independent of the gateway's JAIN-SIP stack, that registers with
 * digest (MD5), calls an extension or is called, and carries the fax in one of two ways:
 * <ul>
 * <li>{@link Mode#T38}: once the call is up it re-INVITEs to {@code m=image udptl t38} (as a T.38-only
 *     endpoint does), or answers the gateway's own T.38 re-INVITE, and runs spandsp's
 *     {@code t38_terminal} over a {@code UdptlSession};</li>
 * <li>{@link Mode#REFUSE_T38}: refuses any T.38 offer with 488 and runs an audio fax machine
 *     ({@code FaxTerminal}) over G.711 µ-law RTP.</li>
 * </ul>
 * Media is clocked by a 20 ms timer, the fax side by {@link FaxMedia}. One call at a time.
 */
public final class SipFaxEndpoint implements AutoCloseable {
    /** How the endpoint carries the fax. */
    public enum Mode { T38, REFUSE_T38 }

    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private final DatagramSocket sip;
    private final int gatewayPort;
    private final String user, password;
    private final Mode mode;
    private final FaxMedia media;
    private final BlockingQueue<SipMessage> inbox = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closed;

    // the dialog (one call)
    private volatile String callId, localTag, remoteTag, localUri, remoteUri, remoteTarget;
    private long cseq = 1;
    private volatile SipMessage ok200; // the 200 to our INVITE, re-ACKed when retransmitted
    private volatile boolean ended;
    private volatile int reinviteStatus;
    private volatile int refusedT38;
    private volatile boolean crossNext;
    private volatile int crossed;
    private volatile long crossedCseq = -1;
    private volatile boolean crossedAnswered;

    /**
     * @param faxMedia the fax machine and its media sockets (see {@link FaxMedia})
     */
    public SipFaxEndpoint(int gatewayPort, String user, String password, Mode mode, FaxMedia faxMedia) throws IOException {
        this.sip = new DatagramSocket(0, LO);
        this.gatewayPort = gatewayPort;
        this.user = user;
        this.password = password;
        this.mode = mode;
        this.media = faxMedia;
        this.reader = Thread.ofVirtual().name("sip-fax-" + user).start(this::readLoop);
    }

    public FaxMedia media() { return media; }
    public boolean ended() { return ended; }
    /** The final status of our last re-INVITE (200, 488, ...), 0 before one. */
    public int reinviteStatus() { return reinviteStatus; }
    /** Re-INVITEs of the gateway we met with our own and 491 ({@link #crossNextT38Offer}). */
    public int crossed() { return crossed; }

    /** T.38 offers from the gateway refused with 488 (mode REFUSE_T38). */
    public int refusedT38() { return refusedT38; }

    /** Waits until the fax runs on T.38 (after the gateway's re-INVITE, or ours). */
    public boolean awaitT38(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!media.onT38() && System.currentTimeMillis() < end) Thread.sleep(50);
        return media.onT38();
    }

    /** Waits until the gateway's T.38 offer was refused (mode REFUSE_T38). */
    public boolean awaitRefusal(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (refusedT38 == 0 && System.currentTimeMillis() < end) Thread.sleep(50);
        return refusedT38 > 0;
    }

    // ---- REGISTER ---------------------------------------------------------------------------

    /** Registers {@code user} with digest; true on 200. */
    public boolean register() throws IOException, InterruptedException {
        String cid = "reg" + System.nanoTime() + "@fax";
        String reqUri = "sip:127.0.0.1:" + gatewayPort;
        String base = "From: <sip:" + user + "@127.0.0.1>;tag=r" + sip.getLocalPort() + "\r\nTo: <sip:" + user + "@127.0.0.1>\r\n"
                + "Call-ID: " + cid + "\r\nContact: <" + contact() + ">\r\nExpires: 300\r\n";
        SipMessage r = exchange("REGISTER", reqUri, base + "CSeq: " + (cseq++) + " REGISTER\r\n", null, 200);
        if (r != null && r.status() == 401) {
            String auth = authorization(r.all("www-authenticate"), "REGISTER", reqUri, "Authorization");
            r = exchange("REGISTER", reqUri, base + "CSeq: " + (cseq++) + " REGISTER\r\n" + auth, null, 200);
        }
        return r != null && r.status() == 200;
    }

    // ---- calls ------------------------------------------------------------------------------

    /** Calls {@code extension} with a G.711 offer, answering the digest challenge; true once answered and ACKed. */
    public boolean call(String extension, long timeoutMs) throws IOException, InterruptedException {
        callId = "fax" + System.nanoTime() + "@127.0.0.1";
        localTag = "ft" + System.nanoTime();
        localUri = "sip:" + user + "@127.0.0.1";
        remoteUri = "sip:" + extension + "@127.0.0.1";
        String reqUri = "sip:" + extension + "@127.0.0.1:" + gatewayPort;
        String sdp = media.audioOffer();
        String branch = branch();
        long n = cseq++;
        send(invite(reqUri, n, branch, "", sdp));
        String auth = "";
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            SipMessage r = inbox.poll(200, TimeUnit.MILLISECONDS);
            if (r == null || !r.isResponse() || !"INVITE".equals(r.cseqMethod()) || r.cseq() != n) continue;
            if (r.status() < 200) continue;
            if (r.status() == 407 || r.status() == 401) {
                send(ackFor(reqUri, n, branch, r));
                if (!auth.isEmpty()) return false;
                auth = authorization(r.all(r.status() == 407 ? "proxy-authenticate" : "www-authenticate"), "INVITE", reqUri,
                        r.status() == 407 ? "Proxy-Authorization" : "Authorization");
                n = cseq++;
                branch = branch();
                send(invite(reqUri, n, branch, auth, sdp));
                continue;
            }
            if (r.status() >= 300) {
                send(ackFor(reqUri, n, branch, r));
                return false;
            }
            remoteTag = SipMessage.tag(r.header("to"));
            remoteTarget = SipMessage.uri(r.header("contact"));
            ok200 = r;
            sendAck(n);
            media.startAudio(r.body());
            return true;
        }
        return false;
    }

    /** Waits for an INVITE and answers it with G.711 (180, then 200); true once ACKed. */
    public boolean answer(long timeoutMs) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        SipMessage inv = null;
        while (inv == null && System.currentTimeMillis() < end) {
            SipMessage m = inbox.poll(200, TimeUnit.MILLISECONDS);
            if (m != null && !m.isResponse() && m.method().equals("INVITE") && SipMessage.tag(m.header("to")) == null) inv = m;
        }
        if (inv == null) return false;
        callId = inv.header("call-id");
        remoteTag = SipMessage.tag(inv.header("from"));
        localTag = "fa" + System.nanoTime();
        localUri = SipMessage.uri(inv.header("to"));
        remoteUri = SipMessage.uri(inv.header("from"));
        remoteTarget = SipMessage.uri(inv.header("contact"));
        send(response(inv, 180, "Ringing", null));
        String sdp = media.audioAnswer(inv.body());
        send(response(inv, 200, "OK", sdp));
        while (System.currentTimeMillis() < end) {
            SipMessage m = inbox.poll(200, TimeUnit.MILLISECONDS);
            if (m != null && !m.isResponse() && m.method().equals("ACK")) {
                media.startAudio(inv.body());
                return true;
            }
        }
        return false;
    }

    /** Sends a re-INVITE offering T.38; true when the gateway answered 200 with an image stream (then the T.38 fax starts). */
    public boolean reinviteToT38(long timeoutMs) throws IOException, InterruptedException {
        long n = cseq++;
        String branch = branch();
        sendT38Reinvite(n, branch);
        return awaitReinviteAnswer(n, branch, timeoutMs, () -> { });
    }

    /**
     * Makes the next T.38 re-INVITE from the gateway cross one of ours: ours goes out before we
     * answer theirs, and theirs gets 491 (RFC 3261 §14.2). The gateway answers ours 491 too; then
     * the gateway's retry (after its random wait) is taken.
     */
    public void crossNextT38Offer() { crossNext = true; }

    private void sendT38Reinvite(long n, String branch) throws IOException {
        send(inDialog("INVITE", n, branch, "Contact: <" + contact() + ">\r\n", media.t38Offer()));
    }

    /** Something to send once the answer to our re-INVITE came (the crossing's 491 to the gateway's). */
    private interface OnAnswer { void run() throws IOException; }

    private boolean awaitReinviteAnswer(long n, String branch, long timeoutMs, OnAnswer then) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            SipMessage r = inbox.poll(200, TimeUnit.MILLISECONDS);
            if (r == null || !r.isResponse() || !"INVITE".equals(r.cseqMethod()) || r.cseq() != n || r.status() < 200) continue;
            reinviteStatus = r.status();
            then.run();
            if (r.status() == 491) { // crossed the gateway's own T.38 re-INVITE: its retry is taken
                send(inDialog("ACK", n, branch, "", null));
                return awaitT38(8000);
            }
            if (r.status() >= 300) {
                send(inDialog("ACK", n, branch, "", null)); // a non-2xx is ACKed in its own transaction (§17.1.1.3)
                return false;
            }
            ok200 = r;
            sendAck(n);
            return media.startT38(r.body());
        }
        return false;
    }

    /** Hangs up with BYE (when the gateway has not already). */
    public void bye() throws IOException {
        if (ended || callId == null) return;
        ended = true;
        send(inDialog("BYE", cseq++, branch(), "", null));
        media.stop();
    }

    // ---- the reader: answers what needs no decision from the test ---------------------------

    private void readLoop() {
        byte[] buf = new byte[65535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                sip.receive(p);
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            SipMessage m;
            try {
                m = SipMessage.parse(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                continue;
            }
            try {
                if (!handled(m)) inbox.add(m);
            } catch (IOException e) {
                // the socket closed under us
            }
        }
    }

    private boolean handled(SipMessage m) throws IOException {
        if (m.isResponse()) {
            // a retransmitted 2xx to an INVITE we already acknowledged: ACK again (RFC 3261 §13.2.2.4)
            SipMessage last = ok200;
            if (last != null && m.status() == 200 && "INVITE".equals(m.cseqMethod()) && m.cseq() == last.cseq()) {
                sendAck(m.cseq());
                return true;
            }
            return false;
        }
        String method = m.method();
        boolean inDialog = SipMessage.tag(m.header("to")) != null;
        switch (method) {
            case "BYE" -> {
                send(response(m, 200, "OK", null));
                ended = true;
                media.stop();
                return true;
            }
            case "OPTIONS" -> {
                send(response(m, 200, "OK", null));
                return true;
            }
            case "INVITE" -> {
                if (!inDialog) return false; // a new call: the test answers it
                if (T38Sdp.hasT38(m.body())) {
                    if (mode == Mode.REFUSE_T38) {
                        refusedT38++;
                        send(response(m, 488, "Not Acceptable Here", null));
                        return true;
                    }
                    if (m.cseq() == crossedCseq) { // the crossed re-INVITE again: 491 once we answered it, else wait
                        if (crossedAnswered) send(response(m, 491, "Request Pending", null));
                        return true;
                    }
                    if (crossNext) {
                        // a real crossing: ours goes out while theirs is unanswered, so the gateway
                        // meets ours with its own pending; theirs gets our 491 only after it answered ours
                        crossNext = false;
                        crossed++;
                        crossedCseq = m.cseq();
                        long n = cseq++;
                        String branch = branch();
                        sendT38Reinvite(n, branch);
                        SipMessage theirs = m;
                        Thread.ofVirtual().start(() -> {
                            try {
                                awaitReinviteAnswer(n, branch, 10_000, () -> {
                                    send(response(theirs, 491, "Request Pending", null));
                                    crossedAnswered = true;
                                });
                            } catch (IOException | InterruptedException e) {
                                // the test sees the fax not switching
                            }
                        });
                        return true;
                    }
                    String answer = media.t38Answer(m.body());
                    send(response(m, answer == null ? 488 : 200, answer == null ? "Not Acceptable Here" : "OK", answer));
                    return true;
                }
                String answer = media.audioAnswer(m.body());
                send(response(m, answer == null ? 488 : 200, answer == null ? "Not Acceptable Here" : "OK", answer));
                if (answer != null) media.backToAudio(m.body());
                return true;
            }
            case "ACK" -> {
                return media.running(); // the ACK of our first answer is awaited by answer(); later ones need nothing
            }
            default -> {
                send(response(m, 200, "OK", null));
                return true;
            }
        }
    }

    // ---- message building -------------------------------------------------------------------

    private String contact() { return "sip:" + user + "@127.0.0.1:" + sip.getLocalPort(); }
    private static String branch() { return "z9hG4bK" + Long.toHexString(System.nanoTime()); }
    private String via(String branch) { return "Via: SIP/2.0/UDP 127.0.0.1:" + sip.getLocalPort() + ";branch=" + branch + ";rport\r\n"; }

    private String invite(String reqUri, long n, String branch, String auth, String sdp) {
        return "INVITE " + reqUri + " SIP/2.0\r\n" + via(branch) + "Max-Forwards: 70\r\n"
                + "From: <" + localUri + ">;tag=" + localTag + "\r\nTo: <" + remoteUri + ">\r\nCall-ID: " + callId + "\r\n"
                + "CSeq: " + n + " INVITE\r\nContact: <" + contact() + ">\r\n" + auth + body(sdp);
    }

    /** The ACK of a non-2xx final response: same branch, the response's To (RFC 3261 §17.1.1.3). */
    private String ackFor(String reqUri, long n, String branch, SipMessage r) {
        return "ACK " + reqUri + " SIP/2.0\r\n" + via(branch) + "Max-Forwards: 70\r\n"
                + "From: <" + localUri + ">;tag=" + localTag + "\r\nTo: " + r.header("to") + "\r\nCall-ID: " + callId + "\r\n"
                + "CSeq: " + n + " ACK\r\nContent-Length: 0\r\n\r\n";
    }


    private void sendAck(long n) throws IOException {
        send("ACK " + remoteTarget + " SIP/2.0\r\n" + via(branch()) + "Max-Forwards: 70\r\n" + dialogHeaders()
                + "CSeq: " + n + " ACK\r\nContent-Length: 0\r\n\r\n");
    }

    private String dialogHeaders() {
        return "From: <" + localUri + ">;tag=" + localTag + "\r\nTo: <" + remoteUri + ">;tag=" + remoteTag + "\r\nCall-ID: " + callId
                + "\r\n";
    }

    private String inDialog(String method, long n, String branch, String extra, String sdp) {
        return method + " " + remoteTarget + " SIP/2.0\r\n" + via(branch) + "Max-Forwards: 70\r\n" + dialogHeaders()
                + "CSeq: " + n + " " + method + "\r\n" + extra + body(sdp);
    }

    private String response(SipMessage req, int status, String reason, String sdp) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String v : req.all("via")) b.append("Via: ").append(v).append("\r\n");
        if (status > 100 && status < 300) for (String rr : req.all("record-route")) b.append("Record-Route: ").append(rr).append("\r\n"); // RFC 3261 §12.1.1
        b.append("From: ").append(req.header("from")).append("\r\n");
        String to = req.header("to");
        if (SipMessage.tag(to) == null && status > 100) to = to + ";tag=" + (localTag != null ? localTag : "x" + System.nanoTime());
        b.append("To: ").append(to).append("\r\n");
        b.append("Call-ID: ").append(req.header("call-id")).append("\r\n");
        b.append("CSeq: ").append(req.header("cseq")).append("\r\n");
        if (req.method().equals("INVITE") && status < 300) b.append("Contact: <").append(contact()).append(">\r\n");
        return b + body(sdp);
    }

    private static String body(String sdp) {
        if (sdp == null) return "Content-Length: 0\r\n\r\n";
        return "Content-Type: application/sdp\r\nContent-Length: " + sdp.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + sdp;
    }

    private SipMessage exchange(String method, String reqUri, String headers, String sdp, int want) throws IOException, InterruptedException {
        send(method + " " + reqUri + " SIP/2.0\r\n" + via(branch()) + "Max-Forwards: 70\r\n" + headers + body(sdp));
        long end = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < end) {
            SipMessage r = inbox.poll(200, TimeUnit.MILLISECONDS);
            if (r != null && r.isResponse() && r.cseqMethod().equals(method) && r.status() >= 200) return r;
        }
        return null;
    }

    /** An MD5 digest answer (qop=auth when offered) to the first MD5 challenge in {@code challenges}. */
    private String authorization(java.util.List<String> challenges, String method, String uri, String header) {
        for (String c : challenges) {
            java.util.Map<String, String> p = params(c.substring(c.indexOf(' ') + 1));
            if (!p.getOrDefault("algorithm", "MD5").equalsIgnoreCase("MD5")) continue;
            String realm = p.get("realm"), nonce = p.get("nonce");
            String ha1 = md5(user + ":" + realm + ":" + password), ha2 = md5(method + ":" + uri);
            boolean qop = p.containsKey("qop");
            String cnonce = Long.toHexString(System.nanoTime());
            String resp = qop ? md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2) : md5(ha1 + ":" + nonce + ":" + ha2);
            return header + ": Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                    + "\", response=\"" + resp + "\", algorithm=MD5" + (qop ? ", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\"" : "")
                    + "\r\n";
        }
        throw new IllegalStateException("no MD5 challenge in " + challenges);
    }

    private static java.util.Map<String, String> params(String s) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (String part : s.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            String v = part.substring(eq + 1).strip();
            if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) v = v.substring(1, v.length() - 1);
            m.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), v);
        }
        return m;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String msg) throws IOException {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        sip.send(new DatagramPacket(b, b.length, new InetSocketAddress(LO, gatewayPort)));
    }

    @Override
    public void close() {
        closed = true;
        try {
            bye();
        } catch (IOException ignored) {
            // closing anyway
        }
        sip.close();
        media.close();
        reader.interrupt();
    }
}
