package dev.lifeline.call;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.RedPolicy;
import dev.lifeline.config.SrtpPolicy;
import dev.lifeline.media.rtp.CodecPreferences;
import dev.lifeline.media.rtp.RtpPortPool;
import dev.lifeline.media.sdp.MediaDescription;
import dev.lifeline.media.sdp.SessionDescription;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 2198 {@code red/8000} in a SIP leg's offer/answer under each {@code sip.red} policy, and what the RTP session is told. */
class SipMediaRedTest {
    static final String OFFER_RED = "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 121 0 8 101\r\na=rtpmap:121 red/8000\r\na=fmtp:121 0/0\r\na=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\n";
    static final String OFFER_PLAIN = OFFER_RED.replace(" 121 0 8 101", " 0 8 101").replace("a=rtpmap:121 red/8000\r\na=fmtp:121 0/0\r\n", "");

    RtpPortPool pool;

    @BeforeEach
    void open() { pool = new RtpPortPool("127.0.0.1", 36000, 36999); }

    @AfterEach
    void close() { pool.close(); }

    private SipMedia leg(RedPolicy red) {
        return new SipMedia(pool.open(), "127.0.0.1", SrtpPolicy.OFF, CodecPreferences.G711.withRed(red));
    }

    private static MediaDescription audio(String sdp) throws Exception { return SessionDescription.parse(sdp).audio(); }

    @Test
    void anOfferWithRedIsAnsweredWithRedOnTheOfferersPayloadTypeByDefault() throws Exception {
        try (SipMedia m = leg(RedPolicy.ANSWER)) {
            MediaDescription a = audio(m.answer(OFFER_RED));
            assertEquals(List.of(0, 121, 101), a.payloadTypes(), "codec first, then red, then events");
            assertEquals("red", a.encodingName(121));
            assertEquals("0/0", a.fmtps().get(121));
            assertEquals(121, m.rtp().redPayloadType());
        }
    }

    @Test
    void withoutRedInTheOfferOrWithRedOffNothingChanges() throws Exception {
        try (SipMedia plain = leg(RedPolicy.OFFER); SipMedia off = leg(RedPolicy.OFF)) {
            assertEquals(List.of(0, 101), audio(plain.answer(OFFER_PLAIN)).payloadTypes());
            assertEquals(-1, plain.rtp().redPayloadType());
            assertEquals(List.of(0, 101), audio(off.answer(OFFER_RED)).payloadTypes(), "sip.red: off ignores the peer's red");
            assertEquals(-1, off.rtp().redPayloadType());
        }
    }

    @Test
    void redForAnotherCodecOrWithMixedBlocksIsNotTaken() throws Exception {
        try (SipMedia pcma = leg(RedPolicy.ANSWER); SipMedia mixed = leg(RedPolicy.ANSWER)) {
            assertFalse(audio(pcma.answer(OFFER_RED.replace("0/0", "8/8"))).payloadTypes().contains(121), "red of PCMA while PCMU is chosen");
            assertFalse(audio(mixed.answer(OFFER_RED.replace("0/0", "0/8"))).payloadTypes().contains(121), "mixed blocks");
            assertEquals(-1, mixed.rtp().redPayloadType());
        }
    }

    @Test
    void redIsOfferedOnlyWhenConfiguredAndAfterTheCodecs() throws Exception {
        try (SipMedia offer = leg(RedPolicy.OFFER); SipMedia answer = leg(RedPolicy.ANSWER)) {
            MediaDescription o = audio(offer.offer());
            assertEquals(List.of(0, 8, 100, 101), o.payloadTypes(), "a peer picking the first type it knows still gets PCMU");
            assertEquals("red", o.encodingName(100));
            assertEquals("0/0", o.fmtps().get(100));
            assertFalse(audio(answer.offer()).payloadTypes().contains(100), "sip.red: answer does not offer it");
        }
    }

    @Test
    void theAnswerToOurRedOfferTurnsItOnOrLeavesItOff() throws Exception {
        String answerRed = OFFER_RED.replace(" 121 0 8 101", " 0 100 101").replace("121", "100");
        try (SipMedia on = leg(RedPolicy.OFFER); SipMedia plain = leg(RedPolicy.OFFER); SipMedia notOffered = leg(RedPolicy.ANSWER)) {
            on.offer();
            assertTrue(on.accept(answerRed));
            assertEquals(100, on.rtp().redPayloadType());
            plain.offer();
            assertTrue(plain.accept(OFFER_PLAIN));
            assertEquals(-1, plain.rtp().redPayloadType(), "the peer did not pick red");
            notOffered.offer();
            assertTrue(notOffered.accept(answerRed));
            assertEquals(-1, notOffered.rtp().redPayloadType(), "red in an answer to an offer without it is ignored");
        }
    }
}
