package dev.lifeline.mgmt.web;

import com.sun.net.httpserver.HttpExchange;
import dev.lifeline.mgmt.controller.CdrJson;
import dev.lifeline.store.Cdr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What any logged-in user may look at: {@code GET /api/snapshot} (the page's picture, also sent
 * live by {@code GET /api/events}), {@code GET /api/cdrs} (search) and {@code GET /api/cdrs.csv}
 * (the same search as a spreadsheet file). All answers are {@code no-store}.
 */
final class ViewRoutes {
    static final int PAGE_LIMIT = 200;
    static final int MAX_PAGE_LIMIT = 1_000;
    static final int CSV_LIMIT = 10_000;

    private final ConsoleBackend backend;
    private final Snapshots snapshots;
    private final LiveUpdates live;
    private final Guard guard;

    ViewRoutes(ConsoleBackend backend, Snapshots snapshots, LiveUpdates live, Guard guard) {
        this.backend = backend;
        this.snapshots = snapshots;
        this.live = live;
        this.guard = guard;
    }

    void snapshot(HttpExchange ex) throws Exception {
        if (guard.viewer(ex) == null) return;
        Http.json(ex, 200, snapshots.build());
    }

    void events(HttpExchange ex) throws IOException {
        Sessions.Session s = guard.viewer(ex);
        if (s == null) return;
        if (!live.open(ex, s.id)) {
            ex.getResponseHeaders().set("Retry-After", "10");
            Http.error(ex, 503, "too many live views open; close one or try again later");
        }
    }

    void cdrs(HttpExchange ex) throws Exception {
        if (guard.viewer(ex) == null) return;
        CdrQuery q = CdrQuery.parse(Http.query(ex), PAGE_LIMIT, MAX_PAGE_LIMIT);
        List<Cdr> found = backend.searchCdrs(q.number(), q.from(), q.to(), q.limit());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", found.size());
        m.put("limit", q.limit());
        m.put("cdrs", found.stream().map(CdrJson::toMap).toList());
        Http.json(ex, 200, m);
    }

    void csv(HttpExchange ex) throws Exception {
        if (guard.viewer(ex) == null) return;
        CdrQuery q = CdrQuery.parse(Http.query(ex), CSV_LIMIT, CSV_LIMIT);
        List<Cdr> found = backend.searchCdrs(q.number(), q.from(), q.to(), q.limit());
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"cdrs.csv\"");
        Http.send(ex, 200, "text/csv; charset=utf-8", Csv.cdrs(found).getBytes(StandardCharsets.UTF_8), true);
    }
}
