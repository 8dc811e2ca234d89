package dev.lifeline.mgmt.web;

import dev.lifeline.store.Cdr;
import java.util.ArrayList;
import java.util.List;

/**
 * CDRs as CSV for a spreadsheet (RFC 4180: comma separated, CRLF line ends, a field with a comma,
 * quote or line break is quoted and its quotes doubled). A field that a spreadsheet would run as a
 * formula (starting with {@code =}, {@code @}, tab or CR, or {@code +}/{@code -} not followed by a
 * number) is prefixed with {@code '}: caller names come from outside (caller ID, SIP From), and a
 * CSV file must not be a way to run formulas on an office PC. Phone numbers such as
 * {@code +15555550100} are left as they are.
 */
final class Csv {
    static final String HEADER_LINE = String.join(",", "seq", "start", "answer", "end", "direction", "calling_number",
            "calling_name", "called_dialled", "called_number", "src_leg", "dst_leg", "duration_s", "billable_s", "q850_cause",
            "sip_status", "mode", "codec", "uuid", "forwarded_from");

    private Csv() {}

    static String cdrs(List<Cdr> cdrs) {
        StringBuilder sb = new StringBuilder(HEADER_LINE).append("\r\n");
        for (Cdr c : cdrs) {
            List<Object> r = new ArrayList<>();
            r.add(c.seq());
            r.add(c.start());
            r.add(c.answer());
            r.add(c.end());
            r.add(c.direction());
            r.add(c.callingNumber());
            r.add(c.callingName());
            r.add(c.calledDialled());
            r.add(c.calledNumber());
            r.add(c.srcLeg());
            r.add(c.dstLeg());
            r.add(java.math.BigDecimal.valueOf(c.durationMs(), 3).toPlainString());
            r.add(c.billableSec());
            r.add(c.q850Cause());
            r.add(c.sipStatus());
            r.add(c.mode());
            r.add(c.codec());
            r.add(c.uuid());
            r.add(c.forwardedFrom());
            sb.append(row(r)).append("\r\n");
        }
        return sb.toString();
    }

    static String row(List<?> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(field(cells.get(i) == null ? "" : String.valueOf(cells.get(i))));
        }
        return sb.toString();
    }

    static String field(String v) {
        String s = formulaSafe(v);
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String formulaSafe(String s) {
        if (s.isEmpty()) return s;
        char c = s.charAt(0);
        boolean risky = c == '=' || c == '@' || c == '\t' || c == '\r'
                || ((c == '+' || c == '-') && !s.matches("[+-]\\d[\\d.]*"));
        return risky ? "'" + s : s;
    }
}
