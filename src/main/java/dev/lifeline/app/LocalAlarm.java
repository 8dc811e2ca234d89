package dev.lifeline.app;

import java.util.LinkedHashMap;
import java.util.Map;

/** One active alarm as the local status and the console show it: {@code {id, severity, text}}. */
final class LocalAlarm {
    private LocalAlarm() {}

    static Map<String, Object> of(String id, String severity, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("severity", severity);
        m.put("text", text);
        return m;
    }
}
