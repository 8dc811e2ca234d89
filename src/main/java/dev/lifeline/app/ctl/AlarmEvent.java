package dev.lifeline.app.ctl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message of {@code <prefix>/alarm}: an alarm raised or cleared on a gateway.
 *
 * @param state {@code raised} or {@code cleared}
 * @param time  when the gateway saw it (ISO-8601, as sent)
 */
public record AlarmEvent(String site, String gatewayId, String id, String severity, String state, String text, String time) {

    /** Reads the JSON payload; missing fields stay null (an alarm is shown even if incomplete). */
    static AlarmEvent fromJson(String site, String gatewayId, Map<String, Object> m) {
        return new AlarmEvent(site, gatewayId, str(m.get("id")), str(m.get("severity")), str(m.get("state")),
                str(m.get("text")), str(m.get("time")));
    }

    private static String str(Object o) { return o == null ? null : String.valueOf(o); }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", site);
        m.put("gatewayId", gatewayId);
        m.put("id", id);
        m.put("severity", severity);
        m.put("state", state);
        m.put("text", text);
        m.put("time", time);
        return m;
    }
}
