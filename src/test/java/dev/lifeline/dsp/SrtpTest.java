package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Known answers from libsrtp2's own srtp_validate / srtp_validate_gcm (srtp_driver.c): the
 * default suite (AES_CM_128_HMAC_SHA1_80) and AEAD_AES_128_GCM, RTP seq 0x1234, SSRC
 * 0xcafebabe, 16 bytes of 0xab; then round trips, tampering and replays.
 */
class SrtpTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] CM_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139" + "0ec675ad498afeebb6960b3aabe6");
    private static final byte[] GCM_KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f" + "a0a1a2a3a4a5a6a7a8a9aaab");
    private static final String RTP_PLAIN = "800f1234decafbadcafebabe" + "ab".repeat(16);
    private static final String RTCP_PLAIN = "81c8000bcafebabe" + "ab".repeat(16);

    private static byte[] buffer(String hex) {
        byte[] p = HEX.parseHex(hex);
        return Arrays.copyOf(p, p.length + Srtp.MAX_OVERHEAD);
    }

    @Test
    void nativeRoomMatchesTheJavaConstant() {
        assertEquals(Srtp.MAX_OVERHEAD, Native.srtpRoom0());
    }

    @Test
    void aesCm80MatchesLibsrtpReferencePacketsAndUnprotectsThem() {
        try (Srtp tx = Srtp.outbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, CM_KEY);
             Srtp rx = Srtp.inbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, CM_KEY)) {
            byte[] b = buffer(RTP_PLAIN);
            int n = tx.protectRtp(b, 28);
            assertEquals("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb",
                    HEX.formatHex(b, 0, n));
            assertEquals(28, rx.unprotectRtp(b, n));
            assertEquals(RTP_PLAIN, HEX.formatHex(b, 0, 28));

            byte[] c = buffer(RTCP_PLAIN);
            int m = tx.protectRtcp(c, 24);
            assertEquals("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798",
                    HEX.formatHex(c, 0, m));
            assertEquals(24, rx.unprotectRtcp(c, m));
            assertEquals(RTCP_PLAIN, HEX.formatHex(c, 0, 24));
        }
    }

    @Test
    void aesCm32HasTheSameCipherTextAndAFourByteTag() {
        try (Srtp tx = Srtp.outbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_32, CM_KEY)) {
            byte[] b = buffer(RTP_PLAIN);
            int n = tx.protectRtp(b, 28);
            assertEquals("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc", HEX.formatHex(b, 0, n));
        }
    }

    @Test
    void gcmMatchesLibsrtpReferencePacketWhenBuiltIn() {
        // Debian's libsrtp2 2.5.0 is built with NSS, which provides AES-GCM
        assertTrue(Srtp.isSupported(Srtp.Suite.AEAD_AES_128_GCM), "libsrtp2 here has AES-GCM");
        try (Srtp tx = Srtp.outbound(Srtp.Suite.AEAD_AES_128_GCM, GCM_KEY);
             Srtp rx = Srtp.inbound(Srtp.Suite.AEAD_AES_128_GCM, GCM_KEY)) {
            byte[] b = buffer(RTP_PLAIN);
            int n = tx.protectRtp(b, 28);
            assertEquals("800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392",
                    HEX.formatHex(b, 0, n));
            assertEquals(28, rx.unprotectRtp(b, n));
            assertEquals(RTP_PLAIN, HEX.formatHex(b, 0, 28));
            byte[] c = buffer(RTCP_PLAIN);
            int m = tx.protectRtcp(c, 24);
            assertEquals("81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e80000001",
                    HEX.formatHex(c, 0, m));
        }
    }

    @Test
    void tamperedWrongKeyAndReplayedPacketsAreRefusedAndCounted() {
        for (Srtp.Suite suite : Srtp.Suite.values()) {
            byte[] key = suite == Srtp.Suite.AEAD_AES_128_GCM ? GCM_KEY : CM_KEY;
            byte[] other = key.clone();
            other[0] ^= 1;
            try (Srtp tx = Srtp.outbound(suite, key); Srtp rx = Srtp.inbound(suite, key); Srtp wrong = Srtp.inbound(suite, other)) {
                byte[] b = buffer(RTP_PLAIN);
                int n = tx.protectRtp(b, 28);
                byte[] tampered = b.clone();
                tampered[20] ^= 0x01; // one payload bit
                assertEquals(Srtp.AUTH_FAILED, rx.unprotectRtp(tampered, n), suite + ": tampered payload");
                assertEquals(Srtp.AUTH_FAILED, wrong.unprotectRtp(b.clone(), n), suite + ": wrong key");
                byte[] copy = b.clone();
                assertEquals(28, rx.unprotectRtp(b, n), suite + ": the genuine packet still passes");
                assertEquals(Srtp.REPLAYED, rx.unprotectRtp(copy, n), suite + ": the same packet again is a replay");
                assertEquals(1, rx.authFailures());
                assertEquals(1, rx.replays());
                byte[] plain = buffer(RTP_PLAIN.replace("1234", "1235"));
                assertTrue(rx.unprotectRtp(plain, 28) < 0, suite + ": clear RTP is not accepted");
                assertEquals(Srtp.REJECTED, rx.unprotectRtp(new byte[8], 8), suite + ": runt");
            }
        }
    }

    @Test
    void roundTripOfAStreamAndAnSsrcChange() {
        try (Srtp tx = Srtp.outbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, CM_KEY);
             Srtp rx = Srtp.inbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, CM_KEY)) {
            for (int seq = 65530; seq < 65530 + 20; seq++) { // across the sequence number wrap (ROC)
                for (long ssrc : new long[] {0x11111111L, 0x22222222L}) {
                    byte[] b = new byte[12 + 160 + Srtp.MAX_OVERHEAD];
                    b[0] = (byte) 0x80;
                    b[2] = (byte) (seq >> 8);
                    b[3] = (byte) seq;
                    for (int i = 0; i < 4; i++) b[8 + i] = (byte) (ssrc >> (24 - 8 * i));
                    Arrays.fill(b, 12, 172, (byte) (seq & 0x7f));
                    byte[] sent = Arrays.copyOf(b, 172);
                    int n = tx.protectRtp(b, 172);
                    assertEquals(182, n);
                    assertFalse(Arrays.equals(sent, 12, 172, b, 12, 172), "payload encrypted");
                    assertEquals(172, rx.unprotectRtp(b, n));
                    assertArrayEquals(sent, Arrays.copyOf(b, 172));
                }
            }
        }
    }

    @Test
    void badArgumentsFailClearlyAndNothingShowsTheKey() {
        assertThrows(IllegalArgumentException.class, () -> Srtp.outbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, new byte[16]));
        Srtp tx = Srtp.outbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, CM_KEY);
        assertEquals("Srtp[AES_CM_128_HMAC_SHA1_80]", tx.toString());
        byte[] noRoom = HEX.parseHex(RTP_PLAIN);
        assertThrows(IllegalStateException.class, () -> tx.protectRtp(noRoom, noRoom.length), "no room for the tag");
        tx.close();
        assertThrows(IllegalStateException.class, () -> tx.protectRtp(buffer(RTP_PLAIN), 28));
        Srtp rx = Srtp.inbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, CM_KEY);
        rx.close();
        assertEquals(Srtp.REJECTED, rx.unprotectRtp(buffer(RTP_PLAIN), 28), "closed: refused, no exception on the receive path");
    }
}
