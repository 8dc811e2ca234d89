package dev.lifeline.sip.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The receive thread's byte-level view: what is new work, and the 503 it answers without a parse. */
class StatelessRefusalTest {
    private static final String REGISTER = "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 10.1.2.3:5072;branch=z9hG4bK-1;rport\r\n"
            + "Via: SIP/2.0/UDP 10.9.9.9;branch=z9hG4bK-0\r\n"
            + "From: <sip:7000@127.0.0.1>;tag=abc\r\n"
            + "To: <sip:7000@127.0.0.1>\r\n"
            + "Call-ID: 1-2@10.1.2.3\r\n"
            + "CSeq: 1 REGISTER\r\n"
            + "Contact: <sip:7000@10.1.2.3:5072>\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Length: 0\r\n\r\n";

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    private static boolean isNew(String msg) {
        byte[] x = b("junk" + msg + "junk");
        return RawRequest.startsNewWork(x, 4, x.length - 8);
    }

    @Test
    void newWorkIsAFirstRequestOutsideADialogWithoutCredentials() {
        assertTrue(isNew(REGISTER));
        assertTrue(isNew(REGISTER.replace("REGISTER sip", "INVITE sip")));
        assertFalse(isNew(REGISTER.replace("Max-Forwards", "Authorization: Digest username=\"7000\"\r\nMax-Forwards")),
                "the REGISTER that answers our challenge finishes work");
        assertFalse(isNew(REGISTER.replace("Max-Forwards", "proxy-authorization: Digest x=1\r\nMax-Forwards")));
        assertFalse(isNew(REGISTER.replace("REGISTER sip", "INVITE sip").replace("To: <sip:7000@127.0.0.1>", "t: <sip:7000@127.0.0.1>;TAG=9")),
                "a re-INVITE of a call that is up (compact To, tag in capitals)");
        assertFalse(isNew(REGISTER.replace("REGISTER sip", "OPTIONS sip")));
        assertFalse(isNew("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x\r\n\r\n"));
        assertTrue(isNew(REGISTER.replace("\r\nContent-Length: 0\r\n\r\n", "\r\n\r\nAuthorization: in the body\r\n")),
                "credentials count only in the headers");
    }

    @Test
    void the503CopiesTheTransactionHeadersAndGoesToTheSourcePortWhenViaHasRport() throws Exception {
        InetAddress src = InetAddress.getByName("192.0.2.7");
        byte[] req = b(REGISTER);
        DatagramPacket p = StatelessRefusal.build(req, 0, req.length, src, 40123, 5);
        assertNotNull(p);
        assertEquals(src, p.getAddress());
        assertEquals(40123, p.getPort(), "rport: back to the port it came from");
        SIPResponse r = (SIPResponse) new StringMsgParser().parseSIPMessage(java.util.Arrays.copyOf(p.getData(), p.getLength()), true, false, null);
        assertEquals(503, r.getStatusCode());
        assertEquals(5, ((javax.sip.header.RetryAfterHeader) r.getHeader("Retry-After")).getRetryAfter());
        assertEquals("1-2@10.1.2.3", r.getCallId().getCallId());
        assertEquals(1L, r.getCSeq().getSeqNumber());
        assertEquals("REGISTER", r.getCSeq().getMethod());
        assertEquals("abc", r.getFromTag());
        assertNotNull(r.getToTag(), "a To tag is added");
        assertEquals(2, r.getViaHeaders().size(), "every Via, in order");
        Via top = (Via) r.getTopmostVia();
        assertEquals("z9hG4bK-1", top.getBranch());
        assertEquals(40123, top.getRPort());
        assertEquals("192.0.2.7", top.getReceived());
        assertEquals("z9hG4bK-0", ((Via) r.getViaHeaders().getLast()).getBranch());
        assertEquals(0, r.getContentLength().getContentLength());
    }

    @Test
    void withoutRportTheAnswerGoesToTheSentByPortAndAnExistingToTagIsKept() throws Exception {
        InetAddress src = InetAddress.getByName("10.1.2.3");
        String msg = REGISTER.replace(";rport", "").replace("To: <sip:7000@127.0.0.1>", "To: <sip:7000@127.0.0.1>;tag=keep");
        byte[] req = b(msg);
        DatagramPacket p = StatelessRefusal.build(req, 0, req.length, src, 40123, 9);
        assertEquals(5072, p.getPort());
        SIPResponse r = (SIPResponse) new StringMsgParser().parseSIPMessage(java.util.Arrays.copyOf(p.getData(), p.getLength()), true, false, null);
        assertEquals("keep", r.getToTag());
        assertNull(((Via) r.getTopmostVia()).getReceived(), "sent-by is the source: no received");
        byte[] noPort = b(msg.replace("10.1.2.3:5072;", "10.1.2.3;"));
        assertEquals(5060, StatelessRefusal.build(noPort, 0, noPort.length, src, 40123, 9).getPort());
    }

    @Test
    void compactFormsAreCopiedAndARequestMissingAHeaderGetsNoAnswer() throws Exception {
        InetAddress src = InetAddress.getByName("127.0.0.1");
        String compact = "INVITE sip:6001@127.0.0.1 SIP/2.0\r\nv: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK-c;rport\r\n"
                + "f: <sip:x@127.0.0.1>;tag=1\r\nt: <sip:6001@127.0.0.1>\r\ni: cid-1\r\nCSeq: 7 INVITE\r\nl: 0\r\n\r\n";
        byte[] req = b(compact);
        DatagramPacket p = StatelessRefusal.build(req, 0, req.length, src, 5090, 5);
        SIPResponse r = (SIPResponse) new StringMsgParser().parseSIPMessage(java.util.Arrays.copyOf(p.getData(), p.getLength()), true, false, null);
        assertEquals("cid-1", r.getCallId().getCallId());
        assertEquals("INVITE", r.getCSeq().getMethod());
        byte[] noCallId = b(compact.replace("i: cid-1\r\n", ""));
        assertNull(StatelessRefusal.build(noCallId, 0, noCallId.length, src, 5090, 5));
        byte[] folded = b(compact.replace("i: cid-1\r\n", "i: cid-1\r\n  continued\r\n"));
        assertNull(StatelessRefusal.build(folded, 0, folded.length, src, 5090, 5), "folded lines: left to the parser");
    }
}
