package dev.lifeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON line of {@link PesqBench}: per path, direction and loss rate the runs' MOS-LQO, their
 * median, the median per speech sample (voices differ by up to 0.4 MOS through the same codec,
 * so the overall median alone depends on which sample had more runs), and the diagnostics.
 */
final class PesqReport {
    private PesqReport() {}

    static String json(List<PesqBench.Pair> pairs, Map<PesqBench.Pair, Double> mos, int runs, List<Double> losses, String check) {
        StringBuilder rows = new StringBuilder();
        List<String> seen = new ArrayList<>();
        for (PesqBench.Pair p : pairs) {
            String key = p.path() + "/" + p.direction() + "/" + p.loss();
            if (seen.contains(key)) continue;
            seen.add(key);
            List<PesqBench.Pair> group = pairs.stream().filter(q -> (q.path() + "/" + q.direction() + "/" + q.loss()).equals(key)).toList();
            List<Double> m = new ArrayList<>(), lvl = new ArrayList<>(), snr = new ArrayList<>();
            long lost = 0;
            for (PesqBench.Pair q : group) {
                Double v = mos.get(q);
                if (v != null) m.add(v);
                lvl.add(q.levelDiffDb());
                snr.add(q.segSnrDb());
                lost += q.lost();
            }
            StringBuilder bySample = new StringBuilder();
            for (String name : group.stream().map(PesqBench.Pair::sample).distinct().sorted().toList()) {
                List<Double> ms = new ArrayList<>();
                for (PesqBench.Pair q : group) if (q.sample().equals(name) && mos.get(q) != null) ms.add(mos.get(q));
                if (!bySample.isEmpty()) bySample.append(',');
                bySample.append('"').append(name).append("\":").append(num(median(ms)));
            }
            if (!rows.isEmpty()) rows.append(',');
            rows.append(String.format(Locale.ROOT,
                    "{\"path\":\"%s\",\"direction\":\"%s\",\"mode\":\"%s\",\"loss_pct\":%s,\"samples\":%s,\"mos_lqo\":%s,\"mos_lqo_median\":%s,\"mos_lqo_median_by_sample\":{%s},"
                            + "\"level_diff_db_median\":%s,\"seg_snr_db_median\":%s,\"packets_lost\":%d}",
                    p.path(), p.direction(), p.rate() == 16000 ? "P.862.2 wideband, 16 kHz" : "P.862 narrowband, 8 kHz", num(p.loss()),
                    group.stream().map(q -> "\"" + q.sample() + "\"").toList(), list(m), num(median(m)), bySample, num(median(lvl)), num(median(snr)), lost));
        }
        return String.format(Locale.ROOT, "{\"runs\":%d,\"losses_pct\":%s,\"scorer_check\":\"%s\",\"results\":[%s]}",
                runs, losses.stream().map(PesqReport::num).toList(), check.replace("\"", "'"), rows);
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().filter(d -> !d.isNaN()).sorted().toList();
        if (s.isEmpty()) return Double.NaN;
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String list(List<Double> v) { return v.stream().map(PesqReport::num).toList().toString(); }

    static String num(double d) { return Double.isNaN(d) ? "null" : String.format(Locale.ROOT, "%.2f", d); }
}
