package dev.lifeline.config;

import static dev.lifeline.config.DigitMap.Result.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DigitMapTest {
    private static final DigitMap DEFAULT = DigitMap.parse(DialPlan.DEFAULT_DIGIT_MAP);

    @Test
    void extensions() {
        DigitMap m = DigitMap.parse("[6-7]xxx");
        assertEquals(PARTIAL, m.match(""));
        assertEquals(PARTIAL, m.match("6"));
        assertEquals(PARTIAL, m.match("700"));
        assertEquals(COMPLETE, m.match("6001"));
        assertEquals(NO_MATCH, m.match("5"));
        assertEquals(NO_MATCH, m.match("60012"));
        assertEquals(NO_MATCH, m.match("6a"));
    }

    @Test
    void defaultMap() {
        assertEquals(PARTIAL, DEFAULT.match("9"));
        assertEquals(PARTIAL, DEFAULT.match("91"));
        assertEquals(COMPLETE, DEFAULT.match("911"));
        assertEquals(NO_MATCH, DEFAULT.match("912"));
        assertEquals(PARTIAL, DEFAULT.match("0"));
        assertEquals(NO_MATCH, DEFAULT.match("00"));
        assertEquals(PARTIAL, DEFAULT.match("0555555010"));
        assertEquals(COMPLETE, DEFAULT.match("05555550100"));
        assertEquals(NO_MATCH, DEFAULT.match("055555501000"));
        assertEquals(PARTIAL, DEFAULT.match("*"));
        assertEquals(COMPLETE, DEFAULT.match("*73"));
        assertEquals(COMPLETE_MAY_EXTEND, DEFAULT.match("*72"), "a forward code takes a target after it");
        assertEquals(COMPLETE_MAY_EXTEND, DEFAULT.match("*726001"), "ended by # or the inter-digit timer (T)");
        assertEquals(COMPLETE, DEFAULT.match("6003"));
        assertEquals(NO_MATCH, DEFAULT.match("#"));
    }

    @Test
    void repeatAndOverlap() {
        DigitMap any = DigitMap.parse("x.");
        assertEquals(COMPLETE_MAY_EXTEND, any.match(""));
        assertEquals(COMPLETE_MAY_EXTEND, any.match("123"));
        assertEquals(NO_MATCH, any.match("12*"));

        DigitMap intl = DigitMap.parse("011x.T");
        assertEquals(PARTIAL, intl.match("01"));
        assertEquals(COMPLETE_MAY_EXTEND, intl.match("011"));
        assertEquals(COMPLETE_MAY_EXTEND, intl.match("01144"));

        DigitMap overlap = DigitMap.parse("xx|xxxx");
        assertEquals(COMPLETE_MAY_EXTEND, overlap.match("12"));
        assertEquals(PARTIAL, overlap.match("123"));
        assertEquals(COMPLETE, overlap.match("1234"));

        DigitMap timer = DigitMap.parse("xxT");
        assertEquals(COMPLETE_MAY_EXTEND, timer.match("12"));

        DigitMap mid = DigitMap.parse("1x.2");
        assertEquals(COMPLETE_MAY_EXTEND, mid.match("12"));
        assertEquals(PARTIAL, mid.match("1"));
        assertEquals(COMPLETE_MAY_EXTEND, mid.match("13332"));
    }

    @Test
    void setsAndSymbols() {
        DigitMap m = DigitMap.parse("([1-57]|[135]9|*[*#]|#A)");
        assertEquals(COMPLETE, m.match("4"));
        assertEquals(COMPLETE, m.match("7"));
        assertEquals(NO_MATCH, m.match("6"));
        assertEquals(COMPLETE_MAY_EXTEND, m.match("3"));
        assertEquals(COMPLETE, m.match("39"));
        assertEquals(COMPLETE, m.match("*#"));
        assertEquals(COMPLETE, m.match("#a"));
        assertEquals("([1-57]|[135]9|*[*#]|#A)", m.toString());
    }

    @Test
    void parseErrorsSayWhere() {
        assertError("", "empty");
        assertError("12|", "position 4: empty alternative");
        assertError("|12", "position 1: empty alternative");
        assertError(".1", "position 1: '.' has nothing to repeat");
        assertError("1..", "position 3: '.' has nothing to repeat");
        assertError("12q", "position 3: unexpected 'q'");
        assertError("1[2-", "position 2: '[' without ']'");
        assertError("[]", "position 2: empty [...]");
        assertError("[5-2]", "bad range '5-2'");
        assertError("1T2", "position 3: 'T' may only end");
        assertError("(12", "missing ')'");
    }

    private static void assertError(String map, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DigitMap.parse(map));
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
