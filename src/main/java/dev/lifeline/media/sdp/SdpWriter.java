package dev.lifeline.media.sdp;

import java.util.List;
import java.util.Map;

/** Renders a {@link SessionDescription} in RFC 4566 line order with CRLF. */
final class SdpWriter {
    private SdpWriter() {}

    static String write(SessionDescription sd, String originUser, String timing, List<String> extraLines) {
        StringBuilder b = new StringBuilder(512);
        line(b, "v=0");
        line(b, "o=" + originUser + " " + Long.toUnsignedString(sd.sessionId()) + " " + Long.toUnsignedString(sd.sessionVersion())
                + " IN " + ipVersion(sd.originAddress()) + " " + sd.originAddress());
        line(b, "s=" + sd.sessionName());
        for (String l : extraLines) if ("iuep".indexOf(l.charAt(0)) >= 0) line(b, l);
        if (sd.connection() != null) line(b, "c=IN " + ipVersion(sd.connection()) + " " + sd.connection());
        for (String l : extraLines) if (l.charAt(0) == 'b') line(b, l);
        line(b, "t=" + timing);
        for (String l : extraLines) if ("iuepbt".indexOf(l.charAt(0)) < 0) line(b, l);
        for (String a : sd.attributes()) line(b, "a=" + a);
        if (sd.direction() != null) line(b, "a=" + sd.direction().sdpName());
        for (MediaDescription m : sd.media()) media(b, m);
        return b.toString();
    }

    private static void media(StringBuilder b, MediaDescription m) {
        line(b, "m=" + m.type() + " " + m.port() + " " + m.protocol() + " " + String.join(" ", m.formats()));
        if (m.connection() != null) line(b, "c=IN " + ipVersion(m.connection()) + " " + m.connection());
        for (Map.Entry<Integer, String> e : m.rtpmaps().entrySet()) line(b, "a=rtpmap:" + e.getKey() + " " + e.getValue());
        for (Map.Entry<Integer, String> e : m.fmtps().entrySet()) line(b, "a=fmtp:" + e.getKey() + " " + e.getValue());
        if (m.ptime() > 0) line(b, "a=ptime:" + m.ptime());
        for (String a : m.otherAttributes()) line(b, "a=" + a);
        if (m.direction() != null) line(b, "a=" + m.direction().sdpName());
    }

    private static String ipVersion(String address) { return address.indexOf(':') >= 0 ? "IP6" : "IP4"; }

    private static void line(StringBuilder b, String l) { b.append(l).append("\r\n"); }
}
