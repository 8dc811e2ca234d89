package dev.lifeline.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON codec: strict reading of untrusted payloads, one number rule, and the wire format it writes. */
class JsonTest {

    private static IllegalArgumentException refused(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text.getBytes(StandardCharsets.UTF_8), 1 << 20), text);
        assertTrue(e.getMessage().startsWith("not valid JSON"), e.getMessage());
        return e;
    }

    @Test
    void readsObjectsInKeyOrderWithLongsAndDoubles() {
        Map<String, Object> m = Json.object("{\"a\":1,\"b\":-2.5,\"c\":\"x\\\"y\\u00e9\\n\",\"d\":[true,false,null],\"e\":{},\"f\":[],\"g\":1e3,"
                + "\"h\":9223372036854775807}");
        assertEquals(1L, m.get("a"), "every whole number is a Long");
        assertEquals(-2.5, m.get("b"));
        assertEquals("x\"yé\n", m.get("c"));
        assertEquals(Arrays.asList(true, false, null), m.get("d"));
        assertEquals(1000.0, m.get("g"), "an exponent makes it a Double");
        assertEquals(Long.MAX_VALUE, m.get("h"));
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h"), List.copyOf(m.keySet()), "key order kept");
        assertEquals(m, Json.object(Json.write(m)), "reads back what it writes");
        assertNull(Json.parse(" null "));
    }

    @Test
    void refusesDuplicateKeys() {
        assertTrue(refused("{\"upTo\":1,\"upTo\":999}").getMessage().contains("upTo"));
        refused("{\"a\":{\"b\":1,\"b\":2}}");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.parse(ok) instanceof List, "the limit itself is fine");
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertTrue(refused(deep).getMessage().contains("over a limit"), "depth limit named");
        refused("{\"a\":".repeat(1000) + "1" + "}".repeat(1000));
    }

    @Test
    void refusesAPayloadOverItsByteLimitBeforeParsing() {
        byte[] big = ("{\"upTo\":1," + "\"x\":\"" + "a".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(IllegalArgumentException.class, () -> Json.parse(big, 256));
        assertTrue(e.getMessage().contains("the limit is 256"), e.getMessage());
        // not even looked at: invalid JSON over the limit gets the size refusal
        var e2 = assertThrows(IllegalArgumentException.class, () -> Json.parse(new byte[257], 256));
        assertTrue(e2.getMessage().contains("257 bytes"), e2.getMessage());
        assertEquals(Map.of("upTo", 1L), Json.object("{\"upTo\":1}".getBytes(StandardCharsets.UTF_8), 256));
    }

    @Test
    void refusesOverlongStringsAndNumbers() {
        refused("\"" + "a".repeat(Json.MAX_STRING_CHARS + 1) + "\"");
        refused("1" + "0".repeat(Json.MAX_NUMBER_CHARS));
        refused("12345678901234567890123", "an integer beyond 64 bits is refused, not rounded");
        refused("1e400");
    }

    private static void refused(String text, String why) {
        var e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text), why);
        assertTrue(e.getMessage().startsWith("not valid JSON"), e.getMessage());
    }

    @Test
    void refusesTrailingGarbageAndNonJson() {
        for (String bad : List.of("{\"a\":1}x", "{\"a\":1} {}", "[1] 2", "", "  ", "{", "{\"a\":1,}", "[1,]", "[1 2]", "{'a':1}",
                "{a:1}", "{\"a\":1 /* c */}", "// c\n{}", "# c\n{}", "\"\u0001\"", "tru", "{\"a\":.5}", "{\"a\":&x}",
                "{\"a\": *x}", "- a\n- b", "a: 1")) {
            refused(bad);
        }
    }

    @Test
    void refusesNaNAndInfinity() {
        for (String bad : List.of("NaN", "[NaN]", "{\"v\":Infinity}", "-Infinity", "{\"v\":\"1\"} NaN")) refused(bad);
    }

    @Test
    void refusesLeadingZeros() {
        for (String bad : List.of("01", "{\"version\":007}", "-01", "[00]")) refused(bad);
        assertEquals(0L, Json.parse("0"));
        assertEquals(0.5, Json.parse("0.5"));
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] bad = {'"', (byte) 0xC3, (byte) 0x28, '"'};
        assertThrows(IllegalArgumentException.class, () -> Json.parse(bad, 100));
    }

    @Test
    void objectRefusesOtherValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> Json.object("[1]"));
        assertTrue(e.getMessage().contains("expected an object"), e.getMessage());
    }

    @Test
    void writesTheWireFormatItAlwaysHad() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", 7L);
        m.put("d", 0.25);
        m.put("n", null);
        m.put("s", "tab\there \"q\" \\ é /");
        m.put("l", List.of(true, false));
        m.put("t", Instant.parse("2026-01-02T03:04:05Z"));
        assertEquals("{\"z\":1,\"a\":7,\"d\":0.25,\"n\":null,\"s\":\"tab\\there \\\"q\\\" \\\\ é /\",\"l\":[true,false],"
                + "\"t\":\"2026-01-02T03:04:05Z\"}", Json.write(m));
        assertEquals("\"\\u0001\"", Json.write("\u0001"));
    }
}
