package dev.lifeline.media.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One m= section. Formats stay strings (non-RTP media may use names); for RTP they are
 * payload types. Attributes we do not interpret are kept in {@link #otherAttributes} so a
 * description survives parse/render unchanged.
 *
 * @param type            {@code audio}, {@code video}, ...
 * @param port            0 means the stream is rejected/disabled
 * @param protocol        e.g. {@code RTP/AVP}
 * @param connection      media-level c= address, or null to use the session-level one
 * @param rtpmaps         payload type -> {@code name/rate[/channels]}
 * @param fmtps           payload type -> format parameters
 * @param ptime           packet time in ms, 0 when not given
 * @param direction       the direction attribute, or null when not given at media level
 */
public record MediaDescription(String type, int port, String protocol, List<String> formats, String connection,
        Map<Integer, String> rtpmaps, Map<Integer, String> fmtps, int ptime, MediaDirection direction,
        List<String> otherAttributes) {

    public MediaDescription {
        formats = List.copyOf(formats);
        rtpmaps = Collections.unmodifiableMap(new LinkedHashMap<>(rtpmaps));
        fmtps = Collections.unmodifiableMap(new LinkedHashMap<>(fmtps));
        otherAttributes = List.copyOf(otherAttributes);
    }

    /** The formats that are RTP payload types (numbers 0..127), in preference order. */
    public List<Integer> payloadTypes() {
        List<Integer> pts = new ArrayList<>();
        for (String f : formats) {
            try {
                int pt = Integer.parseInt(f);
                if (pt >= 0 && pt <= 127) pts.add(pt);
            } catch (NumberFormatException ignored) {
                // not RTP
            }
        }
        return pts;
    }

    /** The encoding name for a payload type: from rtpmap, else the RFC 3551 static name; null if unknown. */
    public String encodingName(int pt) {
        String map = rtpmaps.get(pt);
        if (map != null) return map.split("/")[0];
        return switch (pt) {
            case 0 -> "PCMU";
            case 8 -> "PCMA";
            case 9 -> "G722";
            case 18 -> "G729";
            case 13 -> "CN";
            default -> null;
        };
    }

    /** The clock rate for a payload type: from rtpmap, else 8000 for static audio types. */
    public int clockRate(int pt) {
        String map = rtpmaps.get(pt);
        if (map != null) {
            String[] p = map.split("/");
            if (p.length > 1) {
                try { return Integer.parseInt(p[1].trim()); } catch (NumberFormatException e) { return -1; }
            }
        }
        return 8000;
    }

    /** The first payload type mapped to {@code telephone-event/8000}, or -1. */
    public int telephoneEventPt() { return telephoneEventPt(8000); }

    /** The first payload type mapped to {@code telephone-event} at {@code clock} (RFC 4733 events use the audio's clock), or -1. */
    public int telephoneEventPt(int clock) {
        for (int pt : payloadTypes()) {
            String n = encodingName(pt);
            if (n != null && n.equalsIgnoreCase("telephone-event") && clockRate(pt) == clock) return pt;
        }
        return -1;
    }

    /**
     * One parameter of a payload type's fmtp ({@code a=fmtp:111 useinbandfec=1;maxplaybackrate=16000}),
     * or null when absent. Names compare case-insensitively; separators are {@code ;} with optional spaces.
     */
    public String fmtpParameter(int pt, String name) {
        String f = fmtps.get(pt);
        if (f == null) return null;
        for (String part : f.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) return part.substring(eq + 1).trim();
        }
        return null;
    }

    /** The SDES a=crypto lines (RFC 4568) in offer order; malformed ones are left out. */
    public List<CryptoAttribute> cryptos() {
        List<CryptoAttribute> out = new ArrayList<>();
        for (String a : otherAttributes) {
            if (a.startsWith("crypto:")) CryptoAttribute.parse(a.substring(7)).ifPresent(out::add);
        }
        return out;
    }

    /** The same section with another port (0 to reject it in an answer). */
    public MediaDescription withPort(int newPort) {
        return new MediaDescription(type, newPort, protocol, formats, connection, rtpmaps, fmtps, ptime, direction, otherAttributes);
    }

    /** As a record prints it, but a=crypto keys are replaced by their length: keys are never logged. */
    @Override
    public String toString() {
        List<String> shown = otherAttributes.stream()
                .map(a -> a.startsWith("crypto:") ? CryptoAttribute.parse(a.substring(7)).map(Object::toString).orElse("crypto:<unparsed>") : a)
                .toList();
        return "MediaDescription[type=" + type + ", port=" + port + ", protocol=" + protocol + ", formats=" + formats
                + ", connection=" + connection + ", rtpmaps=" + rtpmaps + ", fmtps=" + fmtps + ", ptime=" + ptime
                + ", direction=" + direction + ", otherAttributes=" + shown + "]";
    }
}
