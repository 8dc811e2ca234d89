package dev.lifeline.media.sdp;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One SDES {@code a=crypto} line (RFC 4568 §9.1):
 * {@code crypto:<tag> <suite> inline:<base64 key||salt>[|<lifetime>][|<MKI>:<length>][;inline:...] [<session-params>]}.
 * The suite stays a string so lines for suites we do not know still parse (and are skipped by
 * negotiation). Only the first key of a line is kept; {@link #keyCount} says how many it had.
 *
 * <p>The key is a secret: {@link #toString} never shows it; only {@link #toSdp} (for the SDP
 * body we send) writes it. Keep SDP bodies out of logs.
 *
 * @param lifetime     the key's lifetime as written ({@code 2^31}, or a number), or null
 * @param mki          the master key identifier value, or -1 when the line has none
 * @param mkiLength    the MKI field length in bytes (1..128), 0 when none
 * @param sessionParams session parameters (e.g. {@code UNENCRYPTED_SRTCP}), in order
 */
public record CryptoAttribute(int tag, String suite, byte[] keySalt, String lifetime, long mki, int mkiLength, int keyCount,
        List<String> sessionParams) {
    private static final Pattern TAG = Pattern.compile("\\d{1,9}");
    private static final Pattern LIFETIME = Pattern.compile("(2\\^\\d{1,2})|\\d{1,20}");
    private static final Pattern MKI = Pattern.compile("(\\d{1,20}):(\\d{1,3})");

    public CryptoAttribute {
        keySalt = keySalt.clone();
        sessionParams = List.copyOf(sessionParams);
    }

    /** A line of our own: one inline key, no lifetime, no MKI, no session parameters. */
    public static CryptoAttribute of(int tag, String suite, byte[] keySalt) {
        return new CryptoAttribute(tag, suite, keySalt, null, -1, 0, 1, List.of());
    }

    /** A copy of the key (callers may wipe it). */
    @Override public byte[] keySalt() { return keySalt.clone(); }

    /** True when the line has an MKI, several keys or session parameters: things we do not do, so the line is skipped. */
    public boolean hasUnsupportedParameters() { return mkiLength > 0 || keyCount > 1 || !sessionParams.isEmpty(); }

    /**
     * Parses the value of an {@code a=crypto} attribute (what follows {@code crypto:}); empty
     * when it is malformed (bad tag, no inline key, bad base64, bad lifetime or MKI), so that one
     * bad line among several does not refuse the whole offer.
     */
    public static Optional<CryptoAttribute> parse(String value) {
        String[] p = value.strip().split("\\s+");
        if (p.length < 3 || !TAG.matcher(p[0]).matches()) return Optional.empty();
        int tag = Integer.parseInt(p[0]);
        String[] keyParams = p[2].split(";");
        byte[] key = null;
        String lifetime = null;
        long mki = -1;
        int mkiLength = 0;
        for (int i = 0; i < keyParams.length; i++) {
            String kp = keyParams[i];
            if (!kp.startsWith("inline:")) return Optional.empty();
            if (i > 0) continue; // further keys (with MKIs) are counted only
            String[] info = kp.substring(7).split("\\|", -1);
            try {
                key = Base64.getDecoder().decode(info[0]);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (key.length == 0 || info.length > 3) return Optional.empty();
            for (int k = 1; k < info.length; k++) {
                var m = MKI.matcher(info[k]);
                if (m.matches()) {
                    mki = Long.parseLong(m.group(1));
                    mkiLength = Integer.parseInt(m.group(2));
                    if (mkiLength < 1 || mkiLength > 128) return Optional.empty();
                } else if (LIFETIME.matcher(info[k]).matches() && lifetime == null) {
                    lifetime = info[k];
                } else {
                    return Optional.empty();
                }
            }
        }
        List<String> session = new ArrayList<>(List.of(p).subList(3, p.length));
        return Optional.of(new CryptoAttribute(tag, p[1], key, lifetime, mki, mkiLength, keyParams.length, session));
    }

    /** The attribute value as sent ({@code crypto:...}, without {@code a=}); contains the key. */
    public String toSdp() {
        StringBuilder b = new StringBuilder("crypto:").append(tag).append(' ').append(suite).append(" inline:")
                .append(Base64.getEncoder().encodeToString(keySalt));
        if (lifetime != null) b.append('|').append(lifetime);
        if (mkiLength > 0) b.append('|').append(mki).append(':').append(mkiLength);
        for (String s : sessionParams) b.append(' ').append(s);
        return b.toString();
    }

    /** Tag and suite only: the key is never printed. */
    @Override
    public String toString() { return "crypto:" + tag + " " + suite + " inline:<" + keySalt.length + " bytes>"; }

    @Override
    public boolean equals(Object o) {
        return o instanceof CryptoAttribute c && c.toSdp().equals(toSdp());
    }

    @Override
    public int hashCode() { return toSdp().hashCode(); }
}
