package dev.lifeline.mgmt.controller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The gateway's active alarms. Raising an alarm that is already raised with the same severity
 * and text changes nothing; a new severity or text is a new "raised" event. Every change is
 * logged as one line and handed to the sink (which publishes it on the {@code alarm} topic);
 * the active set is also part of every status message, so a controller that missed an event
 * still sees the truth. Thread-safe.
 */
public final class Alarms {
    /** Alarm ids used by the gateway. */
    public static final String WAN_LOST = "wan-lost";
    public static final String JOURNAL_FILLING = "journal-filling";
    public static final String CONFIG_REJECTED = "config-rejected";
    /** CDRs cannot be committed to the database; they are kept in memory and the spool file (docs/operations.md). */
    public static final String CDR_STORE_FAILING = "cdr-store-failing";

    public enum Severity {
        CRITICAL, MAJOR, MINOR, WARNING;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }

    /** An active alarm. */
    public record Alarm(String id, Severity severity, String text, Instant since) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("severity", severity.wire());
            m.put("text", text);
            m.put("since", since.toString());
            return m;
        }
    }

    /** A raise or clear, as published on the {@code alarm} topic. */
    public record Event(String id, Severity severity, boolean raised, String text, Instant time) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("severity", severity.wire());
            m.put("state", raised ? "raised" : "cleared");
            m.put("text", text);
            m.put("time", time.toString());
            return m;
        }
    }

    private final Map<String, Alarm> active = new LinkedHashMap<>();
    private final java.util.function.Supplier<Instant> now;
    private volatile Consumer<Event> sink = e -> { };

    public Alarms(java.util.function.Supplier<Instant> now) { this.now = now; }

    /** Where raise/clear events go (the link's publisher). */
    void setSink(Consumer<Event> sink) { this.sink = sink; }

    /** Raises {@code id} (or changes its severity/text); returns true if anything changed. */
    public boolean raise(String id, Severity severity, String text) {
        Event ev;
        synchronized (this) {
            Alarm old = active.get(id);
            if (old != null && old.severity == severity && old.text.equals(text)) return false;
            Instant t = now.get();
            active.put(id, new Alarm(id, severity, text, old == null ? t : old.since));
            ev = new Event(id, severity, true, text, t);
        }
        Logger.warn("alarm {} raised ({}): {}", id, severity.wire(), text);
        sink.accept(ev);
        return true;
    }

    /** Clears {@code id}; returns true if it was raised. */
    public boolean clear(String id, String text) {
        Event ev;
        synchronized (this) {
            Alarm old = active.remove(id);
            if (old == null) return false;
            ev = new Event(id, old.severity, false, text, now.get());
        }
        Logger.info("alarm {} cleared: {}", id, text);
        sink.accept(ev);
        return true;
    }

    public synchronized boolean isRaised(String id) { return active.containsKey(id); }

    public synchronized Alarm get(String id) { return active.get(id); }

    /** The active alarms, in the order they were first raised. */
    public synchronized List<Alarm> active() { return new ArrayList<>(active.values()); }
}
