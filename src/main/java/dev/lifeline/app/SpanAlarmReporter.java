package dev.lifeline.app;

import dev.lifeline.hal.gpio.Leds;
import dev.lifeline.mgmt.controller.Alarms;
import dev.lifeline.tdm.pri.E1Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code span-down} alarm: raised (major) while any PRI trunk span is not in service (no
 * layer 1, or layer 2 / the start-up restart not done), naming each such span and why; cleared
 * when every span is up. It is in the local status always, goes to the controller once the link
 * exists (replayed on {@link #attach}, like {@link CdrStoreAlarm}), and lights the board's
 * {@code led-span} while all spans are up. Engine thread for updates; reads from any thread.
 */
final class SpanAlarmReporter {
    static final String ID = "span-down";
    static final String LED = "led-span";

    private final Map<String, E1Span.Status> down = new LinkedHashMap<>();
    private Alarms alarms;
    private Leds leds;

    /** A span is wired: until it reports up, it is down (a span comes up by itself once its line is plugged). */
    synchronized void watch(E1Span span) {
        down.put(span.id(), span.status());
        publish(span.id() + " not in service");
    }

    synchronized void update(E1Span.Status s) {
        if (s.up()) down.remove(s.span());
        else down.put(s.span(), s);
        publish(s.span() + (s.up() ? " in service" : " out of service"));
    }

    synchronized void attach(Alarms target) {
        alarms = target;
        publish("controller link up");
    }

    synchronized void setLeds(Leds l) {
        leds = l;
        publish("LEDs ready");
    }

    private void publish(String why) {
        String text = text();
        if (alarms != null) {
            if (text == null) alarms.clear(ID, why);
            else alarms.raise(ID, Alarms.Severity.MAJOR, text);
        }
        if (leds != null) {
            if (text == null) leds.led(LED).on();
            else leds.led(LED).off();
        }
    }

    private String text() {
        if (down.isEmpty()) return null;
        List<String> parts = new ArrayList<>();
        down.values().forEach(s -> parts.add(s.span() + ": layer 1 " + s.layer1() + ", layer 2 " + s.layer2()));
        return String.join("; ", parts);
    }

    /** The alarm as the local status shows it: empty, or one {@code {id, severity, text}}. */
    synchronized List<Map<String, Object>> active() {
        String text = text();
        if (text == null) return List.of();
        return List.of(LocalAlarm.of(ID, "major", text));
    }
}
