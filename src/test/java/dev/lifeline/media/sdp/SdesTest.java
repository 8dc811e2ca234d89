package dev.lifeline.media.sdp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.SrtpPolicy;
import dev.lifeline.dsp.Srtp;
import dev.lifeline.media.rtp.Codec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SDES (RFC 4568): a=crypto lines, and offer/answer under the three SRTP policies. */
class SdesTest {
    // RFC 4568 §4 and §8.1 (offer) / §8.2 (answer), as printed there
    static final String RFC_LINE_1 = "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4 FEC_ORDER=FEC_SRTP";
    static final String RFC_LINE_2 = "2 F8_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm|2^20|1:4;"
            + "inline:QUJjZGVmMTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5|2^20|2:4 FEC_ORDER=FEC_SRTP";
    static final String RFC_ANSWER = "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4";

    static final String KEY80 = Base64.getEncoder().encodeToString(new byte[30]).replace('A', 'Q');

    static String offer(String proto, String... cryptos) {
        StringBuilder b = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 10000 " + proto + " 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n");
        for (String c : cryptos) b.append("a=crypto:").append(c).append("\r\n");
        return b.append("a=sendrecv\r\n").toString();
    }

    @Test
    void parsesAndWritesTheRfc4568Examples() {
        CryptoAttribute a = CryptoAttribute.parse(RFC_LINE_1).orElseThrow();
        assertEquals(1, a.tag());
        assertEquals("AES_CM_128_HMAC_SHA1_80", a.suite());
        assertEquals(30, a.keySalt().length);
        assertEquals("2^20", a.lifetime());
        assertEquals(1, a.mki());
        assertEquals(4, a.mkiLength());
        assertEquals(List.of("FEC_ORDER=FEC_SRTP"), a.sessionParams());
        assertEquals("crypto:" + RFC_LINE_1, a.toSdp());

        CryptoAttribute b = CryptoAttribute.parse(RFC_LINE_2).orElseThrow();
        assertEquals(2, b.tag());
        assertEquals("F8_128_HMAC_SHA1_80", b.suite());
        assertEquals(2, b.keyCount());
        assertTrue(b.hasUnsupportedParameters());

        CryptoAttribute c = CryptoAttribute.parse(RFC_ANSWER).orElseThrow();
        assertEquals("crypto:" + RFC_ANSWER, c.toSdp());
        CryptoAttribute plain = CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_32 inline:" + KEY80).orElseThrow();
        assertFalse(plain.hasUnsupportedParameters());
        assertEquals("crypto:1 AES_CM_128_HMAC_SHA1_32 inline:" + KEY80, plain.toSdp());
        assertEquals("2^31", CryptoAttribute.parse("7 AES_CM_128_HMAC_SHA1_80 inline:" + KEY80 + "|2^31").orElseThrow().lifetime());
    }

    @Test
    void malformedLinesAreSkippedNotFatal() {
        for (String bad : List.of("x AES_CM_128_HMAC_SHA1_80 inline:" + KEY80, "1 AES_CM_128_HMAC_SHA1_80", "1 AES_CM_128_HMAC_SHA1_80 key:" + KEY80,
                "1 AES_CM_128_HMAC_SHA1_80 inline:***", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY80 + "|forever",
                "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY80 + "|1:0", "1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + KEY80))
            assertTrue(CryptoAttribute.parse(bad).isEmpty(), bad);
        var sd = parse(offer("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:***", "2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY80));
        assertEquals(List.of(2), sd.audio().cryptos().stream().map(CryptoAttribute::tag).toList());
    }

    @Test
    void keysNeverShowInToStrings() throws Exception {
        CryptoAttribute a = CryptoAttribute.parse(RFC_ANSWER).orElseThrow();
        assertFalse(a.toString().contains("PS1uQ"), a.toString());
        var sd = parse(offer("RTP/SAVP", RFC_ANSWER));
        assertFalse(sd.audio().toString().contains("PS1uQ"), sd.audio().toString());
        var answer = SessionDescription.negotiate(parse(offer("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY80)),
                List.of(Codec.PCMU), MediaDirection.SENDRECV, SrtpPolicy.OPTIONAL, Sdes::newKey).orElseThrow();
        assertFalse(answer.toString().contains(KEY80), answer.toString());
        assertFalse(answer.sdes().toString().contains(Base64.getEncoder().encodeToString(answer.sdes().localKey())));
        SdesOffer ours = SdesOffer.create(SrtpPolicy.MANDATORY);
        for (CryptoAttribute l : ours.lines()) assertFalse(ours.toString().contains(Base64.getEncoder().encodeToString(l.keySalt())));
    }

    @Test
    void answererTakesTheFirstUsableLineAndAnswersTheSameTagWithAFreshKey() {
        // the RFC's own offer has MKIs (not supported): tag 1 is skipped, as is the unknown F8 suite
        var rfc = parse(offer("RTP/SAVP", RFC_LINE_1, RFC_LINE_2));
        assertTrue(negotiate(rfc, SrtpPolicy.OPTIONAL).isEmpty(), "no usable line in an RTP/SAVP offer: 488");

        var sd = parse(offer("RTP/SAVP", "1 F8_128_HMAC_SHA1_80 inline:" + KEY80, "2 AES_CM_128_HMAC_SHA1_32 inline:" + KEY80,
                "3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY80));
        Answer a = negotiate(sd, SrtpPolicy.MANDATORY).orElseThrow();
        assertEquals(2, a.sdes().tag());
        assertEquals(Srtp.Suite.AES_CM_128_HMAC_SHA1_32, a.sdes().suite());
        assertArrayEquals(Base64.getDecoder().decode(KEY80), a.sdes().remoteKey());
        var rendered = parse(a.toSdp("127.0.0.1", 20000, 9, 1).toString());
        assertEquals("RTP/SAVP", rendered.audio().protocol());
        List<CryptoAttribute> lines = rendered.audio().cryptos();
        assertEquals(1, lines.size());
        assertEquals(2, lines.get(0).tag());
        assertEquals("AES_CM_128_HMAC_SHA1_32", lines.get(0).suite());
        assertArrayEquals(a.sdes().localKey(), lines.get(0).keySalt());
        assertFalse(java.util.Arrays.equals(a.sdes().localKey(), a.sdes().remoteKey()), "our own key, not theirs echoed");
        Answer again = negotiate(sd, SrtpPolicy.MANDATORY).orElseThrow();
        assertFalse(java.util.Arrays.equals(a.sdes().localKey(), again.sdes().localKey()), "fresh key per negotiation");

        var gcm = parse(offer("RTP/SAVP", "5 AEAD_AES_128_GCM inline:" + Base64.getEncoder().encodeToString(new byte[28])));
        assertEquals(Srtp.Suite.AEAD_AES_128_GCM, negotiate(gcm, SrtpPolicy.OPTIONAL).orElseThrow().sdes().suite());
        var shortKey = parse(offer("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + Base64.getEncoder().encodeToString(new byte[16])));
        assertTrue(negotiate(shortKey, SrtpPolicy.OPTIONAL).isEmpty(), "wrong key length");
    }

    @Test
    void policyMatrixForOffers() {
        var savp = parse(offer("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY80));
        var avpWithCrypto = parse(offer("RTP/AVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY80));
        var avp = parse(offer("RTP/AVP"));
        var dtls = parse(offer("UDP/TLS/RTP/SAVP"));

        assertTrue(negotiate(savp, SrtpPolicy.OFF).isEmpty(), "off: RTP/SAVP-only offer gets 488");
        assertNull(negotiate(avpWithCrypto, SrtpPolicy.OFF).orElseThrow().sdes(), "off: best-effort crypto ignored");
        assertNull(negotiate(avp, SrtpPolicy.OFF).orElseThrow().sdes());

        assertNotNull(negotiate(savp, SrtpPolicy.OPTIONAL).orElseThrow().sdes());
        assertNotNull(negotiate(avpWithCrypto, SrtpPolicy.OPTIONAL).orElseThrow().sdes(), "optional: best-effort SDES taken");
        assertNull(negotiate(avp, SrtpPolicy.OPTIONAL).orElseThrow().sdes());

        assertNotNull(negotiate(savp, SrtpPolicy.MANDATORY).orElseThrow().sdes());
        assertNotNull(negotiate(avpWithCrypto, SrtpPolicy.MANDATORY).orElseThrow().sdes(), "mandatory: SRTP either way");
        assertTrue(negotiate(avp, SrtpPolicy.MANDATORY).isEmpty(), "mandatory: plain RTP offer gets 488");

        for (SrtpPolicy p : SrtpPolicy.values()) assertTrue(negotiate(dtls, p).isEmpty(), "no DTLS-SRTP");
        String answered = negotiate(avpWithCrypto, SrtpPolicy.OPTIONAL).orElseThrow().toSdp("127.0.0.1", 20000, 9, 1).toString();
        assertTrue(answered.contains("m=audio 20000 RTP/AVP 0 101"), answered);
        assertTrue(answered.contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"), answered);
    }

    @Test
    void ourOffersPerPolicyAndTheirAnswers() {
        SdesOffer off = SdesOffer.create(SrtpPolicy.OFF);
        String offOffer = SessionDescription.offer("127.0.0.1", 20000, List.of(Codec.PCMU), 101, MediaDirection.SENDRECV, 1, 1, off).toString();
        assertTrue(offOffer.contains("RTP/AVP") && !offOffer.contains("crypto"), offOffer);

        SdesOffer opt = SdesOffer.create(SrtpPolicy.OPTIONAL);
        var optOffer = parse(SessionDescription.offer("127.0.0.1", 20000, List.of(Codec.PCMU), 101, MediaDirection.SENDRECV, 1, 1, opt).toString());
        assertEquals("RTP/AVP", optOffer.audio().protocol());
        assertEquals(List.of("AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_32"),
                optOffer.audio().cryptos().stream().map(CryptoAttribute::suite).toList());
        assertEquals(List.of(1, 2, 3), optOffer.audio().cryptos().stream().map(CryptoAttribute::tag).toList());

        SdesOffer mand = SdesOffer.create(SrtpPolicy.MANDATORY);
        var mandOffer = parse(SessionDescription.offer("127.0.0.1", 20000, List.of(Codec.PCMU), 101, MediaDirection.SENDRECV, 1, 1, mand).toString());
        assertEquals("RTP/SAVP", mandOffer.audio().protocol());

        // the far end answers our offer by answering it as the gateway would (same code, other side)
        Answer theirs = negotiate(mandOffer, SrtpPolicy.MANDATORY).orElseThrow();
        var answerSdp = parse(theirs.toSdp("127.0.0.2", 30000, 5, 1).toString());
        Optional<Sdes> agreed = mand.accept(answerSdp);
        assertTrue(agreed.isPresent());
        assertEquals(1, agreed.get().tag());
        assertArrayEquals(mand.lines().get(0).keySalt(), agreed.get().localKey(), "we send with the key we offered on that tag");
        assertArrayEquals(theirs.sdes().localKey(), agreed.get().remoteKey(), "and receive with theirs");
        assertTrue(mand.acceptable(answerSdp, agreed));

        var plainAnswer = parse(offer("RTP/AVP"));
        assertTrue(opt.accept(plainAnswer).isEmpty());
        assertTrue(opt.acceptable(plainAnswer, Optional.empty()), "optional: a plain answer is fine");
        assertFalse(mand.acceptable(plainAnswer, Optional.empty()), "mandatory: not");
        var wrongTag = parse(offer("RTP/SAVP", "9 AES_CM_128_HMAC_SHA1_80 inline:" + KEY80));
        assertTrue(mand.accept(wrongTag).isEmpty(), "a tag we did not offer");
        assertFalse(opt.acceptable(wrongTag, Optional.empty()), "RTP/SAVP answer without agreed keys");
    }

    private static Optional<Answer> negotiate(SessionDescription sd, SrtpPolicy p) {
        return SessionDescription.negotiate(sd, List.of(Codec.PCMU, Codec.PCMA), MediaDirection.SENDRECV, p, Sdes::newKey);
    }

    private static SessionDescription parse(String s) {
        try {
            return SessionDescription.parse(s);
        } catch (SdpException e) {
            throw new AssertionError(e);
        }
    }
}
