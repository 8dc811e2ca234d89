package dev.lifeline.media.sdp;

import dev.lifeline.config.SrtpPolicy;
import dev.lifeline.dsp.Srtp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Our side of SDES when we offer: the profile ({@code RTP/SAVP} when SRTP is mandatory,
 * {@code RTP/AVP} with a=crypto as best effort when optional) and one a=crypto line per
 * supported suite, each with its own fresh key, tags 1, 2, 3. Made once per call leg and reused
 * for re-offers, so a re-INVITE keeps the keys (RFC 4568 §7.1.4 allows it) and the SRTP
 * contexts keep their rollover counters.
 */
public final class SdesOffer {
    private final SrtpPolicy policy;
    private final List<CryptoAttribute> lines;

    private SdesOffer(SrtpPolicy policy, List<CryptoAttribute> lines) {
        this.policy = policy;
        this.lines = List.copyOf(lines);
    }

    /** Fresh keys for {@code policy}; with OFF, or without the native library (then MANDATORY offers nothing usable), no lines. */
    public static SdesOffer create(SrtpPolicy policy) {
        List<CryptoAttribute> lines = new ArrayList<>();
        if (policy != SrtpPolicy.OFF) {
            int tag = 1;
            for (Srtp.Suite s : Sdes.supportedSuites()) {
                byte[] key = Sdes.newKey(s);
                lines.add(CryptoAttribute.of(tag++, s.name(), key));
                Srtp.wipe(key);
            }
        }
        return new SdesOffer(policy, lines);
    }

    public SrtpPolicy policy() { return policy; }

    /** The m= protocol to offer. */
    public String profile() { return policy == SrtpPolicy.MANDATORY ? "RTP/SAVP" : "RTP/AVP"; }

    /** The a=crypto lines to offer (with our keys). */
    public List<CryptoAttribute> lines() { return lines; }

    /**
     * The keys agreed by the far end's answer: the first of its a=crypto lines whose tag and
     * suite are one we offered. Empty when it answered without one (plain RTP: acceptable
     * unless the policy is MANDATORY, see {@link #acceptable}).
     */
    public Optional<Sdes> accept(SessionDescription answer) {
        if (policy == SrtpPolicy.OFF) return Optional.empty();
        for (CryptoAttribute theirs : answer.audio().cryptos()) {
            Optional<Srtp.Suite> suite = Sdes.usable(theirs);
            if (suite.isEmpty()) continue;
            for (CryptoAttribute ours : lines) {
                if (ours.tag() == theirs.tag() && ours.suite().equals(theirs.suite()))
                    return Optional.of(new Sdes(ours.tag(), suite.get(), ours.keySalt(), theirs.keySalt()));
            }
        }
        return Optional.empty();
    }

    /** Whether an answer with {@code agreed} (empty: plain RTP) may be used under our policy. */
    public boolean acceptable(SessionDescription answer, Optional<Sdes> agreed) {
        if (agreed.isPresent()) return true;
        return policy != SrtpPolicy.MANDATORY && !SessionDescription.isSecureProfile(answer.audio().protocol());
    }

    /** The policy and the suites only. */
    @Override public String toString() { return "SdesOffer[" + policy + ", " + lines + "]"; }
}
