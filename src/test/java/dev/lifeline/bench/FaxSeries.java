package dev.lifeline.bench;

import dev.lifeline.rig.fax.T30Codes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The arithmetic of the fax bench series ({@link FaxBench}): runs grouped per path and per
 * rate × ECM case into successes/runs, the success rate and the median duration, the rates the
 * receivers reached, and each failure's T.30 completion codes, as one JSON object. The median is
 * over the runs that succeeded: a failed fax ends at a timeout or a T.30 abort, which says nothing
 * about how long a fax takes.
 */
final class FaxSeries {
    /**
     * One fax of the series.
     *
     * @param path          the route's label
     * @param senderCode    the sender's T.30 completion code (0 = OK, -1 = never ran)
     * @param bitRate       the rate the receiver reached, 0 if it never ran
     * @param ecm           whether the receiver ran with ECM
     * @param millis        attached → both finished, -1 when the path could not be set up
     * @param dcnLost       a success in which the receiver never heard the sender's DCN (rig.fax.FaxEnds)
     * @param pages         the page comparison (or the setup failure) in words
     */
    record Run(String path, int rate, boolean requestedEcm, int run, boolean ok, int senderCode, int receiverCode, int bitRate,
               boolean ecm, long millis, boolean dcnLost, String pages) {}

    private FaxSeries() {}

    /** The series as one JSON object (paths and cases in the order they first appear). */
    static String json(List<Run> runs) {
        Map<String, List<Run>> byPath = new LinkedHashMap<>();
        for (Run r : runs) byPath.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(r);
        List<String> paths = new ArrayList<>();
        for (var p : byPath.entrySet()) {
            Map<String, List<Run>> byCase = new LinkedHashMap<>();
            for (Run r : p.getValue()) byCase.computeIfAbsent(r.rate() + "/" + r.requestedEcm(), k -> new ArrayList<>()).add(r);
            List<String> cases = new ArrayList<>();
            for (List<Run> c : byCase.values()) {
                Run first = c.get(0);
                cases.add("{\"rate\":" + first.rate() + ",\"ecm\":" + first.requestedEcm() + "," + counts(c) + ",\"rates_reached\":"
                        + ratesReached(c) + ",\"failures\":" + failures(c) + "}");
            }
            paths.add("{\"path\":" + str(p.getKey()) + "," + counts(p.getValue()) + ",\"cases\":[" + String.join(",", cases) + "]}");
        }
        return "{\"faxes\":" + runs.size() + "," + counts(runs) + ",\"paths\":[" + String.join(",", paths) + "]}";
    }

    private static String counts(List<Run> rs) {
        long ok = rs.stream().filter(Run::ok).count();
        double median = median(rs.stream().filter(Run::ok).mapToLong(Run::millis).toArray()) / 1000.0;
        long dcn = rs.stream().filter(r -> r.ok() && r.dcnLost()).count();
        return String.format(Locale.ROOT, "\"runs\":%d,\"ok\":%d,\"success_pct\":%s,\"median_s\":%s,\"dcn_lost\":%d", rs.size(), ok,
                rs.isEmpty() ? "null" : String.format(Locale.ROOT, "%.1f", 100.0 * ok / rs.size()),
                ok == 0 ? "null" : String.format(Locale.ROOT, "%.1f", median), dcn);
    }

    /** How many runs the receiver ended at each rate, e.g. {@code {"12000":1,"14400":2}}. */
    private static String ratesReached(List<Run> rs) {
        Map<Integer, Integer> n = new TreeMap<>();
        for (Run r : rs) n.merge(r.bitRate(), 1, Integer::sum);
        List<String> kv = new ArrayList<>();
        n.forEach((k, v) -> kv.add("\"" + k + "\":" + v));
        return "{" + String.join(",", kv) + "}";
    }

    private static String failures(List<Run> rs) {
        List<String> f = new ArrayList<>();
        for (Run r : rs) {
            if (r.ok()) continue;
            f.add("{\"run\":" + r.run() + ",\"sender_code\":" + r.senderCode() + ",\"receiver_code\":" + r.receiverCode()
                    + ",\"sender\":" + str(T30Codes.name(r.senderCode())) + ",\"receiver\":" + str(T30Codes.name(r.receiverCode()))
                    + ",\"bit_rate\":" + r.bitRate() + ",\"ecm\":" + r.ecm() + ",\"ms\":" + r.millis() + ",\"what\":" + str(r.pages()) + "}");
        }
        return "[" + String.join(",", f) + "]";
    }

    /** The median of {@code v} (mean of the middle two for an even count); NaN for none. */
    static double median(long[] v) {
        if (v.length == 0) return Double.NaN;
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
