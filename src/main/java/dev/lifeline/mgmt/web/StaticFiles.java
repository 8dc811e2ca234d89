package dev.lifeline.mgmt.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page itself: {@code index.html}, {@code app.js}, {@code app.css} from the jar's
 * {@code web/} resources, read once at start (about 30 KB) and served from memory. No inline
 * script or style anywhere, so the Content-Security-Policy can be {@code default-src 'self'}.
 */
final class StaticFiles {
    private record File(String type, byte[] body) {}

    private final Map<String, File> files;

    StaticFiles() {
        File index = new File("text/html; charset=utf-8", load("index.html"));
        files = Map.of(
                "/", index,
                "/index.html", index,
                "/app.js", new File("text/javascript; charset=utf-8", load("app.js")),
                "/app.css", new File("text/css; charset=utf-8", load("app.css")));
    }

    void serve(HttpExchange ex) throws IOException {
        File f = files.get(ex.getRequestURI().getPath());
        if (f == null) {
            Http.send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
            return;
        }
        Http.send(ex, 200, f.type(), f.body(), false);
    }

    private static byte[] load(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + name)) {
            if (in == null) throw new IllegalStateException("web/" + name + " is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
