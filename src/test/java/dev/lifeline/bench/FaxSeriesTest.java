package dev.lifeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fax series' report: what a reader of docs/benchmarks.md takes the success rate and duration from. */
class FaxSeriesTest {
    private static FaxSeries.Run ok(String path, int rate, boolean ecm, int run, long ms, int reached) {
        return new FaxSeries.Run(path, rate, ecm, run, true, 0, 0, reached, ecm, ms, false, "3 of 3 pages");
    }

    @Test
    void countsPerPathAndCaseAndTakesTheMedianOfTheFaxesThatWentThrough() {
        List<FaxSeries.Run> runs = List.of(
                ok("a", 14400, false, 1, 30_000, 14400),
                ok("b", 14400, false, 1, 50_000, 14400),
                ok("a", 14400, true, 2, 40_000, 12000),
                // T.30 said OK at both ends but a page came back different: a failure, its 150 s not a duration
                new FaxSeries.Run("a", 14400, false, 3, false, 0, 0, 14400, false, 150_000, false, "3 of 3 pages, differing pixels per page [0, 5184, 0]"),
                ok("a", 14400, false, 5, 36_000, 14400),
                new FaxSeries.Run("b", 14400, true, 2, false, 16, 35, 9600, true, 90_000, false, "2 of 3 pages"),
                new FaxSeries.Run("c", 9600, false, 1, true, 0, -1, 9600, false, 31_000, true, "3 of 3 pages"));
        String j = FaxSeries.json(runs);
        assertTrue(j.startsWith("{\"faxes\":7,\"runs\":7,\"ok\":5,\"success_pct\":71.4,\"median_s\":36.0,\"dcn_lost\":1,"), j);
        assertTrue(j.contains("{\"path\":\"a\",\"runs\":4,\"ok\":3,\"success_pct\":75.0,\"median_s\":36.0,\"dcn_lost\":0,"), j);
        assertTrue(j.contains("{\"rate\":14400,\"ecm\":false,\"runs\":3,\"ok\":2,\"success_pct\":66.7,\"median_s\":33.0,\"dcn_lost\":0,"
                + "\"rates_reached\":{\"14400\":3},\"failures\":[{\"run\":3,\"sender_code\":0,\"receiver_code\":0,\"sender\":\"OK\",\"receiver\":\"OK\",\"bit_rate\":14400,"
                + "\"ecm\":false,\"ms\":150000,\"what\":\"3 of 3 pages, differing pixels per page [0, 5184, 0]\"}]}"), j);
        assertTrue(j.contains("{\"rate\":14400,\"ecm\":true,\"runs\":1,\"ok\":1,\"success_pct\":100.0,\"median_s\":40.0,\"dcn_lost\":0,\"rates_reached\":{\"12000\":1},\"failures\":[]}"), j);
        // the lost DCN is a success, counted apart
        assertTrue(j.contains("{\"path\":\"c\",\"runs\":1,\"ok\":1,\"success_pct\":100.0,\"median_s\":31.0,\"dcn_lost\":1,"), j);
        // a case with no success has no duration, not 0 s
        assertTrue(j.contains("{\"rate\":14400,\"ecm\":true,\"runs\":1,\"ok\":0,\"success_pct\":0.0,\"median_s\":null,\"dcn_lost\":0,\"rates_reached\":{\"9600\":1},"
                + "\"failures\":[{\"run\":2,\"sender_code\":16,\"receiver_code\":35,"
                + "\"sender\":\"TX_ECMPHD\",\"receiver\":\"RX_DCNWHY\","), j);
    }

    @Test
    void medianAndQuoting() {
        assertEquals(2.0, FaxSeries.median(new long[] {3, 1, 2}));
        assertEquals(2.5, FaxSeries.median(new long[] {4, 1, 3, 2}));
        assertTrue(Double.isNaN(FaxSeries.median(new long[0])));
        assertEquals("\"a \\\"b\\\" \\\\ \\u000a\"", FaxSeries.str("a \"b\" \\ \n"));
    }
}
