package dev.lifeline.rig.fax;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A SIP message as the rigs' raw UA reads it: start line, headers in order (compact forms expanded), body. */
record SipMessage(String startLine, List<String[]> headers, String body) {
    static SipMessage parse(String raw) {
        int split = raw.indexOf("\r\n\r\n");
        String head = split < 0 ? raw : raw.substring(0, split);
        String body = split < 0 ? "" : raw.substring(split + 4);
        String[] lines = head.split("\r\n");
        List<String[]> hs = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c < 0) continue;
            hs.add(new String[] {expand(lines[i].substring(0, c).strip().toLowerCase(Locale.ROOT)), lines[i].substring(c + 1).strip()});
        }
        return new SipMessage(lines[0], hs, body);
    }

    private static String expand(String n) {
        return switch (n) {
            case "v" -> "via";
            case "f" -> "from";
            case "t" -> "to";
            case "i" -> "call-id";
            case "m" -> "contact";
            case "l" -> "content-length";
            case "c" -> "content-type";
            default -> n;
        };
    }

    boolean isResponse() { return startLine.startsWith("SIP/2.0 "); }
    int status() { return isResponse() ? Integer.parseInt(startLine.split(" ")[1]) : 0; }
    String method() { return isResponse() ? cseqMethod() : startLine.split(" ")[0]; }

    String header(String name) {
        for (String[] h : headers) if (h[0].equals(name)) return h[1];
        return null;
    }

    List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) if (h[0].equals(name)) out.add(h[1]);
        return out;
    }

    String cseqMethod() { return header("cseq").split(" +")[1]; }
    long cseq() { return Long.parseLong(header("cseq").split(" +")[0]); }

    /** The tag parameter of a From/To value, or null. */
    static String tag(String nameAddr) {
        int i = nameAddr.indexOf(";tag=");
        if (i < 0) return null;
        String t = nameAddr.substring(i + 5);
        int end = t.indexOf(';');
        return end < 0 ? t : t.substring(0, end);
    }

    /** The URI inside <...> of a Contact/From/To value. */
    static String uri(String nameAddr) {
        int a = nameAddr.indexOf('<'), b = nameAddr.indexOf('>');
        return a >= 0 && b > a ? nameAddr.substring(a + 1, b) : nameAddr.split(";")[0].strip();
    }
}
