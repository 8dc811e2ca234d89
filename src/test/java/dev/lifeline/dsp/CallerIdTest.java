package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.testutil.Goertzel;
import java.time.LocalDateTime;
import java.time.Year;
import org.junit.jupiter.api.Test;

class CallerIdTest {
    static final LocalDateTime TIME = LocalDateTime.of(Year.now().getValue(), 3, 14, 9, 26);

    /** Plays silence, the spill and more silence into a decoder in 20 ms frames. */
    static CallerId decode(CallerIdStandard std, short[] spill) {
        short[] line = new short[4000 + spill.length + 4000];
        System.arraycopy(spill, 0, line, 4000, spill.length);
        try (var dec = new CallerIdDecoder(std)) {
            CallerId got = null;
            for (int off = 0; off < line.length; off += 160) {
                dec.process(line, off, Math.min(160, line.length - off));
                CallerId id = dec.poll();
                if (id != null) {
                    assertNull(got, "one spill, one message");
                    got = id;
                }
            }
            assertNull(dec.poll());
            return got;
        }
    }

    @Test
    void bell202Sdmf() {
        short[] spill = CallerIdGenerator.generate(CallerIdStandard.BELL202, CallerIdFormat.SDMF, new CallerId("6000", "Reception", TIME));
        assertEquals(new CallerId("6000", null, TIME), decode(CallerIdStandard.BELL202, spill), "SDMF carries no name");
    }

    @Test
    void bell202Mdmf() {
        var id = new CallerId("6000", "Reception", TIME);
        short[] spill = CallerIdGenerator.generate(CallerIdStandard.BELL202, CallerIdFormat.MDMF, id);
        assertEquals(id, decode(CallerIdStandard.BELL202, spill));
        // Bell 202 mark is 1200 Hz: the 180 mark bits follow the 300 seizure bits (2000 samples)
        assertTrue(Goertzel.dominant(spill, 2200, 800, 1200, 0.9), "Bell 202 mark tone");
        // 300 seizure + 180 mark bits at 1200 bit/s come before the message
        assertTrue(spill.length > (300 + 180) * 8000 / 1200, "spill length " + spill.length);
        for (int i = spill.length - 800; i < spill.length; i++) assertEquals(0, spill[i], "trailing silence");
    }

    @Test
    void v23Mdmf() {
        var id = new CallerId("6000", "Reception", TIME);
        short[] spill = CallerIdGenerator.generate(CallerIdStandard.V23, CallerIdFormat.MDMF, id);
        assertEquals(id, decode(CallerIdStandard.V23, spill));
        // V.23 mark is 1300 Hz
        assertTrue(Goertzel.dominant(spill, 2200, 800, 1300, 0.9), "V.23 mark tone");
        assertFalse(Goertzel.dominant(spill, 2200, 800, 1200, 0.1));
    }

    @Test
    void mdmfWithoutNameOrTime() {
        var id = new CallerId("+441234567890", null, null);
        assertEquals(id, decode(CallerIdStandard.V23, CallerIdGenerator.generate(CallerIdStandard.V23, CallerIdFormat.MDMF, id)));
        var anon = new CallerId(null, "Reception", null);
        assertEquals(new CallerId("O", "Reception", null),
                decode(CallerIdStandard.BELL202, CallerIdGenerator.generate(CallerIdStandard.BELL202, CallerIdFormat.MDMF, anon)));
    }

    @Test
    void dtmfNumber() {
        short[] spill = CallerIdGenerator.generate(CallerIdStandard.DTMF, CallerIdFormat.MDMF, new CallerId("6000", "Reception", TIME));
        assertEquals(new CallerId("6000", null, null), decode(CallerIdStandard.DTMF, spill));
        try (var det = new DtmfDetector()) {
            assertEquals("A6000C", det.process(spill, 0, spill.length), "ETSI DTMF CLIP: A<number>C");
        }
    }

    @Test
    void rejectsWhatTheStandardsCannotCarry() {
        assertThrows(IllegalArgumentException.class,
                () -> CallerIdGenerator.generate(CallerIdStandard.V23, CallerIdFormat.SDMF, new CallerId("6000", null, TIME)));
        assertThrows(IllegalArgumentException.class,
                () -> CallerIdGenerator.generate(CallerIdStandard.DTMF, CallerIdFormat.SDMF, new CallerId("+49", null, null)));
        assertThrows(IllegalArgumentException.class,
                () -> CallerIdGenerator.generate(CallerIdStandard.BELL202, CallerIdFormat.MDMF, new CallerId("1".repeat(21), null, null)));
    }

    @Test
    void codecParsesTimesAndSkipsOtherMessages() {
        assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59), CallerIdCodec.parseTime("02292359", 2024));
        assertNull(CallerIdCodec.parseTime("02292359", 2023));
        assertNull(CallerIdCodec.parseTime("1314xx00", 2024));
        byte[] mwi = {(byte) 0x82, 3, 0x0B, 1, (byte) 0xFF};
        assertNull(CallerIdCodec.decode(CallerIdStandard.BELL202, mwi, mwi.length, 2024));
        byte[] dtmf = "B10C".getBytes();
        assertEquals(new CallerId("P", null, null), CallerIdCodec.decode(CallerIdStandard.DTMF, dtmf, dtmf.length, 2024));
        byte[] plain = "6000#".getBytes();
        assertEquals(new CallerId("6000", null, null), CallerIdCodec.decode(CallerIdStandard.DTMF, plain, plain.length, 2024));
    }
}
