package dev.lifeline.mgmt.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A CDR search from the console's query string: {@code number} (part of the calling, dialled or
 * called number), {@code from} / {@code to} (ISO-8601 instants — the page turns the dates a user
 * picks into instants of the user's own day — or plain dates, taken as UTC days; {@code to} is
 * exclusive, a plain {@code to} date includes that whole day) and {@code limit}.
 */
record CdrQuery(String number, Instant from, Instant to, int limit) {
    static final int MAX_NUMBER = 32;

    /** Parses {@code q}; {@code maxLimit} bounds the answer (the page's table vs. a CSV download). */
    static CdrQuery parse(Map<String, String> q, int defaultLimit, int maxLimit) {
        String number = q.getOrDefault("number", "").strip();
        if (number.length() > MAX_NUMBER || !number.matches("[0-9+*#A-Za-z.@_-]*")) {
            throw new IllegalArgumentException("number: up to " + MAX_NUMBER + " digits (or + * #)");
        }
        Instant from = instant(q.get("from"), false);
        Instant to = instant(q.get("to"), true);
        if (from != null && to != null && !from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
        int limit = defaultLimit;
        String l = q.get("limit");
        if (l != null && !l.isBlank()) {
            try {
                limit = Integer.parseInt(l.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit must be a number");
            }
            if (limit < 1 || limit > maxLimit) throw new IllegalArgumentException("limit must be 1.." + maxLimit);
        }
        return new CdrQuery(number.isEmpty() ? null : number, from, to, limit);
    }

    private static Instant instant(String v, boolean endOfDay) {
        if (v == null || v.isBlank()) return null;
        String s = v.strip();
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dates are YYYY-MM-DD or ISO-8601 instants, got '" + AuthRoutes.printable(s) + "'");
        }
    }
}
