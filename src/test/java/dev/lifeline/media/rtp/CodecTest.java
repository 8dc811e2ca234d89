package dev.lifeline.media.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {
    @Test
    void knownMuLawValues() {
        assertEquals((byte) 0xFF, G711.ulaw((short) 0));
        assertEquals((byte) 0x80, G711.ulaw(Short.MAX_VALUE));
        assertEquals((byte) 0x00, G711.ulaw(Short.MIN_VALUE));
        assertEquals(0, G711.ulawDecode((byte) 0xFF));
        assertEquals(0, G711.ulawDecode((byte) 0x7F));
        assertEquals(32124, G711.ulawDecode((byte) 0x80));
        assertEquals(-32124, G711.ulawDecode((byte) 0x00));
        assertEquals(-8, G711.ulawDecode((byte) 0x7E));
    }

    @Test
    void knownALawValues() {
        assertEquals((byte) 0xD5, G711.alaw((short) 0));
        assertEquals((byte) 0xAA, G711.alaw(Short.MAX_VALUE));
        assertEquals((byte) 0x2A, G711.alaw(Short.MIN_VALUE));
        assertEquals(8, G711.alawDecode((byte) 0xD5));
        assertEquals(-8, G711.alawDecode((byte) 0x55));
        assertEquals(32256, G711.alawDecode((byte) 0xAA));
        assertEquals(-32256, G711.alawDecode((byte) 0x2A));
    }

    @Test
    void tablesMatchReferenceForEverySample() {
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            // the reference on the sample with the bits the table ignores cleared
            assertEquals((byte) G711.linearToUlaw((short) (s & ~3)), G711.ulaw((short) s), "ulaw " + s);
            assertEquals((byte) G711.linearToAlaw((short) (s & ~7)), G711.alaw((short) s), "alaw " + s);
        }
    }

    @Test
    void decodeEncodeIsIdentityOnCodes() {
        for (Codec c : List.of(Codec.PCMU, Codec.PCMA)) { // the table codecs; G.722 and Opus: CodecFramesTest
            for (int code = 0; code < 256; code++) {
                short[] pcm = new short[1];
                c.decode(new byte[] {(byte) code}, 0, 1, pcm);
                byte back = c.encode(pcm)[0];
                if (c == Codec.PCMU && code == 0x7F) continue; // -0 and +0 both decode to 0
                assertEquals((byte) code, back, c + " code " + code);
            }
        }
    }

    @Test
    void roundTripErrorWithinHalfAStep() {
        for (Codec c : List.of(Codec.PCMU, Codec.PCMA)) { // the table codecs; G.722 and Opus: CodecFramesTest
            short[] pcm = new short[65536];
            for (int i = 0; i < pcm.length; i++) pcm[i] = (short) (i - 32768);
            short[] out = new short[pcm.length];
            c.decode(c.encode(pcm), 0, pcm.length, out);
            for (int i = 0; i < pcm.length; i++) {
                int err = Math.abs(out[i] - pcm[i]);
                int mag = Math.abs(pcm[i]);
                // G.711 quantisation: step 2^(seg+1..4); half a step is under 3.3 % of the value plus the step near zero
                int bound = (int) (mag * 0.033) + (c == Codec.PCMU ? 8 : 16);
                if (mag > 32000) bound = 1100; // clipping of the top segment
                assertTrue(err <= bound, c + ": " + pcm[i] + " -> " + out[i]);
            }
        }
    }

    @Test
    void payloadTypesAndNames() {
        assertEquals(0, Codec.PCMU.payloadType());
        assertEquals(8, Codec.PCMA.payloadType());
        assertEquals(Codec.PCMA, Codec.forEncodingName("pcma").orElseThrow());
        assertEquals(Codec.PCMU, Codec.forPayloadType(0).orElseThrow());
        assertTrue(Codec.forPayloadType(18).isEmpty());
    }

    @Test
    void shortPayloadIsZeroFilled() {
        short[] out = new short[160];
        java.util.Arrays.fill(out, (short) 99);
        Codec.PCMU.decode(new byte[] {(byte) 0x80}, 0, 1, out);
        assertEquals(32124, out[0]);
        assertEquals(0, out[1]);
        assertEquals(0, out[159]);
    }
}
