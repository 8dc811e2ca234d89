package dev.lifeline.sip.overload;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * {@code 503 Service Unavailable} with Retry-After for a request the receive thread refuses,
 * built from the request's bytes without parsing it (as Kamailio's {@code sl_send_reply} does):
 * the Via lines, From, To (with a To tag added), Call-ID and CSeq copied, the top Via given
 * {@code received}/{@code rport} (RFC 3261 §18.2.1, RFC 3581). Why answer at all instead of
 * dropping: a UA whose request goes unanswered retransmits it up to ten times over 32 s (Timer
 * E/F), so silence multiplies a storm; a 503 ends the transaction at once and Retry-After holds
 * the phone back. Why not through the stack: building a response there needs a parsed request,
 * and the parse is most of what a request costs.
 *
 * <p>Sent where RFC 3261 §18.2.2 says a response goes: to the source address, at the source port
 * when the top Via has {@code rport}, else at the Via's sent-by port (5060 when it names none).
 * A request missing one of the copied headers, or with folded header lines, gets no answer
 * ({@link #build} returns null) — it is dropped as before.
 */
final class StatelessRefusal {
    private static final byte[] STATUS = RawRequest.bytes("SIP/2.0 503 Service Unavailable\r\n");
    private static final byte[] VIA = RawRequest.bytes("via");
    private static final byte[] VIA_COMPACT = RawRequest.bytes("v");
    private static final byte[] FROM = RawRequest.bytes("from");
    private static final byte[] FROM_COMPACT = RawRequest.bytes("f");
    private static final byte[] TO = RawRequest.bytes("to");
    private static final byte[] TO_COMPACT = RawRequest.bytes("t");
    private static final byte[] CALL_ID = RawRequest.bytes("call-id");
    private static final byte[] CALL_ID_COMPACT = RawRequest.bytes("i");
    private static final byte[] CSEQ = RawRequest.bytes("cseq");
    private static final byte[] TAG = RawRequest.bytes(";tag=");
    private static final byte[] RPORT = RawRequest.bytes(";rport");
    private static final byte[] CRLF = RawRequest.bytes("\r\n");

    /** One To tag for every refusal of this process: a stateless answer must be the same for a retransmission. */
    private static final byte[] TO_TAG = RawRequest.bytes(";tag=ovl" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()));

    private StatelessRefusal() { }

    /** The 503 for the request in {@code b[off, off+len)} that came from {@code src:srcPort}, or null to stay silent. */
    static DatagramPacket build(byte[] b, int off, int len, InetAddress src, int srcPort, int retryAfterSeconds) {
        if (RawRequest.folded(b, off, len)) return null;
        int[] from = null, to = null, callId = null, cseq = null;
        int[][] found = new int[4][];
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 128);
        out.writeBytes(STATUS);
        int[] destPort = {-1};
        boolean[] firstVia = {true};
        RawRequest.forEachHeader(b, off, len, (nf, nt, vf, vt) -> {
            if (RawRequest.nameIs(b, nf, nt, VIA) || RawRequest.nameIs(b, nf, nt, VIA_COMPACT)) {
                if (firstVia[0]) {
                    firstVia[0] = false;
                    destPort[0] = topVia(b, nf, vf, vt, src, srcPort, out);
                } else {
                    out.write(b, nf, vt - nf);
                    out.writeBytes(CRLF);
                }
            } else if (RawRequest.nameIs(b, nf, nt, FROM) || RawRequest.nameIs(b, nf, nt, FROM_COMPACT)) {
                found[0] = new int[] {nf, vt};
            } else if (RawRequest.nameIs(b, nf, nt, TO) || RawRequest.nameIs(b, nf, nt, TO_COMPACT)) {
                found[1] = new int[] {nf, vt, vf};
            } else if (RawRequest.nameIs(b, nf, nt, CALL_ID) || RawRequest.nameIs(b, nf, nt, CALL_ID_COMPACT)) {
                found[2] = new int[] {nf, vt};
            } else if (RawRequest.nameIs(b, nf, nt, CSEQ)) {
                found[3] = new int[] {nf, vt};
            }
            return true;
        });
        from = found[0];
        to = found[1];
        callId = found[2];
        cseq = found[3];
        if (destPort[0] < 0 || from == null || to == null || callId == null || cseq == null) return null;
        out.write(b, from[0], from[1] - from[0]);
        out.writeBytes(CRLF);
        out.write(b, to[0], to[1] - to[0]);
        if (RawRequest.indexOfIgnoreCase(b, to[2], to[1], TAG) < 0) out.writeBytes(TO_TAG);
        out.writeBytes(CRLF);
        out.write(b, callId[0], callId[1] - callId[0]);
        out.writeBytes(CRLF);
        out.write(b, cseq[0], cseq[1] - cseq[0]);
        out.writeBytes(CRLF);
        out.writeBytes(RawRequest.bytes("Retry-After: " + retryAfterSeconds + "\r\nContent-Length: 0\r\n\r\n"));
        byte[] msg = out.toByteArray();
        return new DatagramPacket(msg, msg.length, src, destPort[0]);
    }

    /**
     * Writes the top Via line with {@code received} (when its host is not the source address) and
     * a value for an empty {@code rport}; returns the port the response goes to, -1 if the Via is
     * not usable.
     */
    private static int topVia(byte[] b, int nameFrom, int vf, int vt, InetAddress src, int srcPort, ByteArrayOutputStream out) {
        // the first via-parm ends at a comma (a header line may carry several)
        int parmEnd = vf;
        while (parmEnd < vt && b[parmEnd] != ',') parmEnd++;
        // "SIP/2.0/UDP" LWS sent-by *( ";" via-params )
        int i = vf;
        while (i < parmEnd && b[i] != ' ' && b[i] != '\t') i++;
        while (i < parmEnd && (b[i] == ' ' || b[i] == '\t')) i++;
        int hostFrom = i;
        if (hostFrom >= parmEnd) return -1;
        int hostTo;
        if (b[i] == '[') {
            while (i < parmEnd && b[i] != ']') i++;
            if (i >= parmEnd) return -1;
            hostTo = ++i;
        } else {
            while (i < parmEnd && b[i] != ':' && b[i] != ';' && b[i] != ' ' && b[i] != '\t') i++;
            hostTo = i;
        }
        int sentByPort = 5060;
        if (i < parmEnd && b[i] == ':') {
            int p = 0;
            int digits = 0;
            for (i++; i < parmEnd && b[i] >= '0' && b[i] <= '9' && digits < 6; i++, digits++) p = p * 10 + (b[i] - '0');
            if (digits == 0 || p == 0 || p > 65535) return -1;
            sentByPort = p;
        }
        int rport = RawRequest.indexOfIgnoreCase(b, i, parmEnd, RPORT);
        boolean hasRport = rport >= 0 && (rport + RPORT.length == parmEnd || b[rport + RPORT.length] == ';'
                || b[rport + RPORT.length] == '=' || b[rport + RPORT.length] == ' ');
        boolean emptyRport = hasRport && (rport + RPORT.length == parmEnd || b[rport + RPORT.length] != '=');
        String srcIp = src.getHostAddress();
        String host = new String(b, hostFrom, hostTo - hostFrom, java.nio.charset.StandardCharsets.ISO_8859_1);
        boolean sameHost = host.equals(srcIp) || host.equals("[" + srcIp + "]");
        int parmTail = parmEnd;
        while (parmTail > vf && (b[parmTail - 1] == ' ' || b[parmTail - 1] == '\t')) parmTail--;
        if (emptyRport) {
            int after = rport + RPORT.length;
            out.write(b, nameFrom, after - nameFrom);
            out.writeBytes(RawRequest.bytes("=" + srcPort));
            out.write(b, after, parmTail - after);
        } else {
            out.write(b, nameFrom, parmTail - nameFrom);
        }
        if (!sameHost) out.writeBytes(RawRequest.bytes(";received=" + srcIp));
        out.write(b, parmTail, vt - parmTail);
        out.writeBytes(CRLF);
        return hasRport ? srcPort : sentByPort;
    }
}
