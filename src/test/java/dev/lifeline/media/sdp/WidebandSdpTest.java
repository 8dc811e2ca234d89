package dev.lifeline.media.sdp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.media.rtp.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offer/answer of Opus (RFC 7587) and G.722 (RFC 3551) with RFC 4733 events at each clock rate. */
class WidebandSdpTest {
    private static String offer(String m, String... attrs) {
        return "v=0\r\no=- 1 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\n" + m + "\r\n"
                + String.join("\r\n", attrs) + (attrs.length > 0 ? "\r\n" : "");
    }

    @Test
    void answersBaresipsOpusOnItsDynamicPayloadTypeWithOurFmtp() throws Exception {
        var sd = SessionDescription.parse(SessionDescriptionTest.BARESIP);
        Answer a = SessionDescription.negotiate(sd, List.of(Codec.PCMU, Codec.OPUS)).orElseThrow();
        assertEquals(Codec.OPUS, a.codec(), "the offerer's first codec we support");
        assertEquals(96, a.payloadType());
        assertEquals(-1, a.telephoneEventPt(), "baresip offers telephone-event/8000 only: not usable with a 48 kHz clock");
        String text = a.toSdp("10.0.0.1", 20000, 7, 1).toString();
        assertTrue(text.contains("m=audio 20000 RTP/AVP 96\r\n"), text);
        assertTrue(text.contains("a=rtpmap:96 opus/48000/2\r\n"), text);
        assertTrue(text.contains("a=fmtp:96 maxplaybackrate=16000;sprop-maxcapturerate=16000;useinbandfec=1\r\n"), text);
        assertTrue(text.contains("a=ptime:20"), text);
    }

    @Test
    void opusTelephoneEventAt48000IsPickedOverThe8000One() throws Exception {
        var sd = SessionDescription.parse(offer("m=audio 4000 RTP/AVP 109 9 0 101 110",
                "a=rtpmap:109 opus/48000/2", "a=fmtp:109 useinbandfec=0;maxplaybackrate=8000",
                "a=rtpmap:101 telephone-event/8000", "a=rtpmap:110 telephone-event/48000", "a=fmtp:110 0-16"));
        Answer a = SessionDescription.negotiate(sd, List.of(Codec.OPUS, Codec.G722, Codec.PCMU)).orElseThrow();
        assertEquals(109, a.payloadType());
        assertEquals(110, a.telephoneEventPt());
        assertFalse(a.opus().fec(), "useinbandfec=0: the peer does not want FEC");
        assertEquals(8000, a.opus().maxPlaybackRate());
        String text = a.toSdp("10.0.0.1", 20000, 7, 1).toString();
        assertTrue(text.contains("a=rtpmap:110 telephone-event/48000\r\n"), text);
    }

    @Test
    void g722IsStaticPayloadTypeNineAtClock8000() throws Exception {
        var sd = SessionDescription.parse(offer("m=audio 4000 RTP/AVP 9 8 101", "a=rtpmap:101 telephone-event/8000"));
        Answer a = SessionDescription.negotiate(sd, List.of(Codec.PCMA, Codec.G722)).orElseThrow();
        assertEquals(Codec.G722, a.codec());
        assertEquals(9, a.payloadType());
        assertEquals(101, a.telephoneEventPt());
        assertTrue(a.toSdp("10.0.0.1", 20000, 7, 1).toString().contains("a=rtpmap:9 G722/8000\r\n"));
        // G722/16000 is a common mistake: not G.722 as RTP defines it
        var wrong = SessionDescription.parse(offer("m=audio 4000 RTP/AVP 9", "a=rtpmap:9 G722/16000"));
        assertTrue(SessionDescription.negotiate(wrong, List.of(Codec.G722)).isEmpty());
    }

    @Test
    void ourOfferListsEveryCodecAndEventsAtBothClocks() throws Exception {
        String text = SessionDescription.offer("10.0.0.1", 20000, List.of(Codec.OPUS, Codec.G722, Codec.PCMU), 101,
                MediaDirection.SENDRECV, 1, 1).toString();
        assertTrue(text.contains("m=audio 20000 RTP/AVP 111 9 0 101 102\r\n"), text);
        assertTrue(text.contains("a=rtpmap:111 opus/48000/2\r\n"), text);
        assertTrue(text.contains("a=rtpmap:9 G722/8000\r\n"), text);
        assertTrue(text.contains("a=rtpmap:101 telephone-event/8000\r\n"), text);
        assertTrue(text.contains("a=rtpmap:102 telephone-event/48000\r\n"), text);
        // the answer to it comes back through the same rules
        var answer = SessionDescription.parse(offer("m=audio 5000 RTP/AVP 111 102", "a=rtpmap:111 opus/48000/2",
                "a=rtpmap:102 telephone-event/48000"));
        Answer a = SessionDescription.negotiateCodec(answer, List.of(Codec.OPUS, Codec.G722, Codec.PCMU), MediaDirection.SENDRECV)
                .orElseThrow();
        assertEquals(Codec.OPUS, a.codec());
        assertEquals(102, a.telephoneEventPt());
        String g711Only = SessionDescription.offer("10.0.0.1", 20000, List.of(Codec.PCMU), 101, MediaDirection.SENDRECV, 1, 1)
                .toString();
        assertFalse(g711Only.contains("48000"), "no 48 kHz events without Opus");
    }
}
