package dev.lifeline.app;

import dev.lifeline.store.Cdr;
import java.util.LinkedHashMap;
import java.util.Map;

/** A CDR as a JSON-ready map (the shape the CLI, and later the controller, see). */
final class CdrView {
    private CdrView() {}

    static Map<String, Object> toMap(Cdr c) {
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
        m.put("start", String.valueOf(c.start()));
        m.put("answer", c.answer() == null ? null : String.valueOf(c.answer()));
        m.put("end", String.valueOf(c.end()));
        m.put("answered", c.answered());
        m.put("durationMs", c.durationMs());
        m.put("billableSec", c.billableSec());
        m.put("q850Cause", c.q850Cause());
        m.put("sipStatus", c.sipStatus());
        m.put("mode", c.mode());
        m.put("codec", c.codec());
        if (c.rtp() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("packetsSent", c.rtp().packetsSent());
            r.put("packetsReceived", c.rtp().packetsReceived());
            r.put("packetsLost", c.rtp().packetsLost());
            r.put("jitterMs", c.rtp().jitterMs());
            r.put("rttMs", c.rtp().rttMs());
            m.put("rtp", r);
        }
        return m;
    }
}
