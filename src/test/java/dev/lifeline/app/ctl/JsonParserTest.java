package dev.lifeline.app.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.util.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {
    @Test
    void readsWhatUtilJsonWritesAndBack() {
        String text = "{\"a\":1,\"b\":-2.5,\"c\":\"x\\\"y\\u00e9\\n\",\"d\":[true,false,null],\"e\":{},\"f\":[],\"g\":1e3}";
        Map<String, Object> m = JsonParser.object(text);
        assertEquals(1L, m.get("a"));
        assertEquals(-2.5, m.get("b"));
        assertEquals("x\"yé\n", m.get("c"));
        assertEquals(java.util.Arrays.asList(true, false, null), m.get("d"));
        assertEquals(1000.0, m.get("g"));
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g"), List.copyOf(m.keySet()), "key order kept");
        assertEquals(m, JsonParser.object(Json.write(m)));
        assertNull(JsonParser.parse(" null "));
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : List.of("", "{", "{\"a\":1,}", "[1 2]", "{'a':1}", "{\"a\":01}", "{\"a\":1}x", "{\"a\":1,\"a\":2}",
                "\"\u0001\"", "tru", "{\"a\":.5}")) {
            var e = assertThrows(IllegalArgumentException.class, () -> JsonParser.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("malformed JSON at character "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> JsonParser.object("[1]"));
        assertThrows(IllegalArgumentException.class, () -> JsonParser.parse("[".repeat(100) + "]".repeat(100)));
    }
}
