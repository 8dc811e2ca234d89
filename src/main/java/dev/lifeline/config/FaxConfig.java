package dev.lifeline.config;

import java.util.Set;

/**
 * How fax calls cross SIP ({@code sip.fax}): {@code mode: t38} offers and accepts T.38 (RFC 3362)
 * and falls back to G.711 pass-through when the far end refuses it; {@code pass-through} keeps
 * every fax on G.711 and refuses T.38 offers (488).
 *
 * @param t38 mode t38 (true) or pass-through
 * @param udptlRedundancy redundant IFPs per UDPTL packet, 0-8 ({@code udptl-redundancy}, default 3)
 * @param maxBitRate 9600 or 14400 ({@code max-bit-rate}, default 14400)
 * @param ecm whether the fax machines may use ECM through the T.38 gateway ({@code ecm}, default true)
 */
public record FaxConfig(boolean t38, int udptlRedundancy, int maxBitRate, boolean ecm) {
    public static final FaxConfig DEFAULT = new FaxConfig(true, 3, 14400, true);

    static FaxConfig read(YamlNode node) {
        Fields f = node == null ? null : node.fields("mode", "udptl-redundancy", "max-bit-rate", "ecm");
        if (f == null) return DEFAULT;
        String mode = f.choice("mode", "t38", Set.of("t38", "pass-through"));
        int rate = f.integer("max-bit-rate", 14400, 2400, 14400);
        if (rate != 9600 && rate != 14400) {
            node.problems().add(node.childPath("max-bit-rate"), "must be 9600 or 14400, got " + rate);
            rate = 14400;
        }
        return new FaxConfig(!"pass-through".equals(mode), f.integer("udptl-redundancy", 3, 0, 8), rate, f.bool("ecm", true));
    }
}
