package dev.lifeline.app.ctl;

import dev.lifeline.util.Json;
import java.util.List;
import java.util.Map;

/**
 * A gateway's answer on {@code config/ack}.
 *
 * @param status          {@code applied} or {@code rejected}
 * @param running         the config version running after the attempt
 * @param appliedMs       how long applying took on the gateway (applied only), or null
 * @param restartRequired settings that take effect only after a restart (applied only)
 * @param errors          every problem found (rejected only)
 * @param json            the payload as received
 */
public record ConfigAck(String requestId, Long version, String status, Long running, Long appliedMs,
                        List<String> restartRequired, List<FieldError> errors, String json) {

    /** One problem with the pushed config: a dotted field path (may be empty) and what is wrong. */
    public record FieldError(String field, String message) {
        @Override
        public String toString() {
            return field == null || field.isEmpty() ? message : field + ": " + message;
        }
    }

    public boolean applied() { return "applied".equals(status); }

    static ConfigAck fromJson(String json) {
        Map<String, Object> m = Json.object(json);
        List<String> restart = m.get("restartRequired") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        List<FieldError> errors = m.get("errors") instanceof List<?> l
                ? l.stream().map(o -> o instanceof Map<?, ?> e
                        ? new FieldError(e.get("field") == null ? "" : String.valueOf(e.get("field")), String.valueOf(e.get("message")))
                        : new FieldError("", String.valueOf(o))).toList()
                : List.of();
        return new ConfigAck(str(m.get("requestId")), num(m.get("version")), str(m.get("status")), num(m.get("running")),
                num(m.get("appliedMs")), restart, errors, json);
    }

    static String str(Object o) { return o == null ? null : String.valueOf(o); }

    static Long num(Object o) { return o instanceof Long l ? l : null; } // util.Json reads whole numbers as Long
}
