package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SrtpCostTest {
    @Test
    void aPacketCostsFarLessThanItsTwentyMilliseconds() {
        for (Srtp.Suite s : Srtp.Suite.values()) {
            double us = SrtpCost.microsPerPacket(s, 2000);
            assertTrue(us > 0 && us < 1000, s + ": µs/packet " + us);
        }
        assertThrows(IllegalArgumentException.class, () -> SrtpCost.microsPerPacket(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, 0));
    }
}
