package dev.lifeline.sip.registrar;

import dev.lifeline.config.Ha1;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal SIP phone over raw UDP for registrar tests: writes REGISTERs by hand and computes
 * digest responses itself (MD5 and SHA-256, qop=auth), independently of the JAIN-SIP stack.
 */
final class TestPhone implements AutoCloseable {
    final DatagramSocket socket;
    final int registrarPort;
    final String user;
    String password;
    String callId;
    long cseq = 1;
    String lastNonce;
    String lastRealm;
    long nc;

    TestPhone(int registrarPort, String user, String password) throws IOException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(3000);
        this.registrarPort = registrarPort;
        this.user = user;
        this.password = password;
        this.callId = "c" + System.nanoTime() + "@test";
    }

    int localPort() { return socket.getLocalPort(); }

    String requestUri() { return "sip:127.0.0.1:" + registrarPort; }

    String contact() { return "<sip:" + user + "@127.0.0.1:" + localPort() + ">"; }

    /** A REGISTER with the given extra headers (Contact, Expires, Authorization...), CSeq incremented. */
    String register(String aor, String extra) {
        int lp = localPort();
        return "REGISTER " + requestUri() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + lp + ";branch=z9hG4bK" + System.nanoTime() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + aor + "@127.0.0.1>;tag=" + lp + "\r\n"
                + "To: <sip:" + aor + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + (cseq++) + " REGISTER\r\n"
                + "User-Agent: TestPhone\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    Msg exchange(String msg) throws IOException {
        send(msg);
        return receive();
    }

    void send(String msg) throws IOException {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), registrarPort));
    }

    Msg receive() throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[8192], 8192);
        socket.receive(p);
        return Msg.parse(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
    }

    /** Sends an unauthenticated REGISTER, answers the challenge with {@code algorithm}; returns the final answer. */
    Msg registerWithAuth(String extra, String algorithm) throws IOException {
        return registerWithAuth(user, extra, algorithm);
    }

    Msg registerWithAuth(String aor, String extra, String algorithm) throws IOException {
        Msg challenge = exchange(register(aor, extra));
        if (challenge.status() != 401) return challenge;
        takeChallenge(challenge, algorithm);
        return exchange(register(aor, extra + authorization(algorithm, ++nc)));
    }

    void takeChallenge(Msg challenge, String algorithm) {
        for (String w : challenge.all("www-authenticate")) {
            Map<String, String> p = DigestCredentials.params(w.substring("Digest ".length()));
            if (p.getOrDefault("algorithm", "MD5").equalsIgnoreCase(algorithm)) {
                lastNonce = p.get("nonce");
                lastRealm = p.get("realm");
                nc = 0;
                return;
            }
        }
        throw new AssertionError("no " + algorithm + " challenge in " + challenge.raw());
    }

    /** An Authorization header line for the last challenge and this nonce count. */
    String authorization(String algorithm, long count) {
        boolean sha = algorithm.equalsIgnoreCase("SHA-256");
        String h = sha ? "SHA-256" : "MD5";
        String ha1 = sha ? Ha1.sha256(user, lastRealm, password) : Ha1.md5(user, lastRealm, password);
        String ha2 = DigestAuthenticator.hash(h, "REGISTER:" + requestUri());
        String ncs = String.format("%08x", count);
        String cnonce = "cn" + count;
        String resp = DigestAuthenticator.hash(h, ha1 + ":" + lastNonce + ":" + ncs + ":" + cnonce + ":auth:" + ha2);
        return "Authorization: Digest username=\"" + user + "\", realm=\"" + lastRealm + "\", nonce=\"" + lastNonce
                + "\", uri=\"" + requestUri() + "\", response=\"" + resp + "\", algorithm=" + h
                + ", qop=auth, nc=" + ncs + ", cnonce=\"" + cnonce + "\"\r\n";
    }

    @Override
    public void close() { socket.close(); }

    /** A parsed response: status and headers (names lower-cased, compact forms expanded for the few used). */
    record Msg(int status, String reason, List<String[]> headers, String raw) {
        static Msg parse(String raw) {
            String[] lines = raw.split("\r\n");
            String[] sl = lines[0].split(" ", 3);
            List<String[]> hs = new ArrayList<>();
            for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
                int c = lines[i].indexOf(':');
                String name = lines[i].substring(0, c).strip().toLowerCase(Locale.ROOT);
                if (name.equals("m")) name = "contact";
                hs.add(new String[] {name, lines[i].substring(c + 1).strip()});
            }
            return new Msg(Integer.parseInt(sl[1]), sl.length > 2 ? sl[2] : "", hs, raw);
        }

        List<String> all(String name) {
            return headers.stream().filter(h -> h[0].equals(name)).map(h -> h[1]).toList();
        }

        String first(String name) {
            List<String> a = all(name);
            return a.isEmpty() ? null : a.get(0);
        }

        List<String> names() { return headers.stream().map(h -> h[0]).toList(); }
    }
}
