package dev.lifeline.rig.audio;

import dev.lifeline.dsp.ToneSpec;
import dev.lifeline.rig.phone.ReferenceTones;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.ZoneTones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cadence classifier on synthetic audio (no sockets, no waiting): every zone tone is told from the others. */
public class ToneClassifierTest {

    /** {@code leadMs} of silence, then the tone for {@code ms}. */
    public static short[] audio(ToneSpec spec, int leadMs, int ms) {
        short[] pcm = new short[(leadMs + ms) * 8];
        new SpecPlayer(spec).generate(pcm, leadMs * 8, ms * 8);
        return pcm;
    }

    public static int lengthMs(ToneSpec s) {
        int sum = 0;
        for (ToneSpec.Segment seg : s.segments()) sum += seg.durationMs() == 0 ? 1000 : seg.durationMs();
        return sum;
    }

    @ParameterizedTest
    @ValueSource(strings = {"us", "uk", "de", "fr", "eu"})
    void eachZoneToneIsRecognisedAndNotMistakenForAnother(String zone) {
        ZoneTones z = ReferenceTones.of(zone);
        List<String> errors = new ArrayList<>();
        for (ToneKind played : ToneKind.values()) {
            ToneSpec spec = z.spec(played);
            if (spec == null) continue;
            short[] pcm = audio(spec, 700, 2 * lengthMs(spec) + 1200);
            for (ToneKind tested : ToneKind.values()) {
                ToneClassifier c = z.classifier(tested);
                if (c == null) continue;
                boolean same = z.spec(tested) == spec
                        || ((played == ToneKind.STUTTER_DIAL || played == ToneKind.MWI_DIAL) && tested == ToneKind.DIAL);
                boolean got = c.matches(pcm, pcm.length, 0);
                if (got != same) errors.add(zone + ": played " + played + ", " + tested + " classifier said " + got);
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void ringbackIsRecognisedAfterOneCycleAndALittle() {
        ToneClassifier c = ReferenceTones.us().classifier(ToneKind.RINGBACK);
        short[] pcm = audio(ReferenceTones.us().spec(ToneKind.RINGBACK), 300, 6400);
        assertTrue(c.matches(pcm, pcm.length, 0), "2 s on, 4 s off and 400 ms of the next burst");
        assertFalse(c.matches(pcm, (300 + 6000) * 8, 0), "the off part is not complete yet");
    }

    @Test
    void aToneThatStoppedBeforeTheCallDoesNotCount() {
        ToneSpec dial = ReferenceTones.us().spec(ToneKind.DIAL);
        ToneClassifier c = ReferenceTones.us().classifier(ToneKind.DIAL);
        short[] pcm = new short[3000 * 8];
        new SpecPlayer(dial).generate(pcm, 0, 1500 * 8);
        assertTrue(c.matches(pcm, pcm.length, 1400 * 8));
        assertFalse(c.matches(pcm, pcm.length, 1600 * 8));
    }

    @Test
    void cadenceOffByMoreThanTheToleranceIsRejected() {
        ZoneTones us = ReferenceTones.us();
        ToneSpec slowBusy = ToneSpec.cadence("slow", -24, new int[] {480, 620}, 560, 560);
        short[] pcm = audio(slowBusy, 200, 4000);
        assertFalse(us.classifier(ToneKind.BUSY).matches(pcm, pcm.length, 0));
        ToneSpec okBusy = ToneSpec.cadence("ok", -24, new int[] {480, 620}, 530, 470);
        pcm = audio(okBusy, 200, 4000);
        assertTrue(us.classifier(ToneKind.BUSY).matches(pcm, pcm.length, 0));
    }

    @Test
    void quietToneBelowMinus40Dbm0IsNotATone() {
        ToneSpec faint = ToneSpec.steady("faint", -50, 350, 440);
        short[] pcm = audio(faint, 0, 2000);
        assertFalse(ReferenceTones.us().classifier(ToneKind.DIAL).matches(pcm, pcm.length, 0));
        assertTrue(ToneClassifier.quiet(pcm, pcm.length, 0, 500, ToneClassifier.DEFAULT_MIN_DBM0));
    }
}
