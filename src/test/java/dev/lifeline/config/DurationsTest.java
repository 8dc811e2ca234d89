package dev.lifeline.config;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesUnits() {
        assertEquals(500, Durations.parseMs("500"));
        assertEquals(500, Durations.parseMs("500ms"));
        assertEquals(4_000, Durations.parseMs("4s"));
        assertEquals(120_000, Durations.parseMs("2m"));
        assertEquals(3_600_000, Durations.parseMs("1h"));
        assertEquals(4_000, Durations.parseMs(" 4 S "));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMs("4 sec"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMs("-1"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMs("1.5s"));
    }

    @Test
    void formats() {
        assertEquals("1500ms", Durations.format(1500));
        assertEquals("4s", Durations.format(4000));
        assertEquals("2m", Durations.format(120_000));
        assertEquals("0ms", Durations.format(0));
    }
}
