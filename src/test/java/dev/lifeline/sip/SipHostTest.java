package dev.lifeline.sip;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bare stack: OPTIONS, unsupported and malformed requests, over real UDP. */
class SipHostTest {
    private SipHost host;
    private int port;
    private DatagramSocket ua;

    @BeforeEach
    void start() throws Exception {
        port = FreePorts.udpAndTcp();
        host = new SipHost("127.0.0.1", port, 2);
        host.handle("REGISTER", (h, e) -> h.respond(e, h.messages().createResponse(200, e.getRequest())));
        host.start();
        ua = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        ua.setSoTimeout(2000);
    }

    @AfterEach
    void stop() {
        ua.close();
        host.close();
    }

    private String request(String method, String extraHeaders) {
        int lp = ua.getLocalPort();
        return method + " sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + lp + ";branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:test@127.0.0.1>;tag=1\r\n"
                + "To: <sip:127.0.0.1>\r\n"
                + "Call-ID: " + System.nanoTime() + "@test\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + extraHeaders
                + "Content-Length: 0\r\n\r\n";
    }

    private String exchange(String msg) throws Exception {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        ua.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
        DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
        ua.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void optionsIsAnsweredWithAllow() throws Exception {
        String r = exchange(request("OPTIONS", ""));
        assertTrue(r.startsWith("SIP/2.0 200"), r);
        assertTrue(r.contains("Allow: ") && r.contains("INVITE") && r.contains("REGISTER"), r);
    }

    @Test
    void unsupportedMethodsGet405Or501() throws Exception {
        assertTrue(exchange(request("SUBSCRIBE", "Event: presence\r\n")).startsWith("SIP/2.0 405"));
        assertTrue(exchange(request("FOOBAR", "")).startsWith("SIP/2.0 501"));
    }

    @Test
    void malformedRequestGets400AndTheStackKeepsServing() throws Exception {
        String bad = request("OPTIONS", "").replace("CSeq: 1 OPTIONS", "CSeq: x OPTIONS");
        String r = exchange(bad);
        assertTrue(r.startsWith("SIP/2.0 400"), r);
        byte[] junk = new byte[300];
        new java.util.Random(1).nextBytes(junk);
        for (int i = 0; i < 200; i++) {
            ua.send(new DatagramPacket(junk, 1 + i % junk.length, InetAddress.getLoopbackAddress(), port));
        }
        // garbage without a Via cannot be answered; make sure nothing came back for it
        ua.setSoTimeout(300);
        try {
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            ua.receive(p);
        } catch (SocketTimeoutException expected) {
            // nothing to answer
        }
        ua.setSoTimeout(2000);
        assertTrue(exchange(request("REGISTER", "Contact: <sip:t@127.0.0.1:1>\r\n")).startsWith("SIP/2.0 200"),
                "still serving after the garbage");
    }

    /** A parse error's 400 names no input and no Java object ("[C@..." was seen in the field). */
    @Test
    void parseErrorReasonPhraseIsFixedText() throws Exception {
        String bad = request("OPTIONS", "").replace("From: <sip:test@127.0.0.1>;tag=1", "From: \"unterminated <sip:test@127.0.0.1>;tag=1");
        String r = exchange(bad);
        String status = r.lines().findFirst().orElseThrow();
        assertTrue(status.equals("SIP/2.0 400 Bad Request (" + SafeMessageParserFactory.MALFORMED + ")"), status);
    }
}
