package dev.lifeline.sip.overload;

import java.nio.charset.StandardCharsets;

/**
 * A look at a datagram's bytes, for the decisions the receive thread makes before any parsing
 * (which costs more than answering): is it a request, does it start new work, where are its
 * header lines. Only what those decisions need; anything unusual is left to the real parser.
 */
final class RawRequest {
    private static final byte[][] NEW_WORK = {bytes("REGISTER "), bytes("INVITE "), bytes("SUBSCRIBE "), bytes("MESSAGE "),
            bytes("PUBLISH ")};
    private static final byte[] AUTHORIZATION = bytes("authorization");
    private static final byte[] PROXY_AUTHORIZATION = bytes("proxy-authorization");
    private static final byte[] TO = bytes("to");
    private static final byte[] TO_COMPACT = bytes("t");
    private static final byte[] TAG = bytes(";tag=");

    private RawRequest() { }

    /**
     * Whether the datagram starts new work: a REGISTER, INVITE, SUBSCRIBE, MESSAGE or PUBLISH
     * without credentials (an answer to our challenge finishes work already started) and outside
     * a dialog (no To tag: a re-INVITE of a call that is up is not new work).
     */
    static boolean startsNewWork(byte[] b, int off, int len) {
        boolean method = false;
        for (byte[] m : NEW_WORK) {
            if (startsWith(b, off, len, m)) {
                method = true;
                break;
            }
        }
        if (!method) return false;
        boolean[] newWork = {true};
        forEachHeader(b, off, len, (nameFrom, nameTo, valueFrom, valueTo) -> {
            if (nameIs(b, nameFrom, nameTo, AUTHORIZATION) || nameIs(b, nameFrom, nameTo, PROXY_AUTHORIZATION)
                    || ((nameIs(b, nameFrom, nameTo, TO) || nameIs(b, nameFrom, nameTo, TO_COMPACT))
                        && indexOfIgnoreCase(b, valueFrom, valueTo, TAG) >= 0)) {
                newWork[0] = false;
                return false;
            }
            return true;
        });
        return newWork[0];
    }

    /** Sees one header line: name and value as byte ranges (value trimmed); returns false to stop. */
    interface HeaderVisitor {
        boolean header(int nameFrom, int nameTo, int valueFrom, int valueTo);
    }

    /**
     * Visits the header lines after the start line, up to the blank line. Folded continuation
     * lines (RFC 3261 §7.3.1) are not joined: the caller that needs whole values refuses a
     * message that has them ({@link #folded}).
     */
    static void forEachHeader(byte[] b, int off, int len, HeaderVisitor v) {
        int end = off + len;
        int i = lineEnd(b, off, end) + 1;
        while (i < end) {
            int e = lineEnd(b, i, end);
            int contentEnd = e > i && b[e - 1] == '\r' ? e - 1 : e;
            if (contentEnd == i) return; // blank line: end of the headers
            if (b[i] != ' ' && b[i] != '\t') {
                int colon = i;
                while (colon < contentEnd && b[colon] != ':') colon++;
                if (colon < contentEnd) {
                    int nameTo = colon;
                    while (nameTo > i && isBlank(b[nameTo - 1])) nameTo--;
                    int vf = colon + 1;
                    while (vf < contentEnd && isBlank(b[vf])) vf++;
                    int vt = contentEnd;
                    while (vt > vf && isBlank(b[vt - 1])) vt--;
                    if (!v.header(i, nameTo, vf, vt)) return;
                }
            }
            i = e + 1;
        }
    }

    /** Whether any header line is folded onto the next. */
    static boolean folded(byte[] b, int off, int len) {
        int end = off + len;
        int i = lineEnd(b, off, end) + 1;
        while (i < end) {
            int e = lineEnd(b, i, end);
            int contentEnd = e > i && b[e - 1] == '\r' ? e - 1 : e;
            if (contentEnd == i) return false;
            if (b[i] == ' ' || b[i] == '\t') return true;
            i = e + 1;
        }
        return false;
    }

    static boolean nameIs(byte[] b, int from, int to, byte[] lower) {
        return to - from == lower.length && regionIgnoreCase(b, from, lower);
    }

    static int indexOfIgnoreCase(byte[] b, int from, int to, byte[] lower) {
        for (int i = from; i + lower.length <= to; i++) if (regionIgnoreCase(b, i, lower)) return i;
        return -1;
    }

    private static boolean regionIgnoreCase(byte[] b, int at, byte[] lower) {
        for (int k = 0; k < lower.length; k++) {
            int c = b[at + k];
            if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
            if (c != lower[k]) return false;
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
        if (len < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[off + i] != prefix[i]) return false;
        return true;
    }

    private static int lineEnd(byte[] b, int from, int end) {
        int i = from;
        while (i < end && b[i] != '\n') i++;
        return i;
    }

    private static boolean isBlank(byte c) { return c == ' ' || c == '\t'; }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
