package dev.lifeline.hal.sim;

import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.PortKind;

/** Device-to-gateway event words of the sim line protocol, per port kind. */
final class SimEvents {
    private SimEvents() {}

    static LineEvent fromDevice(PortKind kind, String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (kind == PortKind.FXS) {
            return switch (t) {
                case "OFFHOOK" -> LineEvent.OFF_HOOK;
                case "ONHOOK" -> LineEvent.ON_HOOK;
                default -> null;
            };
        }
        if (t.startsWith("LOOP DROP")) return LineEvent.LOOP_DROP;
        return switch (t) {
            case "RING ON" -> LineEvent.RING_ON;
            case "RING OFF" -> LineEvent.RING_OFF;
            case "POLARITY REVERSE" -> LineEvent.POLARITY_REVERSE;
            case "POLARITY NORMAL" -> LineEvent.POLARITY_NORMAL;
            default -> null;
        };
    }
}
