package dev.lifeline.app.ctl;

import dev.lifeline.util.Json;
import java.util.List;
import java.util.Map;

/**
 * A gateway's retained {@code status} message as the controller reads it. Only {@code online}
 * is always there (the will carries nothing else); the rest is null when absent.
 *
 * @param ports  each {@code {"id","type","extension","state"}} as sent
 * @param alarms the active alarms, each {@code {"id","severity","text"}} as sent
 * @param json   the payload as received
 */
public record GatewayStatus(String site, String gatewayId, boolean online, String mode, String software, Long configVersion,
                            Long uptimeSeconds, Long registrations, Long calls, Long cdrBacklog,
                            List<Map<String, Object>> ports, List<Map<String, Object>> alarms, String time, String json) {

    /** Reads a status payload; site and gateway come from the topic when the payload lacks them. */
    static GatewayStatus fromJson(String site, String gatewayId, String json) {
        Map<String, Object> m = Json.object(json);
        return new GatewayStatus(str(m.getOrDefault("site", site)), str(m.getOrDefault("gatewayId", gatewayId)),
                Boolean.TRUE.equals(m.get("online")), str(m.get("mode")), str(m.get("software")), num(m.get("configVersion")),
                num(m.get("uptimeSeconds")), num(m.get("registrations")), num(m.get("calls")), num(m.get("cdrBacklog")),
                maps(m.get("ports")), maps(m.get("alarms")), str(m.get("time")), json);
    }

    private static String str(Object o) { return o == null ? null : String.valueOf(o); }

    private static Long num(Object o) { return o instanceof Long l ? l : null; } // util.Json reads whole numbers as Long

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        return l.stream().filter(Map.class::isInstance).map(x -> (Map<String, Object>) x).toList();
    }
}
