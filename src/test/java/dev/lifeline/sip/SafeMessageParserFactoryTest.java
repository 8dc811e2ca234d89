package dev.lifeline.sip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte scan for a repeated single-value header (RFC 4475 §3.3.8/§3.3.9 want a 400 for it). */
class SafeMessageParserFactoryTest {
    private static boolean repeats(String msg) {
        return SafeMessageParserFactory.repeatsSingleHeader(msg.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static final String HEAD = "INVITE sip:u@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
            + "Via: SIP/2.0/UDP g;branch=z9hG4bK2\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:u@example.com>\r\n"
            + "Call-ID: c1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n";

    @Test
    void aSingleCopyOfEachAndRepeatedListHeadersAreFine() {
        assertFalse(repeats(HEAD + "Content-Length: 0\r\n\r\n"), "two Vias are a list, not a repeat");
        assertFalse(repeats(HEAD + "l: 0\r\n\r\n"));
    }

    @Test
    void aRepeatIsFoundInAnyCaseAndInCompactForm() {
        assertTrue(repeats(HEAD + "CALL-ID: c2\r\nContent-Length: 0\r\n\r\n"));
        assertTrue(repeats(HEAD + "i: c2\r\nContent-Length: 0\r\n\r\n"), "compact i is Call-ID");
        assertTrue(repeats(HEAD + "t : <sip:x@y>\r\nContent-Length: 0\r\n\r\n"), "blank before the colon");
        assertTrue(repeats(HEAD + "Content-Length: 0\r\nl: 0\r\n\r\n"));
        assertTrue(repeats(HEAD.replace("\r\n", "\n") + "cseq: 2 INVITE\n\n"), "bare LF line ends");
    }

    @Test
    void foldedLinesAndTheBodyDoNotCount() {
        assertFalse(repeats(HEAD + "Subject: x\r\n Call-ID: folded into Subject\r\nContent-Length: 14\r\n\r\nCall-ID: body\r\n"));
    }
}
