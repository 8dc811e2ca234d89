package dev.lifeline.app.ctl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader producing {@code LinkedHashMap} (key order kept), {@code ArrayList},
 * {@code String}, {@code Long} (integers), {@code Double} (other numbers), {@code Boolean} and null.
 *
 * <p>Why not the YAML parser the gateway reads JSON with: the controller parses CDR batches of
 * up to 500 records at several thousand CDRs per second, and a YAML composer is an order of
 * magnitude slower and more lenient than a JSON payload from another program deserves (a 500-CDR
 * batch of 218 KB: about 0.5 ms here, 12–30 ms through {@code util.JsonRead}, measured on a 2-core box).
 */
public final class JsonParser {
    private final String s;
    private int i;

    private JsonParser(String s) { this.s = s; }

    /** Parses one JSON value filling the whole text; IllegalArgumentException saying where it went wrong. */
    public static Object parse(String text) {
        JsonParser p = new JsonParser(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i != text.length()) throw p.error("unexpected text after the JSON value");
        return v;
    }

    /** Parses a JSON object; IllegalArgumentException if the text is not one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) throw new IllegalArgumentException("expected a JSON object");
        return (Map<String, Object>) v;
    }

    private Object value(int depth) {
        if (depth > 64) throw error("nested too deeply");
        if (i >= s.length()) throw error("unexpected end of text");
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> obj(depth);
            case '[' -> arr(depth);
            case '"' -> str();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield num();
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> obj(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            ws();
            if (peek() != '"') throw error("expected a quoted key");
            String k = str();
            ws();
            expect(':');
            ws();
            if (m.containsKey(k)) throw error("duplicate key \"" + k + "\"");
            m.put(k, value(depth + 1));
            ws();
            char c = next();
            if (c == '}') return m;
            if (c != ',') throw error("expected ',' or '}'");
        }
    }

    private List<Object> arr(int depth) {
        List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (peek() == ']') {
            i++;
            return l;
        }
        while (true) {
            ws();
            l.add(value(depth + 1));
            ws();
            char c = next();
            if (c == ']') return l;
            if (c != ',') throw error("expected ',' or ']'");
        }
    }

    private String str() {
        i++;
        int start = i;
        // fast path: no escapes
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') return s.substring(start, i++);
            if (c == '\\' || c < 0x20) break;
            i++;
        }
        StringBuilder sb = new StringBuilder(s.substring(start, i));
        while (true) {
            if (i >= s.length()) throw error("unterminated string");
            char c = s.charAt(i++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw error("control character in a string");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) throw error("bad \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private Object num() {
        int start = i;
        if (peek() == '-') i++;
        if (peek() == '0') {
            i++;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9') i++;
        } else {
            throw error("bad number");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            i++;
            if (!(peek() >= '0' && peek() <= '9')) throw error("bad number");
            while (peek() >= '0' && peek() <= '9') i++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            i++;
            if (peek() == '+' || peek() == '-') i++;
            if (!(peek() >= '0' && peek() <= '9')) throw error("bad number");
            while (peek() >= '0' && peek() <= '9') i++;
        }
        String t = s.substring(start, i);
        if (integral && t.length() < 19) return Long.parseLong(t);
        return Double.parseDouble(t);
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) throw error("unexpected text");
        i += word.length();
        return v;
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
            i++;
        }
    }

    private char peek() { return i < s.length() ? s.charAt(i) : '\0'; }

    private char next() {
        if (i >= s.length()) throw error("unexpected end of text");
        return s.charAt(i++);
    }

    private void expect(char c) {
        if (next() != c) {
            i--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at character " + i + ": " + what);
    }
}
