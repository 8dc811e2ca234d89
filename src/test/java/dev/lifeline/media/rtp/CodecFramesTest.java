package dev.lifeline.media.rtp;

import static dev.lifeline.media.audio.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The per-session coders as the RTP session drives them: 20 ms of 8 kHz in, the same tone and level out. */
class CodecFramesTest {

    @ParameterizedTest
    @EnumSource(Codec.class)
    void narrowbandToneRoundTripsAtFrequencyAndLevel(Codec codec) {
        short[] in = sine(8000, 1000, 0.25, 16000); // 2 s
        short[] out = new short[in.length];
        byte[] payload = new byte[1500];
        short[] frame = new short[160];
        try (FrameEncoder enc = codec.openEncoder(OpusParams.DEFAULT); FrameDecoder dec = codec.openDecoder()) {
            for (int off = 0; off < in.length; off += 160) {
                System.arraycopy(in, off, frame, 0, 160);
                int n = enc.encode(frame, payload, 0);
                if (codec == Codec.G722) assertEquals(160, n);
                if (codec == Codec.OPUS) assertTrue(n > 10 && n < 200, "an Opus packet of " + n + " bytes");
                dec.decode(payload, 0, n, frame);
                System.arraycopy(frame, 0, out, off, 160);
            }
        }
        int half = out.length / 2;
        assertEquals(1000, peakHz(out, half, half, 8000, 200, 3800), 10, codec.toString());
        assertEquals(db(0.25), db(amplitudeAt(out, half, half, 8000, 1000)), 1.0, codec + " level");
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"PCMU", "PCMA", "G722"})
    void onlyOpusHasFec(Codec codec) {
        try (FrameDecoder dec = codec.openDecoder()) {
            assertFalse(dec.recoverPrevious(new byte[160], 0, 160, new short[160]));
        }
    }
}
