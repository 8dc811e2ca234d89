package dev.lifeline.media.rtp;

import dev.lifeline.config.CodecConfig;
import dev.lifeline.config.RedPolicy;
import dev.lifeline.dsp.Dsp;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * The codecs a SIP leg offers and accepts, preferred first, and our Opus encoder settings.
 * G.722 and Opus need liblifeline-dsp: without it they are left out (with a warning once),
 * so a gateway missing its native library still talks G.711 instead of failing calls.
 * {@code red} says whether G.711 goes with RFC 2198 redundancy ({@code sip.red}).
 */
public record CodecPreferences(List<Codec> order, OpusParams opus, RedPolicy red) {
    public static final CodecPreferences G711 = new CodecPreferences(List.of(Codec.PCMU, Codec.PCMA), OpusParams.DEFAULT);

    public CodecPreferences {
        order = List.copyOf(order);
        if (order.isEmpty()) throw new IllegalArgumentException("at least one codec");
        java.util.Objects.requireNonNull(red, "red");
    }

    /** Redundancy as the default: answered when offered. */
    public CodecPreferences(List<Codec> order, OpusParams opus) { this(order, opus, RedPolicy.ANSWER); }

    /** From {@code sip.codecs} / {@code sip.opus}. */
    public static CodecPreferences from(CodecConfig c) {
        List<Codec> list = new ArrayList<>();
        for (String name : c.order()) {
            Codec codec = Codec.forEncodingName(name).orElseThrow(() -> new IllegalArgumentException("unknown codec " + name));
            if (codec.needsNativeLibrary() && !Dsp.isAvailable()) {
                Logger.warn("codecs: {} left out: {}", codec.encodingName(), Dsp.unavailabilityCause());
                continue;
            }
            list.add(codec);
        }
        if (list.isEmpty()) list.addAll(G711.order);
        return new CodecPreferences(list, new OpusParams(c.opusBitrate(), c.opusComplexity(), c.opusFec(),
                c.opusFec() ? c.opusExpectedLoss() : 0, 0), c.red());
    }

    /** The same preferences with another redundancy policy. */
    public CodecPreferences withRed(RedPolicy policy) { return new CodecPreferences(order, opus, policy); }

    /** The same list with {@code first} moved to the front (when it is in the list). */
    public CodecPreferences preferring(Codec first) {
        if (first == null || !order.contains(first) || order.get(0) == first) return this;
        List<Codec> l = new ArrayList<>(order);
        l.remove(first);
        l.add(0, first);
        return new CodecPreferences(l, opus, red);
    }
}
