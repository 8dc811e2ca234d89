package dev.lifeline.sip.mwi;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** RFC 3842 bodies as voicemail servers send them, and the faults that get 400. */
class MessageSummaryTest {

    @Test
    void rfc3842Section3Example() {
        // RFC 3842 §3 (the example body of the message-summary format)
        String body = "Messages-Waiting: yes\r\n"
                + "Message-Account: sip:alice@vmail.example.com\r\n"
                + "Voice-Message: 4/8 (1/2)\r\n";
        assertEquals(new MessageSummary(true, 4, 8), parse(body));
    }

    @Test
    void rfc3842Section6NotifyBodyWithOtherClassesAndExtensionHeaders() {
        // RFC 3842 §6 example NOTIFY body: voice and fax, then an extension header after a blank line
        String body = "Messages-Waiting: yes\r\n"
                + "Message-Account: sip:alice@vmail.example.com\r\n"
                + "Voice-Message: 2/8 (0/2)\r\n"
                + "Fax-Message: 1/0\r\n"
                + "\r\n"
                + "To: <alice@atlanta.example.com>\r\n"
                + "From: <bob@biloxi.example.com>\r\n";
        assertEquals(new MessageSummary(true, 2, 8), parse(body));
    }

    @Test
    void asteriskStyleAndMinimalBodies() {
        assertEquals(new MessageSummary(false, 0, 0), parse("Messages-Waiting: no\r\nMessage-Account: sip:*97@pbx\r\nVoice-Message: 0/0 (0/0)\r\n"));
        assertEquals(new MessageSummary(true, 0, 0), parse("Messages-Waiting: yes"));
        assertEquals(new MessageSummary(true, 3, 1), parse("messages-waiting:YES\nvoice-message:3/1\n"), "case and LF line ends");
    }

    @Test
    void faultsAreRefusedWithFixedReasons() {
        assertEquals("empty message-summary", fault(""));
        assertEquals("missing Messages-Waiting", fault("Voice-Message: 1/0\r\n"));
        assertEquals("Messages-Waiting must be yes or no", fault("Messages-Waiting: maybe<script>\r\n"));
        assertEquals("Messages-Waiting repeated", fault("Messages-Waiting: yes\r\nMessages-Waiting: no\r\n"));
        assertEquals("bad Voice-Message counts", fault("Messages-Waiting: yes\r\nVoice-Message: two/1\r\n"));
        assertEquals("bad Voice-Message counts", fault("Messages-Waiting: yes\r\nVoice-Message: 99999999999/1\r\n"));
        assertEquals("bad Voice-Message counts", fault("Messages-Waiting: yes\r\nVoice-Message: 1/1 (0/0\r\n"));
        assertEquals("message-summary line without a colon", fault("Messages-Waiting yes\r\n"));
    }

    private static MessageSummary parse(String body) {
        try {
            return MessageSummary.parse(body);
        } catch (MessageSummary.Malformed e) {
            throw new AssertionError(e.getMessage());
        }
    }

    private static String fault(String body) {
        var e = assertThrows(MessageSummary.Malformed.class, () -> MessageSummary.parse(body));
        assertFalse(e.getMessage().contains("<script>"), "never echoes the body");
        return e.getMessage();
    }
}
