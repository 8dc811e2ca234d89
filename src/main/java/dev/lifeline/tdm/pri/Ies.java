package dev.lifeline.tdm.pri;

import java.io.ByteArrayOutputStream;

/**
 * Builds and reads the contents of the elements this stack uses. Readers return null (or -1)
 * for contents they cannot accept, which the stack turns into cause 100 for a mandatory element
 * and "absent" for an optional one (Q.931 §5.8.7.2).
 */
public final class Ies {
    private Ies() {}

    /** Longest number accepted (E.164 allows 15 digits; private plans a few more). */
    static final int MAX_DIGITS = 32;

    // ---- bearer capability (§4.5.5) ----

    /** Circuit mode 64 kbit/s, layer 1 G.711 A-law: {@code 80 90 A3} speech, {@code 90 90 A3} 3.1 kHz audio. */
    public static InformationElement bearer(int itc) {
        return InformationElement.of(InformationElement.BEARER_CAPABILITY, 0x80 | itc & 0x1F, 0x90, 0xA3);
    }

    /** Information transfer capability, or -1 when the element is too short or not ITU coded. */
    public static int bearerCapability(InformationElement ie) {
        if (ie == null || ie.length() < 2) return -1;
        if ((ie.octet(0) & 0x60) != 0) return -1; // coding standard other than ITU-T
        return ie.octet(0) & 0x1F;
    }

    // ---- channel identification (§4.5.13), PRI form ----

    /**
     * A decoded channel identification.
     *
     * @param timeslot  the B-channel (timeslot number on E1), 0 for "any channel"
     * @param exclusive only this channel is acceptable
     * @param none      "no channel" was indicated
     */
    public record ChannelId(int timeslot, boolean exclusive, boolean none) {}

    /** {@code A9 83 8t} (exclusive) or {@code A1 83 8t} (preferred): PRI, B-channel units, channel by number. */
    public static InformationElement channelId(int timeslot, boolean exclusive) {
        return InformationElement.of(InformationElement.CHANNEL_ID, exclusive ? 0xA9 : 0xA1, 0x83, 0x80 | timeslot & 0x7F);
    }

    public static ChannelId channelId(InformationElement ie) {
        if (ie == null || ie.length() < 1) return null;
        int o3 = ie.octet(0);
        if ((o3 & 0x20) == 0) return null;   // basic-rate interface type on a PRI
        if ((o3 & 0x04) != 0) return null;   // D-channel indicated
        boolean exclusive = (o3 & 0x08) != 0;
        int i = 1;
        if ((o3 & 0x40) != 0) {              // interface identifier follows: skip it
            while (i < ie.length() && (ie.octet(i) & 0x80) == 0) i++;
            i++;
        }
        switch (o3 & 0x03) {
            case 0: return new ChannelId(0, exclusive, true);
            case 3: return new ChannelId(0, exclusive, false);
            case 2: return null;
            default: break;
        }
        int type = ie.octet(i);
        if (type < 0 || (type & 0x60) != 0 || (type & 0x10) != 0 || (type & 0x0F) != 3) return null; // ITU, by number, B units
        int ts = ie.octet(i + 1);
        if (ts < 0) return null;
        ts &= 0x7F;
        if (ts < 1 || ts > 31 || ts == 16) return null;
        return new ChannelId(ts, exclusive, false);
    }

    // ---- calling / called party number (§4.5.10, §4.5.8) ----

    public static InformationElement partyNumber(int id, PartyNumber n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int o3 = (n.typeOfNumber() & 7) << 4 | n.plan() & 0x0F;
        boolean a = id == InformationElement.CALLING_NUMBER && n.presentation() >= 0;
        b.write(a ? o3 : 0x80 | o3);
        if (a) b.write(0x80 | (n.presentation() & 3) << 5 | Math.max(0, n.screening()) & 3);
        for (int i = 0; i < n.digits().length() && i < MAX_DIGITS; i++) b.write(n.digits().charAt(i) & 0x7F);
        return new InformationElement(0, id, b.toByteArray());
    }

    public static PartyNumber partyNumber(InformationElement ie) {
        if (ie == null || ie.length() < 1) return null;
        int o3 = ie.octet(0);
        int pres = -1, screen = -1;
        int i = 1;
        if ((o3 & 0x80) == 0) {
            int o3a = ie.octet(1);
            if (o3a < 0) return null;
            pres = o3a >> 5 & 3;
            screen = o3a & 3;
            i = 2;
        }
        if (ie.length() - i > MAX_DIGITS) return null;
        StringBuilder d = new StringBuilder();
        for (; i < ie.length(); i++) {
            char c = (char) ie.octet(i);
            if ((c < '0' || c > '9') && c != '*' && c != '#') return null;
            d.append(c);
        }
        return new PartyNumber(d.toString(), o3 >> 4 & 7, o3 & 0x0F, pres, screen);
    }

    // ---- cause (§4.5.12, Q.850) ----

    /** A decoded cause element. */
    public record CauseIe(int location, int value) {}

    public static InformationElement cause(int location, int value) {
        return InformationElement.of(InformationElement.CAUSE, 0x80 | location & 0x0F, 0x80 | value & 0x7F);
    }

    /** Cause with a diagnostic octet, e.g. the offending message type for cause 97/101 or element id for 96/99/100. */
    public static InformationElement cause(int location, int value, int diagnostic) {
        return InformationElement.of(InformationElement.CAUSE, 0x80 | location & 0x0F, 0x80 | value & 0x7F, diagnostic & 0xFF);
    }

    public static CauseIe cause(InformationElement ie) {
        if (ie == null || ie.length() < 2) return null;
        int o3 = ie.octet(0);
        int i = (o3 & 0x80) == 0 ? 2 : 1; // octet 3a (recommendation) present when ext bit is 0
        int v = ie.octet(i);
        if (v < 0) return null;
        return new CauseIe(o3 & 0x0F, v & 0x7F);
    }

    // ---- progress indicator (§4.5.23) ----

    public static final int PI_NOT_END_TO_END_ISDN = 1;
    public static final int PI_INBAND = 8;

    public static InformationElement progress(int location, int description) {
        return InformationElement.of(InformationElement.PROGRESS_INDICATOR, 0x80 | location & 0x0F, 0x80 | description & 0x7F);
    }

    public static int progressDescription(InformationElement ie) {
        if (ie == null || ie.length() < 2) return -1;
        return ie.octet(1) & 0x7F;
    }

    /** Tones and announcements are (or may be) on the B-channel: progress description 1 or 8. */
    public static boolean inband(Q931Message m) {
        int d = progressDescription(m.ie(InformationElement.PROGRESS_INDICATOR));
        return d == PI_NOT_END_TO_END_ISDN || d == PI_INBAND;
    }

    // ---- restart indicator (§4.5.25), call state (§4.5.7), display (§4.5.16) ----

    public static final int RESTART_INDICATED_CHANNELS = 0, RESTART_SINGLE_INTERFACE = 6, RESTART_ALL_INTERFACES = 7;

    public static InformationElement restartIndicator(int restartClass) {
        return InformationElement.of(InformationElement.RESTART_INDICATOR, 0x80 | restartClass & 7);
    }

    /** Restart class, or -1 for a missing or reserved one. */
    public static int restartClass(InformationElement ie) {
        if (ie == null || ie.length() < 1) return -1;
        int c = ie.octet(0) & 7;
        return c == RESTART_INDICATED_CHANNELS || c == RESTART_SINGLE_INTERFACE || c == RESTART_ALL_INTERFACES ? c : -1;
    }

    public static InformationElement callState(int code) {
        return InformationElement.of(InformationElement.CALL_STATE, code & 0x3F);
    }

    public static int callState(InformationElement ie) {
        if (ie == null || ie.length() < 1) return -1;
        return ie.octet(0) & 0x3F;
    }

    /** Printable text of a display element (an ETSI leading "display type" octet is skipped). */
    public static String display(InformationElement ie) {
        if (ie == null) return null;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < ie.length(); i++) {
            int c = ie.octet(i);
            if (c >= 0x20 && c < 0x7F) s.append((char) c);
        }
        return s.toString();
    }
}
