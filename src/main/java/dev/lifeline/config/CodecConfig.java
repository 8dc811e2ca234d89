package dev.lifeline.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The codecs SIP legs offer and accept ({@code sip.codecs}, in our order of preference) and
 * how Opus is encoded ({@code sip.opus}). Names are the SDP ones: {@code PCMU}, {@code PCMA},
 * {@code G722}, {@code opus}. G.711 stays first by default: most calls involve an analog line
 * (8 kHz), and a phone that prefers a wideband codec still gets it, because as answerer we take
 * the offerer's order and as offerer we put first the codec the other SIP side already agreed.
 *
 * @param order           codec names, preferred first
 * @param opusBitrate     bit/s
 * @param opusComplexity  0..10 (libopus CPU/quality trade-off; 5 suits a small ARM box)
 * @param opusFec         send in-band FEC (when the peer does not refuse it with useinbandfec=0)
 * @param opusExpectedLoss percent of loss libopus plans its FEC for
 * @param red             RFC 2198 redundancy for G.711 ({@code sip.red}): off, answer (when offered), offer
 */
public record CodecConfig(List<String> order, int opusBitrate, int opusComplexity, boolean opusFec, int opusExpectedLoss,
                          RedPolicy red) {
    public static final List<String> KNOWN = List.of("PCMU", "PCMA", "G722", "opus");
    public static final CodecConfig DEFAULT = new CodecConfig(List.of("PCMU", "PCMA", "G722", "opus"), 24_000, 5, true, 5, RedPolicy.ANSWER);

    public CodecConfig {
        order = List.copyOf(order);
        java.util.Objects.requireNonNull(red, "red");
    }

    /** Without a word on redundancy: the default, answered when offered. */
    public CodecConfig(List<String> order, int opusBitrate, int opusComplexity, boolean opusFec, int opusExpectedLoss) {
        this(order, opusBitrate, opusComplexity, opusFec, opusExpectedLoss, RedPolicy.ANSWER);
    }

    /** {@code codecs} and {@code opus} of the {@code sip} section. */
    static CodecConfig read(Fields sip) {
        List<String> names = new ArrayList<>();
        YamlNode list = sip.get("codecs").orElse(null);
        for (String n : sip.strings("codecs", DEFAULT.order)) {
            String canonical = KNOWN.stream().filter(k -> k.equalsIgnoreCase(n)).findFirst().orElse(null);
            if (canonical == null) {
                list.problems().add(list.path(), "unknown codec '" + n + "' (known: " + String.join(", ", KNOWN) + ")");
            } else if (names.contains(canonical)) {
                list.problems().add(list.path(), "lists " + canonical + " twice");
            } else {
                names.add(canonical);
            }
        }
        if (names.isEmpty()) {
            if (list != null) list.problems().add(list.path(), "must name at least one codec");
            names.addAll(DEFAULT.order);
        }
        RedPolicy red = sip.choice("red", DEFAULT.red, RedPolicy.class);
        Fields o = sip.get("opus").map(n -> n.fields("bitrate", "complexity", "fec", "expected-loss")).orElse(null);
        if (o == null) return new CodecConfig(names, DEFAULT.opusBitrate, DEFAULT.opusComplexity, DEFAULT.opusFec, DEFAULT.opusExpectedLoss, red);
        return new CodecConfig(names, o.integer("bitrate", DEFAULT.opusBitrate, 6000, 510_000),
                o.integer("complexity", DEFAULT.opusComplexity, 0, 10), o.bool("fec", DEFAULT.opusFec),
                o.integer("expected-loss", DEFAULT.opusExpectedLoss, 0, 100), red);
    }
}
