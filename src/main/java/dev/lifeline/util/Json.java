package dev.lifeline.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON codec of the gateway, its CLI and the reference controller, on Jackson's streaming
 * core ({@code jackson-core}; why not databind or jackson-jr: docs/dependencies.md).
 *
 * <p>Reading is strict, because most JSON we read arrives over MQTT or CoAP from another
 * program: RFC 8259 only (no comments, unquoted or single-quoted names, trailing commas, leading
 * zeros, NaN/Infinity), a duplicate key is an error, nothing may follow the value, and a payload
 * is refused before parsing when it is over its byte limit, and while parsing when it nests
 * deeper than {@value #MAX_DEPTH}, has a string over {@value #MAX_STRING_CHARS} characters or a
 * number over {@value #MAX_NUMBER_CHARS} digits. Every refusal is an {@link IllegalArgumentException}
 * whose message starts "not valid JSON" and says where.
 *
 * <p>Values come back as {@code LinkedHashMap<String, Object>} (document key order),
 * {@code ArrayList}, {@code String}, {@code Boolean}, null and numbers by one rule: a number
 * without fraction or exponent is a {@code Long} (one outside the 64-bit range is refused), any
 * other is a {@code Double} (one that overflows to infinity is refused). Callers that need
 * exact decimals have none today; money-like values are not on any wire.
 *
 * <p>Writing keeps map order, writes integers and doubles as {@code Long.toString} /
 * {@code Double.toString} do (the format the wire always had), and writes any other object as
 * the string of its {@code toString()} (enums, instants).
 */
public final class Json {
    /** Deepest nesting accepted; our deepest document (a site config as JSON) is about 5. */
    public static final int MAX_DEPTH = 32;
    /** Longest string value or name accepted, in characters: a whole YAML config fits. */
    public static final int MAX_STRING_CHARS = 1 << 20;
    /** Longest number accepted, in characters (a long has at most 20 with its sign). */
    public static final int MAX_NUMBER_CHARS = 64;
    /** Size limit of {@link #parse(String)} / {@link #object(String)}: the reference controller reads gateway payloads (a 500-CDR batch is about 220 KB) and the CLI its files with it. */
    public static final int DEFAULT_MAX_BYTES = 4 << 20;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    // ---- writing ------------------------------------------------------------------------------

    /** The value as compact JSON text. */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString()); // AtomicLong and friends
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (var e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) write(g, o);
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }

    // ---- reading ------------------------------------------------------------------------------

    /** One JSON value from a payload of at most {@code maxBytes} UTF-8 bytes (checked before parsing). */
    public static Object parse(byte[] payload, int maxBytes) {
        if (payload.length > maxBytes) {
            throw new IllegalArgumentException("not valid JSON: payload is " + payload.length + " bytes; the limit is " + maxBytes);
        }
        try (JsonParser p = FACTORY.createParser(payload)) {
            return whole(p);
        } catch (IOException e) {
            throw refusal(e);
        }
    }

    /** One JSON object from a payload of at most {@code maxBytes} bytes. */
    public static Map<String, Object> object(byte[] payload, int maxBytes) {
        return asObject(parse(payload, maxBytes));
    }

    /** One JSON value from text of at most {@link #DEFAULT_MAX_BYTES} characters. */
    public static Object parse(String text) {
        if (text.length() > DEFAULT_MAX_BYTES) {
            throw new IllegalArgumentException("not valid JSON: text is " + text.length() + " characters; the limit is " + DEFAULT_MAX_BYTES);
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            return whole(p);
        } catch (IOException e) {
            throw refusal(e);
        }
    }

    /** One JSON object from text; IllegalArgumentException if it is not valid JSON or not an object. */
    public static Map<String, Object> object(String text) {
        return asObject(parse(text));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object v) {
        if (v instanceof Map) return (Map<String, Object>) v;
        throw new IllegalArgumentException("not valid JSON here: expected an object, got " + (v == null ? "null" : describe(v)));
    }

    private static String describe(Object v) {
        if (v instanceof List) return "an array";
        if (v instanceof String) return "a string";
        if (v instanceof Number) return "a number";
        if (v instanceof Boolean) return "a boolean";
        return v.getClass().getSimpleName();
    }

    private static Object whole(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) throw new IllegalArgumentException("not valid JSON: no value (empty text)");
        Object v = value(p, t);
        if (p.nextToken() != null) throw at(p, "text after the JSON value");
        return v;
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName(); // a FIELD_NAME: the parser allows nothing else here
                    m.put(name, value(p, p.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) l.add(value(p, e));
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) throw at(p, "integer " + p.getText() + " is outside the 64-bit range");
                yield p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) throw at(p, "number " + p.getText() + " is outside the double range");
                yield d;
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw at(p, "unexpected " + t);
        };
    }

    private static IllegalArgumentException at(JsonParser p, String what) {
        return new IllegalArgumentException("not valid JSON" + where(p.currentLocation()) + ": " + what);
    }

    private static IllegalArgumentException refusal(IOException e) {
        if (e instanceof JsonProcessingException j) {
            String what = j.getOriginalMessage();
            if (j instanceof StreamConstraintsException) what = "over a limit: " + what;
            int cut = what.indexOf('\n');
            int hint = what.indexOf(": enable `"); // Jackson's advice to its programmer, not to whoever sent the payload
            if (hint > 0 && (cut < 0 || hint < cut)) cut = hint;
            return new IllegalArgumentException("not valid JSON" + where(j.getLocation()) + ": " + (cut > 0 ? what.substring(0, cut) : what));
        }
        return new IllegalArgumentException("not valid JSON: " + e.getMessage());
    }

    private static String where(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 0) return "";
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
