package dev.lifeline.store;

import dev.lifeline.util.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CDR as one line of JSON, for the spool file: every field, times as epoch milliseconds so
 * what is read back is exactly what was written. Kept apart from the controller's wire format
 * (which may change with its protocol version) because a spool must be readable by the next start.
 */
public final class CdrLine {
    private CdrLine() {}

    public static String write(Cdr c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", c.uuid());
        m.put("gatewayId", c.gatewayId());
        m.put("direction", c.direction());
        m.put("callingNumber", c.callingNumber());
        m.put("callingName", c.callingName());
        m.put("calledDialled", c.calledDialled());
        m.put("calledNumber", c.calledNumber());
        m.put("srcLeg", c.srcLeg());
        m.put("dstLeg", c.dstLeg());
        m.put("startMs", c.start().toEpochMilli());
        m.put("answerMs", c.answer() == null ? null : c.answer().toEpochMilli());
        m.put("endMs", c.end().toEpochMilli());
        m.put("q850Cause", c.q850Cause());
        m.put("sipStatus", c.sipStatus());
        m.put("mode", c.mode());
        m.put("codec", c.codec());
        if (c.forwardedFrom() != null) m.put("forwardedFrom", c.forwardedFrom());
        if (!"none".equals(c.fax())) m.put("fax", c.fax());
        if (c.rtp() != null) {
            var r = c.rtp();
            var list = new java.util.ArrayList<Object>(java.util.List.of(r.packetsSent(), r.packetsReceived(), r.packetsLost(),
                    r.jitterMs(), r.rttMs()));
            if (r.srtp()) list.addAll(java.util.List.of(r.srtpSuite(), r.srtpAuthFailures(), r.srtpReplays()));
            m.put("rtp", list);
        }
        return Json.write(m);
    }

    /** Parses a line written by {@link #write}; the CDR comes back with seq 0 (the store assigns it). */
    @SuppressWarnings("unchecked")
    public static Cdr read(String line) {
        Object parsed = Json.parse(line);
        if (!(parsed instanceof Map<?, ?>)) throw new IllegalArgumentException("not a CDR object");
        Map<String, Object> m = (Map<String, Object>) parsed;
        Cdr.Builder b = Cdr.builder()
                .uuid(str(m, "uuid")).gatewayId(str(m, "gatewayId")).direction(str(m, "direction"))
                .callingNumber(str(m, "callingNumber")).callingName(str(m, "callingName"))
                .calledDialled(str(m, "calledDialled")).calledNumber(str(m, "calledNumber"))
                .srcLeg(str(m, "srcLeg")).dstLeg(str(m, "dstLeg"))
                .start(Instant.ofEpochMilli(num(m, "startMs").longValue()))
                .answer(m.get("answerMs") == null ? null : Instant.ofEpochMilli(num(m, "answerMs").longValue()))
                .end(Instant.ofEpochMilli(num(m, "endMs").longValue()))
                .q850Cause(num(m, "q850Cause").intValue())
                .sipStatus(m.get("sipStatus") == null ? null : num(m, "sipStatus").intValue())
                .mode(str(m, "mode")).codec(str(m, "codec")).forwardedFrom(str(m, "forwardedFrom")).fax(str(m, "fax"));
        if (m.get("rtp") instanceof java.util.List<?> r && (r.size() == 5 || r.size() == 8)) { // 8: an SRTP leg
            b.rtp(new RtpStats(((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue(), ((Number) r.get(2)).longValue(),
                    ((Number) r.get(3)).doubleValue(), ((Number) r.get(4)).doubleValue(), r.size() == 8 ? (String) r.get(5) : null,
                    r.size() == 8 ? ((Number) r.get(6)).longValue() : 0, r.size() == 8 ? ((Number) r.get(7)).longValue() : 0));
        }
        return b.build();
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v != null && !(v instanceof String)) throw new IllegalArgumentException(k + " is not a string");
        return (String) v;
    }

    private static Number num(Map<String, Object> m, String k) {
        if (!(m.get(k) instanceof Number n)) throw new IllegalArgumentException(k + " is not a number");
        return n;
    }
}
