package dev.lifeline.media.sdp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.media.rtp.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {
    static final String BARESIP = String.join("\r\n",
            "v=0",
            "o=- 1457405862 2385218741 IN IP4 192.168.1.50",
            "s=-",
            "c=IN IP4 192.168.1.50",
            "t=0 0",
            "a=tool:baresip 1.0.0",
            "m=audio 10432 RTP/AVP 96 0 8 101",
            "b=AS:64",
            "a=rtpmap:96 opus/48000/2",
            "a=fmtp:96 stereo=1;sprop-stereo=1",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=rtcp-rsize",
            "a=sendrecv",
            "a=label:1",
            "a=ssrc:2937419281 cname:0a7e8b3d-3f3e",
            "a=ptime:20",
            "m=video 10434 RTP/AVP 97",
            "a=rtpmap:97 H264/90000",
            "") ;

    static final String SIPP = "v=0\n"
            + "o=user1 53655765 2353687637 IN IP4 127.0.1.1\n"
            + "s=-\n"
            + "c=IN IP4 127.0.1.1\n"
            + "t=0 0\n"
            + "m=audio 6000 RTP/AVP 0\n"
            + "a=rtpmap:0 PCMU/8000\n";

    @Test
    void parsesBaresipOffer() throws Exception {
        var sd = SessionDescription.parse(BARESIP);
        assertEquals(1457405862L, sd.sessionId());
        assertEquals(2385218741L, sd.sessionVersion());
        assertEquals("192.168.1.50", sd.audioConnection());
        var audio = sd.audio();
        assertEquals(10432, audio.port());
        assertEquals(List.of(96, 0, 8, 101), audio.payloadTypes());
        assertEquals("opus", audio.encodingName(96));
        assertEquals(48000, audio.clockRate(96));
        assertEquals("PCMU", audio.encodingName(0)); // static, no rtpmap
        assertEquals(101, audio.telephoneEventPt());
        assertEquals("0-15", audio.fmtps().get(101));
        assertEquals(20, audio.ptime());
        assertEquals(MediaDirection.SENDRECV, sd.audioDirection());
        assertEquals(2, sd.media().size());

        Answer a = SessionDescription.negotiate(sd, List.of(Codec.PCMA, Codec.PCMU)).orElseThrow();
        assertEquals(Codec.PCMU, a.codec(), "first remote codec we support");
        assertEquals(101, a.telephoneEventPt());
        assertEquals(MediaDirection.SENDRECV, a.direction());
        assertEquals(10432, a.remoteRtp().getPort());
        assertEquals("192.168.1.50", a.remoteRtp().getHostString());

        var ans = a.toSdp("10.0.0.1", 20000, 42, 1);
        String text = ans.toString();
        assertTrue(text.contains("m=audio 20000 RTP/AVP 0 101\r\n"), text);
        assertTrue(text.contains("a=fmtp:101 0-15\r\n"), text);
        assertTrue(text.contains("m=video 0 RTP/AVP 97\r\n"), "video rejected in place: " + text);
        assertEquals(ans, SessionDescription.parse(text));
    }

    @Test
    void parsesSippOfferWithLfOnly() throws Exception {
        var sd = SessionDescription.parse(SIPP);
        assertEquals("127.0.1.1", sd.audioConnection());
        assertEquals(6000, sd.audio().port());
        assertEquals(-1, sd.audio().telephoneEventPt());
        Answer a = SessionDescription.negotiate(sd, List.of(Codec.PCMA, Codec.PCMU)).orElseThrow();
        assertEquals(Codec.PCMU, a.codec());
        assertEquals(-1, a.telephoneEventPt());
        assertFalse(a.toSdp("10.0.0.1", 20000, 1, 1).toString().contains("telephone-event"));
    }

    @Test
    void noCommonCodecOrRejectedStreamGivesEmpty() throws Exception {
        var sd = SessionDescription.parse(SIPP);
        assertTrue(SessionDescription.negotiate(sd, List.of(Codec.PCMA)).isEmpty());
        var rejected = SessionDescription.parse(SIPP.replace("m=audio 6000", "m=audio 0"));
        assertTrue(SessionDescription.negotiate(rejected, List.of(Codec.PCMU)).isEmpty());
        var srtp = SessionDescription.parse(SIPP.replace("RTP/AVP", "RTP/SAVP"));
        assertTrue(SessionDescription.negotiate(srtp, List.of(Codec.PCMU)).isEmpty());
    }

    @Test
    void holdOffersMirrorDirection() throws Exception {
        var sendonly = SessionDescription.parse(SIPP + "a=sendonly\n");
        assertTrue(sendonly.isHold());
        assertEquals(MediaDirection.RECVONLY, SessionDescription.negotiate(sendonly, List.of(Codec.PCMU)).orElseThrow().direction());

        var inactive = SessionDescription.parse(SIPP + "a=inactive\n");
        assertEquals(MediaDirection.INACTIVE, SessionDescription.negotiate(inactive, List.of(Codec.PCMU)).orElseThrow().direction());

        var recvonly = SessionDescription.parse(SIPP + "a=recvonly\n");
        assertEquals(MediaDirection.SENDONLY, SessionDescription.negotiate(recvonly, List.of(Codec.PCMU)).orElseThrow().direction());

        // session-level attribute applies when the media has none
        var sessionLevel = SessionDescription.parse(SIPP.replace("t=0 0\n", "t=0 0\na=sendonly\n"));
        assertEquals(MediaDirection.SENDONLY, sessionLevel.audioDirection());

        // RFC 2543 hold: c=0.0.0.0
        var old = SessionDescription.parse(SIPP.replace("c=IN IP4 127.0.1.1", "c=IN IP4 0.0.0.0"));
        assertTrue(old.isHold());
        Answer a = SessionDescription.negotiate(old, List.of(Codec.PCMU)).orElseThrow();
        assertEquals(MediaDirection.INACTIVE, a.direction());
        assertNull(a.remoteRtp());
    }

    @Test
    void mediaLevelConnectionWins() throws Exception {
        var sd = SessionDescription.parse(SIPP.replace("a=rtpmap", "c=IN IP4 10.9.8.7\na=rtpmap"));
        assertEquals("10.9.8.7", sd.audioConnection());
        assertEquals("10.9.8.7", SessionDescription.negotiate(sd, List.of(Codec.PCMU)).orElseThrow().remoteRtp().getHostString());
    }

    @Test
    void offerRendersAndRoundTrips() throws Exception {
        var offer = SessionDescription.offer("10.1.2.3", 20002, List.of(Codec.PCMU, Codec.PCMA), 101, MediaDirection.SENDRECV, 7, 1);
        String text = offer.toString();
        assertEquals(String.join("\r\n",
                "v=0",
                "o=lifeline 7 1 IN IP4 10.1.2.3",
                "s=Lifeline",
                "c=IN IP4 10.1.2.3",
                "t=0 0",
                "m=audio 20002 RTP/AVP 0 8 101",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:8 PCMA/8000",
                "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-16",
                "a=ptime:20",
                "a=sendrecv",
                ""), text);
        var back = SessionDescription.parse(text);
        assertEquals(offer, back);
        assertEquals(text, back.toString());
        var again = SessionDescription.parse(BARESIP);
        assertEquals(again.toString(), SessionDescription.parse(again.toString()).toString());

        var held = SessionDescription.offer("10.1.2.3", 20002, List.of(Codec.PCMA), -1, MediaDirection.SENDONLY, 7, 2);
        assertTrue(held.toString().contains("a=sendonly\r\n"));
        assertEquals(2, SessionDescription.parse(held.toString()).sessionVersion());
        assertEquals(3, held.withVersion(3).sessionVersion());
    }

    @Test
    void garbageGivesClearErrors() {
        assertMessage("", "empty");
        assertMessage("hello world", "line 1");
        assertMessage("v=1\r\n", "v=0");
        assertMessage("v=0\r\ns=-\r\nm=audio 1 RTP/AVP 0\r\n", "o=");
        assertMessage("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\n", "no m=audio");
        assertMessage("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio port RTP/AVP 0\r\n", "line 4: bad port");
        assertMessage("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 70000 RTP/AVP 0\r\n", "out of range");
        assertMessage("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 4000 RTP/AVP 0 x\r\n", "payload type 'x'");
        assertMessage("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN XX 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\n", "c=");
        assertMessage("v=0\r\no=- x 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\n", "session id");
        assertMessage("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\na=ptime:abc\r\n", "ptime");
    }

    private static void assertMessage(String sdp, String part) {
        SdpException e = assertThrows(SdpException.class, () -> SessionDescription.parse(sdp));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
