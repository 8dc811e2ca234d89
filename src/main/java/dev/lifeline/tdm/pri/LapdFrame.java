package dev.lifeline.tdm.pri;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One LAPD frame without flags and FCS (the HDLC controller adds and checks those), in the
 * modulo-128 format of Q.921 §3: two address octets (SAPI, C/R, EA0; TEI, EA1), a one-octet U
 * control field or a two-octet I/S control field, then information. Parsing never throws: a
 * frame the line garbled must not take the engine thread down.
 *
 * @param cr      the C/R bit as received; whether it means command depends on which side sent it
 * @param pf      poll (in a command) or final (in a response) bit
 * @param ns      N(S) of an I frame, else -1
 * @param nr      N(R) of an I or S frame, else -1
 * @param problem why the frame is unusable though addressed to us (wrong length, undefined
 *                control field), for the frame-rejection condition of §5.8.5; null when fine
 */
record LapdFrame(int sapi, boolean cr, int tei, Kind kind, boolean pf, int ns, int nr, byte[] info, String problem) {
    /** Frame types of Q.921 §3.6 table 5 that a point-to-point link can meet. */
    enum Kind { I, RR, RNR, REJ, SABME, DM, UI, DISC, UA, FRMR, XID, UNDEFINED }

    static final int MODULUS = 128;
    private static final byte[] NONE = new byte[0];

    /** Null when the address field itself is broken (§5.8.4: such frames are discarded without notice). */
    static LapdFrame parse(byte[] raw) {
        if (raw == null || raw.length < 3) return null;
        int a1 = raw[0] & 0xFF;
        int a2 = raw[1] & 0xFF;
        if ((a1 & 1) != 0 || (a2 & 1) != 1) return null;
        int sapi = a1 >> 2;
        boolean cr = (a1 & 2) != 0;
        int tei = a2 >> 1;
        int c1 = raw[2] & 0xFF;
        if ((c1 & 1) == 0) { // I frame
            if (raw.length < 4) return bad(sapi, cr, tei, Kind.I, "I frame without N(R) octet");
            int c2 = raw[3] & 0xFF;
            return new LapdFrame(sapi, cr, tei, Kind.I, (c2 & 1) != 0, c1 >> 1, c2 >> 1,
                    Arrays.copyOfRange(raw, 4, raw.length), null);
        }
        if ((c1 & 3) == 1) { // S frame
            Kind k = switch (c1) {
                case 0x01 -> Kind.RR;
                case 0x05 -> Kind.RNR;
                case 0x09 -> Kind.REJ;
                default -> Kind.UNDEFINED;
            };
            if (k == Kind.UNDEFINED) return bad(sapi, cr, tei, k, String.format("undefined S control 0x%02x", c1));
            if (raw.length != 4) return bad(sapi, cr, tei, k, k + " with length " + raw.length);
            int c2 = raw[3] & 0xFF;
            return new LapdFrame(sapi, cr, tei, k, (c2 & 1) != 0, -1, c2 >> 1, NONE, null);
        }
        boolean pf = (c1 & 0x10) != 0;
        Kind k = switch (c1 & ~0x10) {
            case 0x6F -> Kind.SABME;
            case 0x0F -> Kind.DM;
            case 0x03 -> Kind.UI;
            case 0x43 -> Kind.DISC;
            case 0x63 -> Kind.UA;
            case 0x87 -> Kind.FRMR;
            case 0xAF -> Kind.XID;
            default -> Kind.UNDEFINED;
        };
        if (k == Kind.UNDEFINED) return bad(sapi, cr, tei, k, String.format("undefined U control 0x%02x", c1));
        boolean fixedLength = k == Kind.SABME || k == Kind.DM || k == Kind.DISC || k == Kind.UA;
        if (fixedLength && raw.length != 3) return bad(sapi, cr, tei, k, k + " with an information field");
        return new LapdFrame(sapi, cr, tei, k, pf, -1, -1, Arrays.copyOfRange(raw, 3, raw.length), null);
    }

    private static LapdFrame bad(int sapi, boolean cr, int tei, Kind kind, String problem) {
        return new LapdFrame(sapi, cr, tei, kind, false, -1, -1, NONE, problem);
    }

    static byte[] unnumbered(int sapi, boolean cr, int tei, Kind kind, boolean pf) {
        int control = switch (kind) {
            case SABME -> 0x6F;
            case DM -> 0x0F;
            case DISC -> 0x43;
            case UA -> 0x63;
            default -> throw new IllegalArgumentException("not an unnumbered frame we send: " + kind);
        };
        return new byte[] {address1(sapi, cr), address2(tei), (byte) (control | (pf ? 0x10 : 0))};
    }

    static byte[] supervisory(int sapi, boolean cr, int tei, Kind kind, int nr, boolean pf) {
        int control = switch (kind) {
            case RR -> 0x01;
            case RNR -> 0x05;
            case REJ -> 0x09;
            default -> throw new IllegalArgumentException("not a supervisory frame: " + kind);
        };
        return new byte[] {address1(sapi, cr), address2(tei), (byte) control, (byte) ((nr << 1) | (pf ? 1 : 0))};
    }

    static byte[] information(int sapi, boolean cr, int tei, int ns, int nr, boolean p, byte[] info) {
        byte[] f = new byte[4 + info.length];
        f[0] = address1(sapi, cr);
        f[1] = address2(tei);
        f[2] = (byte) (ns << 1);
        f[3] = (byte) ((nr << 1) | (p ? 1 : 0));
        System.arraycopy(info, 0, f, 4, info.length);
        return f;
    }

    private static byte address1(int sapi, boolean cr) { return (byte) ((sapi << 2) | (cr ? 2 : 0)); }

    private static byte address2(int tei) { return (byte) ((tei << 1) | 1); }

    /** Short form for debug logs, e.g. {@code I ns=3 nr=5 p=0 len=12}. */
    String describe() {
        StringBuilder b = new StringBuilder().append(kind);
        if (ns >= 0) b.append(" ns=").append(ns);
        if (nr >= 0) b.append(" nr=").append(nr);
        b.append(" pf=").append(pf ? 1 : 0);
        if (info.length > 0) b.append(" len=").append(info.length);
        if (problem != null) b.append(" [").append(problem).append(']');
        return b.toString();
    }

    static String hex(byte[] raw) { return HexFormat.ofDelimiter(" ").formatHex(raw); }
}
