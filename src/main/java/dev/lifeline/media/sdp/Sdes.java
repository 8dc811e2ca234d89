package dev.lifeline.media.sdp;

import dev.lifeline.dsp.Srtp;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What SDES offer/answer agreed for one audio stream: the suite, the tag of the a=crypto line,
 * our key (we protect with it; the peer learned it from our SDP) and theirs (we unprotect with
 * it). Keys are copies; {@link #toString} never shows them.
 */
public record Sdes(int tag, Srtp.Suite suite, byte[] localKey, byte[] remoteKey) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public Sdes {
        localKey = localKey.clone();
        remoteKey = remoteKey.clone();
    }

    @Override public byte[] localKey() { return localKey.clone(); }
    @Override public byte[] remoteKey() { return remoteKey.clone(); }

    /** Same suite and keys (a re-INVITE that keeps them keeps the SRTP contexts and their rollover counters). */
    public boolean sameKeys(Sdes o) {
        return o != null && o.suite == suite && Arrays.equals(o.localKey, localKey) && Arrays.equals(o.remoteKey, remoteKey);
    }

    /** Suite and tag only. */
    @Override public String toString() { return "Sdes[tag=" + tag + ", " + suite + "]"; }

    @Override public boolean equals(Object o) { return o instanceof Sdes s && s.tag == tag && sameKeys(s); }

    @Override public int hashCode() { return tag * 31 + suite.hashCode(); }

    /** A fresh master key and salt for {@code suite}, from SecureRandom. */
    public static byte[] newKey(Srtp.Suite suite) {
        byte[] k = new byte[suite.keyLength()];
        RANDOM.nextBytes(k);
        return k;
    }

    /** The suites we offer, in our order of preference, that this libsrtp2 supports (none without the native library). */
    public static List<Srtp.Suite> supportedSuites() {
        List<Srtp.Suite> out = new ArrayList<>();
        for (Srtp.Suite s : List.of(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, Srtp.Suite.AEAD_AES_128_GCM, Srtp.Suite.AES_CM_128_HMAC_SHA1_32))
            if (Srtp.isSupported(s)) out.add(s);
        return out;
    }

    /** The suite of a remote line if we can use it (known, supported, right key length, no MKI or session parameters). */
    static Optional<Srtp.Suite> usable(CryptoAttribute c) {
        if (c.hasUnsupportedParameters()) return Optional.empty();
        return Srtp.Suite.bySdpName(c.suite())
                .filter(s -> s.keyLength() == c.keySalt().length && supportedSuites().contains(s));
    }
}
