package dev.lifeline.sip.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §13.2.2.4 and dialogs keyed by tags, against the real stack: our INVITE is answered
 * 200 by two forks (one UDP socket playing both, different To tags). The first is the call; the
 * second is ACKed and BYEd in its own dialog; the first fork's BYE still finds the session.
 */
class ForkedAnswerTest {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private SipHost host;
    private SessionManager sessions;
    private DatagramSocket uas;

    @BeforeEach
    void start() throws Exception {
        host = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2);
        sessions = new SessionManager(host);
        host.start();
        uas = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        uas.close();
        host.close();
    }

    @Test
    void secondForksTwoHundredIsAckedAndByedAndTheCallStaysWithTheFirst() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CallSession s = sessions.invite("sip:7001@127.0.0.1:" + uas.getLocalPort(), new SipParty("7000", null, "sip:7000@x"),
                "7001", SDP, new SessionListener() {
                    @Override public void onAnswered(CallSession cs, String sdp) { events.add("answered"); }
                    @Override public void onEnded(CallSession cs, boolean byRemote) { events.add("ended"); }
                });
        String invite = receive("INVITE");
        send(ok(invite, "forkA", "a"));
        String ackA = receive("ACK");
        assertEquals("forkA", toTag(ackA), ackA);
        send(ok(invite, "forkB", "b"));
        String ackB = receive("ACK");
        assertEquals("forkB", toTag(ackB), "the second fork's 200 is ACKed in its own dialog\n" + ackB);
        assertTrue(ackB.startsWith("ACK sip:b@127.0.0.1:" + uas.getLocalPort()), "to the fork's Contact\n" + ackB);
        String bye = receive("BYE");
        assertEquals("forkB", toTag(bye), "and then BYEd\n" + bye);
        assertTrue(bye.startsWith("BYE sip:b@"), bye);
        send(response(bye, "200 OK", null, null));

        assertEquals("answered", events.poll(5, TimeUnit.SECONDS));
        assertEquals(List.of(), List.copyOf(events), "answered once, by the first fork; the second fork ended nothing");
        assertEquals(CallSession.State.CONFIRMED, s.state());
        assertEquals("forkA", s.remoteTag());

        // the first fork hangs up: its BYE (From tag forkA, To tag ours) finds the session by dialog
        String byeA = "BYE sip:lifeline@127.0.0.1:" + host.port() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + uas.getLocalPort() + ";branch=z9hG4bKbyeA1\r\n"
                + "From: " + header(invite, "To") + ";tag=forkA\r\n"
                + "To: " + header(invite, "From") + "\r\n"
                + "Call-ID: " + header(invite, "Call-ID") + "\r\n"
                + "CSeq: 1 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        send(byeA);
        String answer = receive("SIP/2.0");
        assertTrue(answer.startsWith("SIP/2.0 200"), answer);
        assertEquals("ended", events.poll(5, TimeUnit.SECONDS), "the first fork's BYE ended the call");
    }

    @Test
    void byeWithAnotherForksTagFindsNoDialog() throws Exception {
        sessions.invite("sip:7001@127.0.0.1:" + uas.getLocalPort(), new SipParty("7000", null, "sip:7000@x"), "7001", SDP,
                new SessionListener() { });
        String invite = receive("INVITE");
        send(ok(invite, "forkA", "a"));
        receive("ACK");
        String byeC = "BYE sip:lifeline@127.0.0.1:" + host.port() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + uas.getLocalPort() + ";branch=z9hG4bKbyeC1\r\n"
                + "From: " + header(invite, "To") + ";tag=forkC\r\n"
                + "To: " + header(invite, "From") + "\r\n"
                + "Call-ID: " + header(invite, "Call-ID") + "\r\n"
                + "CSeq: 1 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        send(byeC);
        String answer = receive("SIP/2.0");
        assertTrue(answer.startsWith("SIP/2.0 481"), "same Call-ID, not our dialog\n" + answer);
    }

    private String ok(String invite, String tag, String contactUser) {
        return response(invite, "200 OK", tag, "Contact: <sip:" + contactUser + "@127.0.0.1:" + uas.getLocalPort() + ">\r\n"
                + "Content-Type: application/sdp\r\n");
    }

    private static String response(String req, String status, String tag, String extra) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String line : req.split("\r\n")) {
            String l = line.toLowerCase();
            if (l.startsWith("via:") || l.startsWith("from:") || l.startsWith("call-id:") || l.startsWith("cseq:")) b.append(line).append("\r\n");
            if (l.startsWith("to:")) b.append(line).append(tag != null ? ";tag=" + tag : "").append("\r\n");
        }
        String body = extra != null ? SDP : "";
        if (extra != null) b.append(extra);
        return b.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body).toString();
    }

    private static String header(String msg, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*)$").matcher(msg);
        assertTrue(m.find(), name + " in\n" + msg);
        return m.group(1).strip();
    }

    private static String toTag(String msg) {
        Matcher m = Pattern.compile("(?im)^To:.*;tag=([^;\\s]+)").matcher(msg);
        return m.find() ? m.group(1) : null;
    }

    private void send(String msg) throws Exception {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        uas.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), host.port()));
    }

    /** The next message starting with {@code prefix}, skipping others (retransmissions, provisional answers). */
    private String receive(String prefix) throws Exception {
        long end = System.currentTimeMillis() + 5_000;
        byte[] buf = new byte[65536];
        while (System.currentTimeMillis() < end) {
            uas.setSoTimeout((int) Math.max(1, end - System.currentTimeMillis()));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                uas.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (m.startsWith(prefix)) return m;
        }
        assertNotNull(null, "no " + prefix + " within 5 s");
        return null;
    }
}
