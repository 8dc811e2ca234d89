package dev.lifeline.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads SDP text (RFC 4566) into a {@link SessionDescription}. Lenient where real phones
 * are sloppy (LF or CRLF line ends, trailing blanks, unknown lines and attributes are kept or
 * skipped), strict where a wrong value would break the call (ports, payload types,
 * addresses), with an error that names the line.
 */
final class SdpParser {
    private final String[] lines;
    private int lineNo;

    private String originUser, originAddress, sessionName = "-", sessionConnection, timing = "0 0";
    private long sessionId = -1, sessionVersion;
    private MediaDirection sessionDirection;
    private final List<String> sessionExtras = new ArrayList<>();
    private final List<String> sessionAttributes = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();

    // the m= section being read
    private String mType, mProto, mConnection;
    private int mPort, mPtime;
    private List<String> mFormats;
    private Map<Integer, String> mRtpmaps, mFmtps;
    private MediaDirection mDirection;
    private List<String> mOther;

    private SdpParser(String text) { this.lines = text.split("\r?\n|\r"); }

    static SessionDescription parse(String text) throws SdpException {
        if (text == null || text.isBlank()) throw new SdpException("SDP is empty");
        return new SdpParser(text).run();
    }

    private SessionDescription run() throws SdpException {
        boolean first = true;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) continue;
            if (line.length() < 2 || line.charAt(1) != '=' || !Character.isLetter(line.charAt(0)))
                throw error("expected '<letter>=<value>', got '" + abbreviate(line) + "'");
            char type = line.charAt(0);
            String value = line.substring(2).strip();
            if (first) {
                if (type != 'v' || !value.equals("0")) throw error("SDP must start with v=0, got '" + abbreviate(line) + "'");
                first = false;
                continue;
            }
            if (type == 'm') { finishMedia(); startMedia(value); continue; }
            if (mType == null) sessionLine(type, value, line); else mediaLine(type, value);
        }
        if (first) throw new SdpException("SDP is empty");
        finishMedia();
        if (sessionId < 0) throw new SdpException("SDP has no o= (origin) line");
        if (media.stream().noneMatch(m -> m.type().equals("audio"))) throw new SdpException("SDP has no m=audio line");
        return new SessionDescription(originUser, sessionId, sessionVersion, originAddress, sessionName, sessionConnection,
                timing, sessionDirection, sessionExtras, sessionAttributes, media);
    }

    private void sessionLine(char type, String value, String line) throws SdpException {
        switch (type) {
            case 'o' -> origin(value);
            case 's' -> sessionName = value.isEmpty() ? "-" : value;
            case 'c' -> sessionConnection = connection(value);
            case 't' -> timing = value;
            case 'a' -> {
                var dir = MediaDirection.fromSdp(value);
                if (dir.isPresent()) sessionDirection = dir.get(); else sessionAttributes.add(value);
            }
            default -> sessionExtras.add(line);
        }
    }

    private void origin(String value) throws SdpException {
        String[] p = value.split("\\s+");
        if (p.length != 6) throw error("o= needs 6 fields (user id version IN IP4 address), got '" + abbreviate(value) + "'");
        originUser = p[0];
        sessionId = number(p[1], "session id");
        sessionVersion = number(p[2], "session version");
        originAddress = p[5];
    }

    private long number(String s, String what) throws SdpException {
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw error("bad " + what + " '" + abbreviate(s) + "'");
        }
    }

    /** Returns the address of "IN IP4 a.b.c.d[/ttl]" / "IN IP6 ...". */
    private String connection(String value) throws SdpException {
        String[] p = value.split("\\s+");
        if (p.length != 3 || !p[0].equals("IN") || !(p[1].equals("IP4") || p[1].equals("IP6")))
            throw error("c= must be 'IN IP4|IP6 <address>', got '" + abbreviate(value) + "'");
        String addr = p[2];
        int slash = addr.indexOf('/');
        return slash >= 0 ? addr.substring(0, slash) : addr;
    }

    private void startMedia(String value) throws SdpException {
        String[] p = value.split("\\s+");
        if (p.length < 4) throw error("m= needs '<media> <port> <proto> <fmt>...', got '" + abbreviate(value) + "'");
        mType = p[0];
        String port = p[1];
        int slash = port.indexOf('/');
        if (slash >= 0) port = port.substring(0, slash); // port/count: we use the first
        try {
            mPort = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw error("bad port '" + abbreviate(p[1]) + "' in m= line");
        }
        if (mPort < 0 || mPort > 65535) throw error("port " + mPort + " out of range in m= line");
        mProto = p[2];
        mFormats = new ArrayList<>(List.of(p).subList(3, p.length));
        if (mProto.contains("RTP")) {
            for (String f : mFormats) payloadType(f, "m= format");
        }
        mConnection = null;
        mPtime = 0;
        mDirection = null;
        mRtpmaps = new LinkedHashMap<>();
        mFmtps = new LinkedHashMap<>();
        mOther = new ArrayList<>();
    }

    private int payloadType(String s, String where) throws SdpException {
        try {
            int pt = Integer.parseInt(s);
            if (pt >= 0 && pt <= 127) return pt;
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw error("bad payload type '" + abbreviate(s) + "' in " + where);
    }

    private void mediaLine(char type, String value) throws SdpException {
        if (type == 'c') { mConnection = connection(value); return; }
        if (type != 'a') return; // i=, b=, k= at media level: not needed for audio
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String arg = colon < 0 ? "" : value.substring(colon + 1).strip();
        switch (name) {
            case "rtpmap" -> {
                int sp = arg.indexOf(' ');
                if (sp < 0) throw error("a=rtpmap needs '<pt> <name>/<rate>', got '" + abbreviate(arg) + "'");
                mRtpmaps.put(payloadType(arg.substring(0, sp), "a=rtpmap"), arg.substring(sp + 1).strip());
            }
            case "fmtp" -> {
                int sp = arg.indexOf(' ');
                String pt = sp < 0 ? arg : arg.substring(0, sp);
                if (pt.matches("\\d+")) mFmtps.put(payloadType(pt, "a=fmtp"), sp < 0 ? "" : arg.substring(sp + 1).strip());
                else mOther.add(value);
            }
            case "ptime" -> {
                try {
                    mPtime = Integer.parseInt(arg);
                } catch (NumberFormatException e) {
                    throw error("bad a=ptime '" + abbreviate(arg) + "'");
                }
            }
            default -> {
                var dir = MediaDirection.fromSdp(value);
                if (dir.isPresent()) mDirection = dir.get(); else mOther.add(value);
            }
        }
    }

    private void finishMedia() {
        if (mType == null) return;
        media.add(new MediaDescription(mType, mPort, mProto, mFormats, mConnection, mRtpmaps, mFmtps, mPtime, mDirection, mOther));
        mType = null;
    }

    private SdpException error(String what) { return new SdpException("SDP line " + lineNo + ": " + what); }

    private static String abbreviate(String s) { return s.length() > 60 ? s.substring(0, 57) + "..." : s; }
}
