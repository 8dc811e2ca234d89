package dev.lifeline.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough SIP over UDP for the bench load generators ({@link LoadCaller}): parse a datagram into start line, headers and
 * body, build one back, and answer an MD5 digest challenge (RFC 2617 {@code qop=auth}). A load
 * generator, not a stack: no transactions beyond what a call of the bench needs, no TCP, no
 * compact header forms beyond {@code v}, {@code f}, {@code t}, {@code i}.
 */
final class SipLite {
    private SipLite() {}

    /** One message: {@code start} is the request or status line. */
    record Message(String start, List<String[]> headers, String body) {
        boolean isRequest() { return !start.startsWith("SIP/2.0"); }

        String method() { return isRequest() ? start.substring(0, start.indexOf(' ')) : cseqMethod(); }

        int status() { return isRequest() ? 0 : Integer.parseInt(start.substring(8, 11)); }

        String header(String name) {
            for (String[] h : headers) if (h[0].equalsIgnoreCase(name) || h[0].equalsIgnoreCase(compact(name))) return h[1];
            return null;
        }

        List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) if (h[0].equalsIgnoreCase(name) || h[0].equalsIgnoreCase(compact(name))) out.add(h[1]);
            return out;
        }

        String callId() { return header("Call-ID"); }

        String cseqMethod() { return header("CSeq").strip().split("\\s+")[1]; }

        int cseq() { return Integer.parseInt(header("CSeq").strip().split("\\s+")[0]); }

        private static String compact(String name) {
            return switch (name.toLowerCase()) {
                case "via" -> "v";
                case "from" -> "f";
                case "to" -> "t";
                case "call-id" -> "i";
                case "content-length" -> "l";
                default -> name;
            };
        }
    }

    static Message parse(byte[] data, int len) {
        String text = new String(data, 0, len, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) headers.add(new String[] {lines[i].substring(0, c).strip(), lines[i].substring(c + 1).strip()});
        }
        return new Message(lines[0], headers, body);
    }

    /** Start line, headers as alternating name/value, body (Content-Length added). */
    static byte[] build(String start, List<String> headers, String body) {
        StringBuilder sb = new StringBuilder(start).append("\r\n");
        for (int i = 0; i < headers.size(); i += 2) sb.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        if (!body.isEmpty()) sb.append("Content-Type: application/sdp\r\n");
        sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n\r\n").append(body);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String branch() { return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    static String tag() { return Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    /** The tag parameter of a From/To value, or null. */
    static String tagOf(String fromOrTo) {
        Matcher m = Pattern.compile(";\\s*tag=([^;>\\s]+)").matcher(fromOrTo);
        return m.find() ? m.group(1) : null;
    }

    /** The value of a {@code Proxy-Authorization} answering {@code challenge} (a Proxy-Authenticate value). */
    static String digest(String challenge, String method, String uri, String user, String password) {
        String realm = param(challenge, "realm"), nonce = param(challenge, "nonce"), opaque = param(challenge, "opaque");
        String cnonce = Long.toHexString(ThreadLocalRandom.current().nextLong()), nc = "00000001";
        String ha1 = md5(user + ":" + realm + ":" + password), ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=MD5, cnonce=\"" + cnonce + "\", qop=auth, nc=" + nc
                + (opaque == null ? "" : ", opaque=\"" + opaque + "\"");
    }

    private static String param(String challenge, String name) {
        Matcher m = Pattern.compile("(?i)[\\s,]" + name + "=\"?([^\",]*)\"?").matcher(" " + challenge.substring(challenge.indexOf(' ') + 1));
        return m.find() ? m.group(1) : null;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
