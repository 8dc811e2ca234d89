package dev.lifeline.app.ctl;

import dev.lifeline.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code <prefix>/cdr} message taken apart and checked before anything is stored: the
 * gateway named in the payload and in every CDR is the one in the topic, every seq is a
 * positive integer inside {@code first..last}. A batch that fails a check is not stored and
 * not acknowledged (the gateway keeps those CDRs and sends them again). {@code acked} (null when
 * absent): the gateway's word that every seq at or below it was acknowledged before.
 */
record CdrBatch(String site, String gatewayId, Long acked, long first, long last, List<CdrArchive.StoredCdr> cdrs) {

    @SuppressWarnings("unchecked")
    static CdrBatch parse(String site, String topicGateway, String payload) {
        Map<String, Object> m = Json.object(payload);
        Object gw = m.get("gatewayId");
        if (gw != null && !topicGateway.equals(gw)) {
            throw new IllegalArgumentException("batch names gateway '" + gw + "' but came on the topic of '" + topicGateway + "'");
        }
        if (!(m.get("cdrs") instanceof List<?> list)) throw new IllegalArgumentException("no \"cdrs\" array");
        long first = number(m.get("first"), "first");
        long last = number(m.get("last"), "last");
        if (last < first) throw new IllegalArgumentException("last " + last + " is below first " + first);
        List<CdrArchive.StoredCdr> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> cdr)) throw new IllegalArgumentException("a CDR is not a JSON object");
            long seq = number(cdr.get("seq"), "seq");
            if (seq < first || seq > last) throw new IllegalArgumentException("CDR seq " + seq + " outside " + first + ".." + last);
            Object cgw = cdr.get("gatewayId");
            if (cgw != null && !topicGateway.equals(cgw)) {
                throw new IllegalArgumentException("CDR " + seq + " belongs to gateway '" + cgw + "', not '" + topicGateway + "'");
            }
            out.add(new CdrArchive.StoredCdr(topicGateway, seq, Json.write((Map<String, Object>) cdr)));
        }
        Object a = m.get("acked");
        Long acked = null;
        if (a != null) {
            if (!(a instanceof Long l) || l < 0 || l >= first) {
                throw new IllegalArgumentException("\"acked\" must be an integer from 0 to first - 1, got " + a);
            }
            acked = l;
        }
        return new CdrBatch(site, topicGateway, acked, first, last, out);
    }

    private static long number(Object o, String field) {
        if (o instanceof Long l && l >= 1) return l;
        throw new IllegalArgumentException("\"" + field + "\" must be a positive integer, got " + o);
    }
}
