package dev.lifeline.media.audio;

import static dev.lifeline.media.audio.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static final double AMP = 0.5;

    /** Level of {@code freq} at the output relative to the input's, in dB, over the settled second half. */
    private static double gainDb(int in, int out, double freq, double measureAt) {
        Resampler r = new Resampler(in, out);
        short[] x = sine(in, freq, AMP, in); // one second
        short[] y = inFrames(r, x);
        assertEquals(out, y.length, "whole frames give exactly out-rate samples per second");
        int half = y.length / 2;
        return db(amplitudeAt(y, half, half, out, measureAt) / AMP);
    }

    @ParameterizedTest(name = "{0} -> {1} Hz passes {2} Hz flat")
    @CsvSource({ "8000,16000,300", "8000,16000,1000", "8000,16000,3400", "16000,8000,300", "16000,8000,1000", "16000,8000,3400",
            "8000,48000,1000", "8000,48000,3400", "48000,8000,300", "48000,8000,3400", "16000,48000,7000", "48000,16000,6000" })
    void passBandIsFlat(int in, int out, double freq) {
        double g = gainDb(in, out, freq, freq);
        assertTrue(Math.abs(g) < 0.2, in + "->" + out + " at " + freq + " Hz: " + g + " dB");
    }

    @ParameterizedTest(name = "{0} -> {1} Hz: a {2} Hz tone is gone (no alias at {3} Hz)")
    @CsvSource({ "16000,8000,5000,3000", "16000,8000,4200,3800", "16000,8000,7000,1000", "48000,8000,5000,3000",
            "48000,8000,10000,2000", "48000,8000,20000,4000", "48000,16000,9000,7000", "48000,16000,20000,4000" })
    void stopBandIsAttenuatedAndNothingAliases(int in, int out, double freq, double alias) {
        Resampler r = new Resampler(in, out);
        short[] x = sine(in, freq, AMP, in);
        short[] y = inFrames(r, x);
        int half = y.length / 2;
        double aliasDb = db(amplitudeAt(y, half, half, out, alias) / AMP);
        double totalDb = db(rms(y, half, half) * Math.sqrt(2) / AMP);
        assertTrue(aliasDb < -60, freq + " Hz folded to " + alias + " Hz at " + aliasDb + " dB");
        assertTrue(totalDb < -60, "everything left of " + freq + " Hz: " + totalDb + " dB");
    }

    @ParameterizedTest(name = "{0} -> {1} Hz: no image of {2} Hz at {3} Hz")
    @CsvSource({ "8000,16000,3000,5000", "8000,16000,1000,7000", "8000,48000,3000,5000", "8000,48000,1000,9000",
            "8000,48000,2000,14000", "16000,48000,5000,11000" })
    void upsamplingLeavesNoImages(int in, int out, double freq, double image) {
        double g = gainDb(in, out, freq, image);
        assertTrue(g < -60, "image of " + freq + " Hz at " + image + " Hz: " + g + " dB");
    }

    @Test
    void framesJoinWithoutASeam() {
        short[] x = sine(8000, 1000, AMP, 8000);
        Resampler whole = new Resampler(8000, 48000);
        short[] once = new short[48000];
        assertEquals(48000, whole.process(x, 0, x.length, once, 0));
        short[] framed = inFrames(new Resampler(8000, 48000), x);
        for (int i = 0; i < once.length; i++) assertTrue(Math.abs(once[i] - framed[i]) <= 1, "sample " + i);
    }

    @Test
    void roundTripThroughWidebandKeepsLevelAndFrequency() {
        short[] x = sine(8000, 1000, AMP, 8000);
        short[] y = inFrames(new Resampler(48000, 8000), inFrames(new Resampler(8000, 48000), x));
        int half = y.length / 2;
        assertEquals(1000, peakHz(y, half, half, 8000, 200, 3800), 10);
        assertEquals(0, db(amplitudeAt(y, half, half, 8000, 1000) / AMP), 0.3);
    }

    @Test
    void delayIsAFewMilliseconds() {
        Resampler r = new Resampler(8000, 48000);
        double ms = r.delaySamples() / 48.0;
        assertTrue(ms > 0.5 && ms < 6, "delay " + ms + " ms");
    }
}
