package dev.lifeline.mgmt.controller;

import dev.lifeline.util.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code config/set} message, read strictly: {@code {"version": 8, "requestId": "r-123",
 * "config": <YAML text or JSON object>}}. Anything else — bad UTF-8 or JSON, a version that is not
 * a positive whole number, unknown fields, an oversize payload — is refused with every problem
 * found, and with whatever request id and version could still be read, for the ack.
 *
 * @param configText the site config as text for {@code ConfigLoader.loadSite} (a JSON object is
 *                   written back out as JSON, which is YAML)
 */
record ConfigEnvelope(String requestId, Long version, String configText) {
    /** Largest accepted payload: a whole site config for a big box is far below this. */
    static final int MAX_BYTES = 256 * 1024;
    private static final Set<String> FIELDS = Set.of("version", "requestId", "config");

    /** One thing wrong with the envelope or the config, as the ack reports it. */
    record Problem(String field, String message) { }

    /** The envelope was refused; carries what could be read for the ack. */
    static final class Refused extends Exception {
        final String requestId;
        final Long version;
        final List<Problem> problems;

        Refused(String requestId, Long version, List<Problem> problems) {
            super(problems.isEmpty() ? "refused" : problems.get(0).message());
            this.requestId = requestId;
            this.version = version;
            this.problems = List.copyOf(problems);
        }
    }

    static ConfigEnvelope parse(byte[] payload) throws Refused {
        if (payload.length > MAX_BYTES) {
            throw refused(null, null, "", "payload is " + payload.length + " bytes; the limit is " + MAX_BYTES);
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)); // bad UTF-8 gets its own clear refusal
        } catch (CharacterCodingException e) {
            throw refused(null, null, "", "payload is not UTF-8 text");
        }
        Object doc;
        try {
            doc = Json.parse(payload, MAX_BYTES);
        } catch (IllegalArgumentException e) {
            throw refused(null, null, "", e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw refused(null, null, "", "expected a JSON object {\"version\", \"requestId\", \"config\"}, got "
                    + describe(doc));
        }
        List<Problem> problems = new ArrayList<>();
        for (Object key : map.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                problems.add(new Problem(String.valueOf(key), "unknown field (allowed: " + String.join(", ", new TreeSet<>(FIELDS)) + ")"));
            }
        }
        String requestId = null;
        Object rid = map.get("requestId");
        if (rid instanceof String s) requestId = s;
        else if (rid != null) problems.add(new Problem("requestId", "must be a string, got " + describe(rid)));
        Long version = null;
        Object v = map.get("version");
        if (v == null) {
            problems.add(new Problem("version", "is required (a positive whole number)"));
        } else if (!(v instanceof Long n)) { // Json reads every whole number as a Long (beyond 2^63 is a parse error)
            problems.add(new Problem("version", "must be a positive whole number, got " + describe(v)));
        } else if (n < 1) {
            problems.add(new Problem("version", "must be a positive whole number, got " + v));
        } else {
            version = n;
        }
        String configText = null;
        Object c = map.get("config");
        if (c == null) {
            problems.add(new Problem("config", "is required: the whole site config, as YAML text or a JSON object"));
        } else if (c instanceof String s) {
            if (s.isBlank()) problems.add(new Problem("config", "is empty"));
            else configText = s;
        } else if (c instanceof Map<?, ?>) {
            configText = Json.write(c);
        } else {
            problems.add(new Problem("config", "must be YAML text or a JSON object, got " + describe(c)));
        }
        if (!problems.isEmpty()) throw new Refused(requestId, version, problems);
        return new ConfigEnvelope(requestId, version, configText);
    }

    private static Refused refused(String requestId, Long version, String field, String message) {
        return new Refused(requestId, version, List.of(new Problem(field, message)));
    }

    static String describe(Object o) {
        if (o == null) return "null";
        if (o instanceof String) return "a string";
        if (o instanceof Map<?, ?>) return "an object";
        if (o instanceof List<?>) return "an array";
        if (o instanceof Boolean) return "a boolean (" + o + ")";
        if (o instanceof Number) return "the number " + o;
        return o.getClass().getSimpleName();
    }
}
