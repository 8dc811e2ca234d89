package dev.lifeline.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The three-way mixer: each hears the others and not itself, one read per party per tick, saturation. */
class ConferenceTest {
    /** A party saying a constant and counting how often it was read. */
    private static final class Party implements AudioSource {
        final short value;
        int reads;
        Party(int value) { this.value = (short) value; }
        @Override public boolean read(short[] f) {
            reads++;
            Arrays.fill(f, value);
            return true;
        }
    }

    private static short[] heard(Conference c, int party) {
        short[] f = new short[160];
        c.output(party).read(f);
        return f;
    }

    @Test
    void eachPartyHearsTheSumOfTheOthersAndNotItself() {
        Party a = new Party(100), b = new Party(20), c = new Party(3);
        Conference conf = new Conference(a, b, c);
        conf.mix();
        assertEquals(23, heard(conf, 0)[0]);
        assertEquals(103, heard(conf, 1)[0]);
        assertEquals(120, heard(conf, 2)[159]);
    }

    @Test
    void everyPartyIsReadOncePerMixHoweverOftenTheOutputsAreRead() {
        Party a = new Party(1), b = new Party(2), c = new Party(3);
        Conference conf = new Conference(a, b, c);
        conf.mix();
        for (int i = 0; i < 5; i++) for (int p = 0; p < 3; p++) heard(conf, p);
        assertEquals(1, a.reads);
        assertEquals(1, b.reads);
        assertEquals(1, c.reads);
        assertArrayEquals(heard(conf, 0), heard(conf, 0), "the same frame until the next mix");
    }

    @Test
    void theSumSaturatesInsteadOfWrappingAround() {
        Conference conf = new Conference(new Party(30000), new Party(30000), new Party(-30000));
        conf.mix();
        assertEquals(Short.MAX_VALUE, heard(conf, 2)[0]);
        Conference neg = new Conference(new Party(-30000), new Party(-30000), new Party(0));
        neg.mix();
        assertEquals(Short.MIN_VALUE, heard(neg, 2)[0]);
    }

    @Test
    void aSilentPartyAddsNothingAndAloneWithSilenceThereIsNothingToHear() {
        Conference conf = new Conference(new Party(5), AudioSource.SILENCE, null);
        conf.mix();
        short[] f = new short[160];
        assertFalse(conf.output(0).read(f), "party 0 hears only silence");
        assertTrue(conf.output(1).read(f));
        assertEquals(5, f[0]);
        assertThrows(IllegalArgumentException.class, () -> new Conference(new Party(1)));
    }
}
