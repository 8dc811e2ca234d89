package dev.lifeline.mgmt.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.lifeline.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every console response shares: the security headers, JSON and text bodies, a request
 * body read with a hard size limit, query strings and the session cookie. Kept in one place so
 * no handler can forget a header.
 */
final class Http {
    /** Login and action bodies are a few dozen bytes; anything larger is refused unread (413). */
    static final int MAX_BODY = 8 * 1024;
    static final int MAX_PARAMS = 16;
    static final String COOKIE = "lifeline_session";
    static final String CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    /** The request body did not fit in {@link #MAX_BODY}. */
    static final class TooLarge extends IOException {
        TooLarge() { super("request body over " + MAX_BODY + " bytes"); }
    }

    private Http() {}

    /** Same-origin only (no CORS headers at all), no framing, no sniffing, no referrer to elsewhere. */
    static void securityHeaders(HttpExchange ex) {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Frame-Options", "DENY");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", Json.write(body).getBytes(StandardCharsets.UTF_8), true);
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, Map.of("error", message == null ? "refused (" + status + ")" : message));
    }

    /** Sends {@code body}; {@code noStore} for anything with data in it (API answers, CSV). */
    static void send(HttpExchange ex, int status, String contentType, byte[] body, boolean noStore) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("Cache-Control", noStore ? "no-store" : "no-cache");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** The body, at most {@link #MAX_BODY} bytes; throws {@link TooLarge} beyond (also for a lying Content-Length). */
    static byte[] body(HttpExchange ex) throws IOException {
        String len = ex.getRequestHeaders().getFirst("Content-Length");
        if (len != null) {
            try {
                if (Long.parseLong(len.strip()) > MAX_BODY) throw new TooLarge();
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) throw new TooLarge();
            return b;
        }
    }

    /** The JSON object in the body (the console's forms post JSON). */
    static Map<String, Object> jsonBody(HttpExchange ex) throws IOException {
        try {
            return Json.object(body(ex), MAX_BODY);
        } catch (TooLarge e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
    }

    /** Query parameters, decoded; at most {@link #MAX_PARAMS}, the first of a repeated name wins. */
    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q == null || q.isEmpty()) return out;
        for (String pair : q.split("&", MAX_PARAMS + 1)) {
            if (out.size() >= MAX_PARAMS) break;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** The value of cookie {@code name}, or null. */
    static String cookie(HttpExchange ex, String name) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** Set-Cookie for a session id; {@code null} clears it. {@code Secure} once served over TLS (issue #15). */
    static void setSessionCookie(HttpExchange ex, String id, boolean tls) {
        String v = COOKIE + "=" + (id == null ? "" : id) + "; Path=/; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "")
                + (id == null ? "; Max-Age=0" : "");
        ex.getResponseHeaders().add("Set-Cookie", v);
    }

    /** The peer's IP address (the login throttle's key). */
    static String source(HttpExchange ex) {
        var a = ex.getRemoteAddress();
        return a == null || a.getAddress() == null ? "unknown" : a.getAddress().getHostAddress();
    }

    /** A string field of a JSON body, or null; refuses other types and over-long text. */
    static String field(Map<String, Object> body, String name, int maxLength) {
        Object v = body.get(name);
        if (v == null) return null;
        if (!(v instanceof String s)) throw new IllegalArgumentException(name + " must be a string");
        if (s.length() > maxLength) throw new IllegalArgumentException(name + " is too long");
        return s;
    }
}
