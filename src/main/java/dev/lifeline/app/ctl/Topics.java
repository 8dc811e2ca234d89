package dev.lifeline.app.ctl;

import java.util.Optional;

/**
 * The controller topics of DESIGN §9 ({@code lifeline/v1/<site>/<gatewayId>/<kind>}), built and
 * taken apart in one place so the controller never concatenates topic strings by hand.
 * A site or gateway of {@code +} stands for "any" in subscriptions.
 */
public final class Topics {
    public static final String ROOT = "lifeline/v1/";
    public static final String STATUS = "status";
    public static final String CONFIG_SET = "config/set";
    public static final String CONFIG_ACK = "config/ack";
    public static final String CDR = "cdr";
    public static final String CDR_ACK = "cdr/ack";
    public static final String ALARM = "alarm";
    public static final String CMD = "cmd";
    public static final String CMD_ACK = "cmd/ack";

    private Topics() {}

    /** {@code lifeline/v1/<site>/<gatewayId>/<kind>}; site and gateway may be {@code +} in filters. */
    public static String of(String site, String gatewayId, String kind) {
        return ROOT + level(site) + "/" + level(gatewayId) + "/" + kind;
    }

    private static String level(String v) {
        if (v == null || v.isEmpty()) return "+";
        if (!v.equals("+") && (v.contains("/") || v.contains("+") || v.contains("#"))) {
            throw new IllegalArgumentException("site and gateway ids cannot contain '/', '+' or '#': " + v);
        }
        return v;
    }

    /** A topic taken apart; {@code kind} is what follows the gateway id, e.g. {@code cdr} or {@code config/ack}. */
    public record Parsed(String site, String gatewayId, String kind) {}

    /** Empty if {@code topic} is not one of ours. */
    public static Optional<Parsed> parse(String topic) {
        if (!topic.startsWith(ROOT)) return Optional.empty();
        String[] p = topic.substring(ROOT.length()).split("/", 3);
        if (p.length < 3 || p[0].isEmpty() || p[1].isEmpty()) return Optional.empty();
        return Optional.of(new Parsed(p[0], p[1], p[2]));
    }
}
