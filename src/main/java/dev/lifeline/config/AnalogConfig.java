package dev.lifeline.config;

import java.util.Set;

/**
 * Analog line timing and caller-ID behaviour of the FXS ports.
 *
 * @param flashMinMs       an on-hook shorter than this is a glitch (or a pulse digit), not a flash
 * @param flashMaxMs       an on-hook up to this long is a hook flash
 * @param hangupMs         on-hook at least this long is a hang-up; must exceed flashMaxMs
 * @param ringTimeoutMs    ringing unanswered this long → the call fails with cause 19 (no answer)
 * @param offHookWarningMs howler after this long off-hook without dialling, or after the far end hung up
 * @param callerId         send caller ID to FXS phones
 * @param callerIdFormat   {@code mdmf} (number, name, date) or {@code sdmf} (number and date only)
 */
public record AnalogConfig(long flashMinMs, long flashMaxMs, long hangupMs, long ringTimeoutMs,
                           long offHookWarningMs, boolean callerId, String callerIdFormat) {

    public static final AnalogConfig DEFAULTS = new AnalogConfig(100, 600, 700, 60_000, 20_000, true, "mdmf");

    static AnalogConfig read(YamlNode node) {
        if (node == null) return DEFAULTS;
        Fields f = node.fields("flash-min", "flash-max", "hangup", "ring-timeout", "off-hook-warning",
                "caller-id", "caller-id-format");
        AnalogConfig d = DEFAULTS;
        AnalogConfig c = new AnalogConfig(
                f.durationMs("flash-min", d.flashMinMs, 20, 1_000),
                f.durationMs("flash-max", d.flashMaxMs, 50, 2_000),
                f.durationMs("hangup", d.hangupMs, 100, 5_000),
                f.durationMs("ring-timeout", d.ringTimeoutMs, 5_000, 600_000),
                f.durationMs("off-hook-warning", d.offHookWarningMs, 5_000, 600_000),
                f.bool("caller-id", d.callerId),
                f.choice("caller-id-format", d.callerIdFormat, Set.of("mdmf", "sdmf")));
        if (c.flashMinMs >= c.flashMaxMs) {
            node.problems().add(node.childPath("flash-max"), "must be longer than flash-min (" + Durations.format(c.flashMinMs) + ")");
        }
        if (c.hangupMs <= c.flashMaxMs) {
            node.problems().add(node.childPath("hangup"), "must be longer than flash-max (" + Durations.format(c.flashMaxMs)
                    + "), or a flash could not be told from a hang-up");
        }
        return c;
    }
}
