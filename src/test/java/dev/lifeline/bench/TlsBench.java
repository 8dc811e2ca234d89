package dev.lifeline.bench;

import dev.lifeline.it.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Part m of {@code scripts/bench} (issue #15): SIP over TLS against the gateway and against
 * Kamailio 5.6 with its TLS module, in the same run, with the same client. Debian's SIPp has no
 * TLS, so the client is this program: JSSE, TLS 1.3, verifying both servers' P-256 certificates
 * against one throw-away CA.
 *
 * <ul>
 *   <li>full TLS handshakes per second: {@code threads} clients connecting, handshaking and closing
 *       in a loop (each session invalidated, so nothing is resumed);</li>
 *   <li>the same with {@code openssl s_time -new} (one connection at a time), an independent client;</li>
 *   <li>REGISTERs per second over TLS: 10 (then 50) persistent TLS connections, users 7000..7009 in turn, each
 *       doing REGISTER → 401 → REGISTER with an MD5 digest → 200 in a loop (the same exchange as
 *       part e's SIPp scenario). The gateway commits every binding to SQLite (fsync, group commit);
 *       Kamailio (test-rigs/hq/kamailio-hq.cfg) keeps its location table in memory.</li>
 * </ul>
 * The client runs on the same two cores as the server it measures, so both figures are what the
 * box does with its load generator on it; they compare the two servers, not absolute capacity.
 *
 * <p>Usage: {@code TlsBench --home H --board B --site S --work W [--seconds N] [--threads N] -- <gateway java command>};
 * prints one JSON line.
 */
public final class TlsBench {
    private static final String REALM = "demo-branch";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TlsBench() {}

    public static void main(String[] args) throws Exception {
        int dash = List.of(args).indexOf("--");
        String[] opts = dash < 0 ? args : java.util.Arrays.copyOf(args, dash);
        List<String> gwCmd = new ArrayList<>(dash < 0 ? List.of() : List.of(args).subList(dash + 1, args.length));
        Path home = Path.of(opt(opts, "--home", "."));
        Path work = Path.of(opt(opts, "--work", Files.createTempDirectory("tlsbench").toString()));
        int seconds = Integer.parseInt(opt(opts, "--seconds", "10"));
        int threads = Integer.parseInt(opt(opts, "--threads", "4"));
        TestCa ca = TestCa.create(work.resolve("tls-ca"), "Lifeline Bench CA");
        TestCa.Identity gwId = ca.issue("gateway", List.of("IP:127.0.0.1"));
        TestCa.Identity kamId = ca.issue("kamailio", List.of("IP:127.0.0.1"));
        int sipPort = dev.lifeline.sip.FreePorts.udpAndTcp();
        int gwTls = dev.lifeline.sip.FreePorts.udpAndTcp();
        int kamTls = dev.lifeline.sip.FreePorts.udpAndTcp();

        Path site = work.resolve("site-tls.yaml");
        String demo = Files.readString(Path.of(opt(opts, "--site", home.resolve("site-configs/demo.yaml").toString())));
        Files.writeString(site, demo.replace("udp-port: 5060", "udp-port: " + sipPort).replace("tcp-port: 5060", "tcp-port: " + sipPort
                + "\n  digest-algorithms: [MD5]\n  tls: { port: " + gwTls + ", cert-file: \"" + gwId.cert() + "\", key-file: \""
                + gwId.key() + "\" }"));
        Path data = work.resolve("data-tls");
        gwCmd.addAll(List.of("run", "--board", opt(opts, "--board", null), "--config", site.toString(), "--data", data.toString()));
        Process gw = new ProcessBuilder(gwCmd).redirectErrorStream(true).redirectOutput(work.resolve("tls-gw.out").toFile()).start();
        Process kam = null;
        try {
            awaitFile(data.resolve("run/mgmt.uri"), gw);
            kam = kamailio(home, work, kamId, kamTls);
            SSLSocketFactory client = client(ca.cert());
            Thread.sleep(500);
            // REGISTERs first, then handshakes: Kamailio 5.6.3's TLS workers were seen spinning on
            // connections a handshake storm left behind ("tcp_read_req: error reading" in a loop), after
            // which it served nothing; whether each server still answers after the storm is reported
            long[] gwReg = registers(client, gwTls, 10, seconds);
            long[] kamReg = registers(client, kamTls, 10, seconds);
            long[] gwReg50 = registers(client, gwTls, 50, seconds);
            long[] kamReg50 = registers(client, kamTls, 50, seconds);
            double gwST = sTime(gwTls, 5), kamST = sTime(kamTls, 5);
            double gwHs = handshakes(client, gwTls, threads, seconds);
            double kamHs = handshakes(client, kamTls, threads, seconds);
            boolean gwAlive = registers(client, gwTls, 1, 1)[0] > 0, kamAlive = registers(client, kamTls, 1, 1)[0] > 0;
            System.out.printf(Locale.ROOT, "{\"tls_handshakes_per_s\":{\"gateway\":%.0f,\"kamailio\":%.0f},"
                            + "\"s_time_handshakes_per_s\":{\"gateway\":%.0f,\"kamailio\":%.0f},"
                            + "\"register_tls_per_s\":{\"gateway\":%.0f,\"kamailio\":%.0f},"
                            + "\"register_tls_failed\":{\"gateway\":%d,\"kamailio\":%d},"
                            + "\"register_tls_50_per_s\":{\"gateway\":%.0f,\"kamailio\":%.0f},"
                            + "\"register_tls_50_failed\":{\"gateway\":%d,\"kamailio\":%d},"
                            + "\"handshake_threads\":%d,\"seconds\":%d,\"protocol\":\"TLSv1.3\",\"key_exchange\":\"x25519\","
                            + "\"certificates\":\"ECDSA P-256\",\"gateway_rss_kb\":%d,\"load_average_1m\":%s,"
                            + "\"serving_after_handshakes\":{\"gateway\":%b,\"kamailio\":%b}}%n",
                    gwHs, kamHs, gwST, kamST, gwReg[0] / (double) seconds, kamReg[0] / (double) seconds, gwReg[1], kamReg[1],
                    gwReg50[0] / (double) seconds, kamReg50[0] / (double) seconds, gwReg50[1], kamReg50[1], threads, seconds,
                    rssKb(gw.pid()), Files.readString(Path.of("/proc/loadavg")).split(" ")[0], gwAlive, kamAlive);
        } finally {
            if (kam != null) {
                kam.descendants().forEach(ProcessHandle::destroyForcibly);
                kam.destroyForcibly();
            }
            gw.destroy();
            if (!gw.waitFor(10, TimeUnit.SECONDS)) gw.destroyForcibly();
        }
    }

    private static Process kamailio(Path home, Path work, TestCa.Identity id, int port) throws Exception {
        Path dir = Files.createDirectories(work.resolve("kamailio-tls"));
        Path tlsCfg = dir.resolve("tls.cfg");
        Files.writeString(tlsCfg, "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n"
                + "certificate = " + id.cert() + "\nprivate_key = " + id.key() + "\n");
        Path log = dir.resolve("kamailio.log");
        Process p = new ProcessBuilder("/usr/sbin/kamailio", "-f", home.resolve("test-rigs/hq/kamailio-hq.cfg").toString(), "-DD", "-E",
                "-n", "2", "-l", "tls:127.0.0.1:" + port, "-m", "64", "-M", "16", "-Y", dir.toString(),
                "-A", "REALM=\"" + REALM + "\"", "-A", "WITH_TLS", "-A", "TLS_CONFIG=\"" + tlsCfg + "\"")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.currentTimeMillis() + 8_000;
        while (!Files.readString(log).contains("Listening on")) {
            if (!p.isAlive() || System.currentTimeMillis() > end) throw new IOException("kamailio (TLS) did not start:\n" + Files.readString(log));
            Thread.sleep(50);
        }
        Thread.sleep(500);
        return p;
    }

    /** TLS 1.3 client sockets trusting exactly {@code caPem}. */
    public static SSLSocketFactory client(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (var c : dev.lifeline.util.Pem.certificates(caPem)) ks.setCertificateEntry("ca" + i++, c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    /**
     * A client socket as a phone's OpenSSL would negotiate: X25519 (JDK 24+ would otherwise offer
     * the hybrid X25519MLKEM768 to the gateway's JSSE, which OpenSSL 3.0 servers like Kamailio's
     * do not have: the two servers would not do the same work).
     */
    static SSLSocket socket(SSLSocketFactory f) throws IOException {
        SSLSocket s = (SSLSocket) f.createSocket();
        javax.net.ssl.SSLParameters p = s.getSSLParameters();
        p.setNamedGroups(new String[] {"x25519", "secp256r1"});
        s.setSSLParameters(p);
        s.setTcpNoDelay(true);
        return s;
    }

    /** {@code openssl s_time -new} (one connection at a time, full handshakes) for {@code seconds}: connections per second of wall time. */
    static double sTime(int port, int seconds) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_time", "-connect", "127.0.0.1:" + port, "-new", "-time", String.valueOf(seconds))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        p.waitFor(seconds + 30L, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("(\\d+) connections in [0-9.]+s").matcher(out);
        return m.find() ? Integer.parseInt(m.group(1)) / (double) seconds : -1;
    }

    /** Full handshakes per second over {@code seconds}, {@code threads} clients in a loop. */
    static double handshakes(SSLSocketFactory f, int port, int threads, int seconds) throws Exception {
        AtomicLong done = new AtomicLong(), failed = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    try (SSLSocket s = socket(f)) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                        s.setSoTimeout(5_000);
                        s.startHandshake();
                        s.getSession().invalidate(); // never resumed: every handshake is a full one
                        done.incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : ts) t.join();
        if (failed.get() > done.get() / 100) System.err.println("tls bench: " + failed.get() + " handshakes failed on port " + port);
        return done.get() / (double) seconds;
    }

    /** {completed registrations, failed ones} over {@code seconds}: {@code connections} TLS connections, users 7000..7009 in turn. */
    static long[] registers(SSLSocketFactory f, int port, int connections, int seconds) throws Exception {
        AtomicLong done = new AtomicLong(), failed = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String user = "700" + c % 10;
            if (connections > 10) Thread.sleep(5); // connect gradually: 50 handshakes at once are a storm of their own
            ts.add(Thread.ofPlatform().start(() -> {
                try (SSLSocket s = socket(f)) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    Registrant r = new Registrant(s, user, port);
                    while (System.nanoTime() < end) {
                        if (r.register()) done.incrementAndGet();
                        else failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    System.err.println("tls bench: " + user + " on port " + port + ": " + e);
                    failed.incrementAndGet();
                }
            }));
        }
        for (Thread t : ts) t.join();
        return new long[] {done.get(), failed.get()};
    }

    /** One phone on one TLS connection: REGISTER, 401, REGISTER with digest, 200. */
    static final class Registrant {
        private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");
        private final OutputStream out;
        private final InputStream in;
        private final String user;
        private final String uri;
        private final String local;
        private final String callId = Long.toHexString(RANDOM.nextLong()) + "@tlsbench";
        private final String tag = Long.toHexString(RANDOM.nextLong());
        private long cseq;

        Registrant(SSLSocket s, String user, int port) throws IOException {
            this.out = s.getOutputStream();
            this.in = s.getInputStream();
            this.user = user;
            this.uri = "sip:127.0.0.1:" + port + ";transport=tls";
            this.local = "127.0.0.1:" + s.getLocalPort();
        }

        boolean register() throws Exception {
            String challenge = send(null);
            Matcher m = NONCE.matcher(challenge);
            if (!challenge.startsWith("SIP/2.0 401") || !m.find()) return false;
            String nonce = m.group(1), cnonce = Long.toHexString(RANDOM.nextLong()), nc = "00000001";
            String ha1 = md5(user + ":" + REALM + ":lifeline" + user);
            String ha2 = md5("REGISTER:" + uri);
            String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
            String auth = "Digest username=\"" + user + "\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                    + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"";
            return send(auth).startsWith("SIP/2.0 200");
        }

        private String send(String authorization) throws IOException {
            cseq++;
            String msg = "REGISTER " + uri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS " + local + ";branch=z9hG4bK" + Long.toHexString(RANDOM.nextLong()) + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + user + "@127.0.0.1>;tag=" + tag + "\r\n"
                    + "To: <sip:" + user + "@127.0.0.1>\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + " REGISTER\r\n"
                    + "Contact: <sip:" + user + "@" + local + ";transport=tls>\r\n"
                    + "Expires: 600\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Content-Length: 0\r\n\r\n";
            out.write(msg.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) {
                String r = readMessage();
                if (!r.startsWith("SIP/2.0 1")) return r; // skip 100 Trying
            }
        }

        private String readMessage() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) throw new IOException("connection closed");
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : b == '\r' ? 1 : 0;
            }
            String h = head.toString(StandardCharsets.US_ASCII);
            Matcher cl = Pattern.compile("(?im)^(?:Content-Length|l)\\s*:\\s*(\\d+)").matcher(h);
            if (cl.find()) in.readNBytes(Integer.parseInt(cl.group(1)));
            return h;
        }
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return -1;
    }

    private static void awaitFile(Path f, Process gw) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (!Files.exists(f) || Files.size(f) == 0) {
            if (!gw.isAlive()) throw new IOException("gateway exited before ready");
            if (System.currentTimeMillis() > end) throw new IOException("gateway not ready in 60 s");
            Thread.sleep(20);
        }
    }

    private static String opt(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        return def;
    }
}
