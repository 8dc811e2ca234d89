package dev.lifeline.mgmt;

import java.util.List;
import java.util.Map;

/** Renders the management views as text for people at a terminal. */
final class TextViews {
    private TextViews() {}

    @SuppressWarnings("unchecked")
    static String status(Object data) {
        Map<String, Object> s = (Map<String, Object>) data;
        StringBuilder sb = new StringBuilder();
        sb.append("gateway ").append(s.get("gateway")).append(" (site ").append(s.get("site"))
                .append(")  mode ").append(s.get("mode")).append("  up ").append(s.get("uptimeSeconds"))
                .append(" s  zone ").append(s.get("toneZone")).append("  board ").append(s.get("board")).append('\n');
        TextTable t = new TextTable("PORT", "TYPE", "EXT", "NAME", "DEVICE", "HOOK", "RING", "STATE", "CALL");
        for (Map<String, Object> p : (List<Map<String, Object>>) s.get("ports")) {
            t.row(p.get("id"), p.get("type"), p.get("extension"), p.get("name"), p.get("device"), p.get("hook"),
                    Boolean.TRUE.equals(p.get("ringing")) ? "on" : "off",
                    "out of service".equals(p.get("service")) ? p.get("state") + " (OUT OF SERVICE)" : p.get("state"), p.get("call"));
        }
        sb.append(t);
        if (s.get("spans") instanceof List<?> spans && !spans.isEmpty()) sb.append(spans((List<Map<String, Object>>) spans));
        List<Map<String, Object>> alarms = (List<Map<String, Object>>) s.get("alarms");
        if (alarms != null) {
            for (Map<String, Object> a : alarms) {
                sb.append("alarm ").append(a.get("id")).append(" (").append(a.get("severity")).append("): ").append(a.get("text")).append('\n');
            }
        }
        if (s.get("certificates") instanceof List<?> certs) {
            for (Map<String, Object> c : (List<Map<String, Object>>) certs) {
                sb.append("certificate ").append(c.get("use")).append(" (").append(c.get("subject")).append(") valid until ")
                        .append(c.get("notAfter")).append(", ").append(c.get("daysLeft")).append(" days left\n");
            }
        }
        if (s.get("sipTls") instanceof Map<?, ?> tls) sb.append(sipTls((Map<String, Object>) tls));
        List<Map<String, Object>> up = (List<Map<String, Object>>) s.get("upstream");
        if (up != null && !up.isEmpty()) sb.append("lines registered at HQ:\n").append(upstream(up));
        Map<String, Object> cdr = (Map<String, Object>) s.get("cdrStore");
        if (cdr != null && "failing".equals(cdr.get("state"))) {
            sb.append("ALARM ").append(cdr.get("alarm")).append(": ").append(cdr.get("text")).append(" (")
                    .append(cdr.get("waiting")).append(" CDRs waiting").append(Boolean.TRUE.equals(cdr.get("spoolOnly"))
                            ? ", more only in the spool" : "").append(")\n");
        }
        if (cdr != null && cdr.get("lost") instanceof Number n && n.longValue() > 0) {
            sb.append("CDRs LOST (neither database nor spool writable): ").append(n).append(" - see the log\n");
        }
        if (s.get("sip") instanceof Map<?, ?> sip) sb.append(protection((Map<String, Object>) sip));
        if (s.get("srtp") instanceof Map<?, ?> srtp && srtp.get("legs") instanceof Number legs && legs.longValue() > 0) {
            sb.append("srtp since start: ").append(legs).append(" legs, dropped ").append(srtp.get("authFailures"))
                    .append(" failing authentication, ").append(srtp.get("replays")).append(" replays\n");
        }
        return sb.toString();
    }

    /** E1 spans: layer 1, layer 2, in service, B-channels by state and which are busy. */
    @SuppressWarnings("unchecked")
    private static String spans(List<Map<String, Object>> spans) {
        TextTable t = new TextTable("SPAN", "SIGNALLING", "LAYER 1", "LAYER 2", "SERVICE", "CHANNELS", "BUSY");
        for (Map<String, Object> s : spans) {
            Map<String, Object> ch = (Map<String, Object>) s.get("channels");
            StringBuilder counts = new StringBuilder();
            if (ch != null) ch.forEach((state, n) -> counts.append(counts.length() == 0 ? "" : ", ").append(n).append(' ').append(state));
            List<Object> busy = (List<Object>) s.get("busyTimeslots");
            t.row(s.get("id"), s.get("signalling"), s.get("layer1"), s.get("layer2"), s.get("service"), counts,
                    busy == null || busy.isEmpty() ? "-" : busy.toString().replace(" ", ""));
        }
        return t.toString();
    }

    /** SIP overload counters, and the failed-auth blocks with how to lift them. */
    @SuppressWarnings("unchecked")
    private static String protection(Map<String, Object> sip) {
        StringBuilder sb = new StringBuilder();
        if (sip.get("overload") instanceof Map<?, ?> o) {
            sb.append("sip overload: admitted ").append(o.get("admitted")).append(", refused 503 ").append(o.get("rejected503"))
                    .append(", dropped ").append(o.get("dropped")).append(", queue full ").append(o.get("queueFullDrops"))
                    .append(", stale ").append(o.get("staleDrops")).append("; queue ").append(o.get("queued")).append('/')
                    .append(o.get("queueLimit"));
            if (o.get("serverTransactions") != null) {
                sb.append("; transactions: server ").append(o.get("serverTransactions")).append('/').append(o.get("serverTransactionLimit"))
                        .append(", client ").append(o.get("clientTransactions")).append('/').append(o.get("clientTransactionLimit"));
            }
            if (o.get("callLegs") != null) {
                sb.append("; call legs ").append(o.get("callLegs")).append('/').append(o.get("callLegLimit"))
                        .append(" (refused at the cap ").append(o.get("refusedAtCallLegCap")).append(')');
            }
            sb.append('\n');
        }
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) sip.get("blocked");
        if (blocks != null && !blocks.isEmpty()) {
            sb.append("blocked after failed authentication (lift: ./scripts/lifeline unblock SOURCE [USER]):\n");
            TextTable t = new TextTable("SOURCE", "USER", "LEFT");
            for (Map<String, Object> b : blocks) t.row(b.get("source"), b.get("user"), b.get("secondsLeft") + "s");
            sb.append(t);
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static String calls(Object data) {
        List<Map<String, Object>> calls = (List<Map<String, Object>>) data;
        if (calls.isEmpty()) return "no calls in progress\n";
        TextTable t = new TextTable("CALL", "FROM", "TO", "DIALLED", "PHASE", "START", "ANSWER", "SRTP");
        for (Map<String, Object> c : calls) {
            t.row(c.get("id"), c.get("from"), c.get("to"), c.get("dialled"), c.get("phase"), c.get("start"), c.get("answer"),
                    srtp(c.get("srtp")));
        }
        return t.toString();
    }

    /** A call's SRTP legs: {@code sip:7000 AES_CM_128_HMAC_SHA1_80 (2 auth failed, 0 replayed)}, or "-". */
    @SuppressWarnings("unchecked")
    private static String srtp(Object legs) {
        if (!(legs instanceof List<?> list) || list.isEmpty()) return "-";
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> l : (List<Map<String, Object>>) list) {
            if (sb.length() > 0) sb.append("; ");
            sb.append(l.get("leg")).append(' ').append(l.get("suite")).append(" (").append(l.get("authFailures"))
                    .append(" auth failed, ").append(l.get("replays")).append(" replayed)");
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static String registrations(Object data) {
        List<Map<String, Object>> all = (List<Map<String, Object>>) data;
        List<Map<String, Object>> regs = all.stream().filter(r -> !"upstream".equals(r.get("kind"))).toList();
        List<Map<String, Object>> up = all.stream().filter(r -> "upstream".equals(r.get("kind"))).toList();
        StringBuilder sb = new StringBuilder();
        if (regs.isEmpty()) {
            sb.append("no registrations\n");
        } else {
            TextTable t = new TextTable("EXT", "CONTACT", "EXPIRES IN", "Q", "SOURCE", "VIA", "USER AGENT");
            for (Map<String, Object> r : regs) {
                t.row(r.get("extension"), r.get("contact"), r.get("expiresInSeconds") + "s", r.get("q"), r.get("source"),
                        r.getOrDefault("via", "local"), r.get("userAgent"));
            }
            sb.append(t);
        }
        if (!up.isEmpty()) sb.append("lines registered at HQ:\n").append(upstream(up));
        return sb.toString();
    }

    /** The FXS lines' registrations at HQ. */
    /** SIP over TLS: the listener and each HQ server's last handshake (a refused one says why). */
    @SuppressWarnings("unchecked")
    static String sipTls(Map<String, Object> tls) {
        StringBuilder sb = new StringBuilder("sip tls: port ").append(tls.get("port")).append(", certificate ")
                .append(tls.get("certificate")).append(" valid until ").append(tls.get("notAfter")).append('\n');
        if (tls.get("hq") instanceof List<?> hq) {
            for (Map<String, Object> h : (List<Map<String, Object>>) hq) {
                sb.append("  HQ ").append(h.get("server")).append(" over TLS: ").append(h.get("state"));
                if (h.get("detail") != null) sb.append(" (").append(h.get("detail")).append(')');
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static String upstream(List<Map<String, Object>> rows) {
        TextTable t = new TextTable("LINE", "EXT", "AOR", "STATE", "SERVER", "STATUS", "EXPIRES IN", "REASON");
        for (Map<String, Object> r : rows) {
            t.row(r.get("line"), r.get("extension"), r.get("aor"), r.get("state"), r.get("server"), r.get("lastStatus"),
                    r.get("expiresInSeconds") + "s", r.get("reason"));
        }
        return t.toString();
    }

    @SuppressWarnings("unchecked")
    static String cdrs(Object data) {
        List<Map<String, Object>> cdrs = (List<Map<String, Object>>) data;
        if (cdrs.isEmpty()) return "no CDRs yet\n";
        TextTable t = new TextTable("SEQ", "START", "FROM", "TO", "ANSWERED", "DURATION", "BILLSEC", "CAUSE", "MODE", "FAX", "SRTP");
        for (Map<String, Object> c : cdrs) {
            t.row(c.get("seq"), c.get("start"), c.get("callingNumber"), c.get("calledDialled"),
                    c.get("answer") != null ? "yes" : "no",
                    String.format(java.util.Locale.ROOT, "%.1fs", ((Number) c.get("durationSeconds")).doubleValue()),
                    c.get("billableSeconds"), c.get("q850Cause"), c.get("mode"),
                    c.get("fax") == null || "none".equals(c.get("fax")) ? "-" : c.get("fax"), cdrSrtp(c.get("rtp")));
        }
        return t.toString();
    }

    /** {@code AES_CM_128_HMAC_SHA1_80 (2 auth failed, 0 replayed)}, or "-" for plain RTP. */
    private static String cdrSrtp(Object rtp) {
        if (!(rtp instanceof Map<?, ?> r) || r.get("srtp") == null) return "-";
        return r.get("srtp") + " (" + r.get("srtpAuthFailures") + " auth failed, " + r.get("srtpReplays") + " replayed)";
    }
}
