package dev.lifeline.dsp;

import static dev.lifeline.media.audio.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The JNI codec wrappers at their own 16 kHz: a tone above the telephone band (6 kHz) goes
 * through, which only a real wideband codec does, and Opus's in-band FEC rebuilds a frame whose
 * packet was lost better than concealment guesses it.
 */
class WidebandCodecTest {
    private static final int RATE = 16000, FRAME = 320;

    @Test
    void g722CarriesSixKilohertzAtLevel() {
        short[] in = sine(RATE, 6000, 0.3, RATE);
        short[] out = new short[in.length];
        byte[] payload = new byte[FRAME / 2];
        try (var enc = new G722Encoder(); var dec = new G722Decoder()) {
            for (int off = 0; off < in.length; off += FRAME) {
                assertEquals(160, enc.encode(in, off, FRAME, payload, 0), "64 kbit/s: 160 bytes per 20 ms");
                assertEquals(FRAME, dec.decode(payload, 0, 160, out, off));
            }
        }
        int half = out.length / 2;
        assertEquals(6000, peakHz(out, half, half, RATE, 200, 7900), 20);
        assertEquals(db(0.3), db(amplitudeAt(out, half, half, RATE, 6000)), 1.5, "level kept");
    }

    @Test
    void g722RefusesAnOddFrameAndAClosedContext() {
        var enc = new G722Encoder();
        assertThrows(IllegalStateException.class, () -> enc.encode(new short[321], 0, 321, new byte[200], 0));
        enc.close();
        assertThrows(IllegalStateException.class, () -> enc.encode(new short[320], 0, 320, new byte[200], 0));
    }

    @Test
    void opusCarriesSixKilohertzAtLevel() {
        short[] in = sine(RATE, 6000, 0.3, RATE);
        short[] out = new short[in.length];
        byte[] packet = new byte[1275];
        long bytes = 0;
        try (var enc = new OpusEncoder(new OpusEncoder.Settings(RATE, 32000, false, 0, 0, 5)); var dec = new OpusDecoder(RATE)) {
            for (int off = 0; off < in.length; off += FRAME) {
                int n = enc.encode(in, off, FRAME, packet, 0, packet.length);
                bytes += n;
                assertEquals(FRAME, dec.decode(packet, 0, n, out, off, FRAME));
            }
        }
        int half = out.length / 2;
        assertEquals(6000, peakHz(out, half, half, RATE, 200, 7900), 20);
        assertEquals(db(0.3), db(amplitudeAt(out, half, half, RATE, 6000)), 2, "level kept");
        double kbps = bytes * 8 / 1000.0; // one second of audio
        assertTrue(kbps > 20 && kbps < 45, "about the 32 kbit/s asked: " + kbps);
    }

    @Test
    void opusFecRebuildsALostFrameBetterThanConcealment() {
        // a tone that changes frequency at the lost frame: concealment can only continue the old one
        short[] in = new short[RATE];
        short[] a = sine(RATE, 500, 0.3, RATE), b = sine(RATE, 1200, 0.3, RATE);
        int lost = 25; // frame index
        for (int i = 0; i < in.length; i++) in[i] = i < lost * FRAME ? a[i] : b[i];
        byte[][] packets = new byte[RATE / FRAME][];
        try (var enc = new OpusEncoder(new OpusEncoder.Settings(RATE, 24000, true, 20, 0, 5))) {
            byte[] p = new byte[1275];
            for (int f = 0; f < packets.length; f++) {
                int n = enc.encode(in, f * FRAME, FRAME, p, 0, p.length);
                packets[f] = java.util.Arrays.copyOf(p, n);
            }
        }
        short[] fec = decodeLosing(packets, lost, true), plc = decodeLosing(packets, lost, false);
        int off = lost * FRAME + FRAME / 2, len = FRAME / 2; // the second half: past any cross-fade
        double fecLevel = amplitudeAt(fec, off, len, RATE, 1200), plcLevel = amplitudeAt(plc, off, len, RATE, 1200);
        assertTrue(db(fecLevel / 0.3) > -6, "FEC brings the new 1200 Hz back: " + db(fecLevel / 0.3) + " dB");
        assertTrue(fecLevel > 2 * plcLevel, "FEC " + fecLevel + " vs concealment " + plcLevel);
    }

    private static short[] decodeLosing(byte[][] packets, int lost, boolean useFec) {
        short[] out = new short[packets.length * FRAME];
        try (var dec = new OpusDecoder(RATE)) {
            for (int f = 0; f < packets.length; f++) {
                if (f == lost) continue;
                if (f == lost + 1) {
                    int n = useFec ? dec.recover(packets[f], 0, packets[f].length, out, lost * FRAME, FRAME)
                            : dec.conceal(out, lost * FRAME, FRAME);
                    assertEquals(FRAME, n);
                }
                assertEquals(FRAME, dec.decode(packets[f], 0, packets[f].length, out, f * FRAME, FRAME));
            }
        }
        return out;
    }

    @Test
    void opusRejectsGarbageWithoutCrashing() {
        try (var dec = new OpusDecoder(RATE)) {
            byte[] junk = new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 1, 2, 3};
            var e = assertThrows(IllegalStateException.class, () -> dec.decode(junk, 0, junk.length, new short[5760], 0, 5760));
            assertTrue(e.getMessage().contains("Opus"), e.getMessage());
        }
    }

    @Test
    void maxPlaybackRateLimitsTheBand() {
        assertEquals(OpusEncoder.NARROWBAND, OpusEncoder.Settings.bandwidthFor(8000));
        assertEquals(OpusEncoder.WIDEBAND, OpusEncoder.Settings.bandwidthFor(16000));
        assertEquals(0, OpusEncoder.Settings.bandwidthFor(48000));
        assertThrows(IllegalArgumentException.class, () -> new OpusEncoder.Settings(44100, 24000, true, 5, 0, 5));
    }
}
