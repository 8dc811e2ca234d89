package dev.lifeline.mgmt.controller;

import dev.lifeline.store.Cdr;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CDRs as the controller receives them on the {@code cdr} topic: every field of {@link Cdr},
 * times as ISO-8601 UTC, the duration in seconds with millisecond precision.
 */
public final class CdrJson {
    private CdrJson() {}

    /**
     * One batch message: {@code {"gatewayId", "site", "acked", "first", "last", "cdrs": [...]}}.
     * {@code acked}: every seq at or below it was acknowledged by a controller and is gone from the
     * journal, so a controller meeting this gateway for the first time (or after losing its own
     * store) knows where contiguous counting starts, whichever batch of a window it sees first.
     */
    public static Map<String, Object> batch(String gatewayId, String site, long acked, List<Cdr> cdrs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gatewayId", gatewayId);
        m.put("site", site);
        m.put("acked", acked);
        m.put("first", cdrs.get(0).seq());
        m.put("last", cdrs.get(cdrs.size() - 1).seq());
        List<Object> list = new ArrayList<>(cdrs.size());
        for (Cdr c : cdrs) list.add(toMap(c));
        m.put("cdrs", list);
        return m;
    }

    public static Map<String, Object> toMap(Cdr c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", c.seq());
        m.put("uuid", c.uuid());
        m.put("gatewayId", c.gatewayId());
        m.put("direction", c.direction());
        m.put("callingNumber", c.callingNumber());
        m.put("callingName", c.callingName());
        m.put("calledDialled", c.calledDialled());
        m.put("calledNumber", c.calledNumber());
        m.put("srcLeg", c.srcLeg());
        m.put("dstLeg", c.dstLeg());
        m.put("start", c.start().toString());
        m.put("answer", c.answer() == null ? null : c.answer().toString());
        m.put("end", c.end().toString());
        m.put("durationSeconds", BigDecimal.valueOf(c.durationMs(), 3));
        m.put("billableSeconds", c.billableSec());
        m.put("q850Cause", c.q850Cause());
        m.put("sipStatus", c.sipStatus());
        m.put("mode", c.mode());
        m.put("codec", c.codec());
        m.put("forwardedFrom", c.forwardedFrom());
        m.put("fax", c.fax());
        if (c.rtp() == null) {
            m.put("rtp", null);
        } else {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("packetsSent", c.rtp().packetsSent());
            r.put("packetsReceived", c.rtp().packetsReceived());
            r.put("packetsLost", c.rtp().packetsLost());
            r.put("jitterMs", c.rtp().jitterMs());
            r.put("rttMs", c.rtp().rttMs());
            r.put("srtp", c.rtp().srtpSuite());
            if (c.rtp().srtp()) {
                r.put("srtpAuthFailures", c.rtp().srtpAuthFailures());
                r.put("srtpReplays", c.rtp().srtpReplays());
            }
            m.put("rtp", r);
        }
        return m;
    }
}
