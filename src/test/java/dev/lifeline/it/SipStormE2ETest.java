package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.testutil.Await;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The branch's worst minute (issue 9): 20,000 digest-authenticated REGISTERs offered at 10,000/s
 * by SIPp to the gateway running as production runs it (its JVM flags, 96 MB heap). The gateway
 * must stay up, keep answering OPTIONS probes (from another address, as a monitoring system or a
 * phone's keep-alive would), connect a call between two analog phones placed during the storm
 * with its audio, and afterwards be back under 150 MB RSS.
 */
@Tag("e2e")
@Tag("serial")
class SipStormE2ETest {
    private static final Pattern PORT = Pattern.compile("udp-port: (\\d+)");

    @Test
    void aRegisterStormLeavesTheGatewayUpAnsweringOptionsAndConnectingAnalogCalls(@TempDir Path dir) throws Exception {
        Path[] cfg = GatewayProcess.ephemeralConfig(dir);
        String site = Files.readString(cfg[1]).replace("\nsip:\n", "\nsip:\n  digest-algorithms: [MD5]\n"); // SIPp: MD5 only
        Files.writeString(cfg[1], site);
        Matcher m = PORT.matcher(site);
        assertTrue(m.find());
        int sipPort = Integer.parseInt(m.group(1));
        Path data = dir.resolve("data");
        Process gw = GatewayProcess.production("run", "--board", cfg[0].toString(), "--config", cfg[1].toString(),
                "--data", data.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("gw.log").toFile()).start();
        Process storm = null;
        try {
            GatewayProcess.awaitFile(data.resolve("run/mgmt.uri"), gw, Duration.ofSeconds(20));
            int simPort = Integer.parseInt(GatewayProcess.awaitFile(data.resolve("run/sim.addr"), gw, Duration.ofSeconds(5)).split(":")[1]);
            try (VirtualPhone a = VirtualPhone.connect("127.0.0.1", simPort, "fxs1", "us");
                 VirtualPhone b = VirtualPhone.connect("127.0.0.1", simPort, "fxs2", "us");
                 OptionsProbe probe = new OptionsProbe(sipPort)) {
                storm = new ProcessBuilder(TestGateway.HOME.resolve("test-rigs/bench/register-rate.sh").toString(),
                        "127.0.0.1:" + sipPort, "10000", "2").redirectOutput(dir.resolve("storm.json").toFile())
                        .redirectError(dir.resolve("storm.err").toFile()).start();
                Thread.sleep(300); // into the storm: the queue is full now
                probe.start();

                // an analog call placed in the middle of it connects and carries audio
                TestGateway.liftAndDial(a, "6001");
                assertTrue(b.awaitRinging(Duration.ofSeconds(8)), "fxs2 rings during the storm\n" + log(dir));
                b.offHook();
                a.playTone(1000, -10);
                Await.until("fxs2 hears fxs1's 1 kHz during the storm", Duration.ofSeconds(8),
                        () -> b.hears(1000, Duration.ofMillis(200)));
                a.onHook();
                b.onHook();

                assertTrue(storm.waitFor(90, TimeUnit.SECONDS), "the SIPp storm ends");
                probe.stop();
                String result = Files.readString(dir.resolve("storm.json")).strip();
                System.out.println("storm: " + result + "; OPTIONS answered " + probe.answered() + " of " + probe.sent());
                assertTrue(gw.isAlive(), "the gateway survived the storm\n" + log(dir));
                assertTrue(probe.sent() >= 10, "probes were sent: " + probe.sent());
                assertTrue(probe.answered() >= probe.sent() * 9 / 10,
                        "OPTIONS answered during the storm: " + probe.answered() + " of " + probe.sent());
            }
            // memory is given back: RSS under 150 MB after the storm
            // (the gateway compacts its heap 10 s after the last refused request: StormRecovery)
            long rss = GatewayProcess.rssKb(gw);
            StringBuilder seen = new StringBuilder();
            for (long end = System.nanoTime() + 40_000_000_000L; rss >= 150 * 1024 && System.nanoTime() < end; ) {
                Thread.sleep(1000);
                rss = GatewayProcess.rssKb(gw);
                seen.append(rss / 1024).append(' ');
            }
            assertTrue(rss < 150 * 1024, "RSS back under 150 MB after the storm; MB each second: " + seen + "\n" + log(dir));
            System.out.println("storm: RSS after " + rss / 1024 + " MB");
            GatewayProcess.Result status = GatewayProcess.run("status", "--data", data.toString());
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().contains("sip overload: admitted"), status.out());
            // nothing of the storm stays in the stack: transactions JAIN-SIP mapped for requests the
            // gateway answered statelessly are swept (UnansweredTransactionSweeper, two 16 s sweeps)
            Pattern tx = Pattern.compile("transactions: server (\\d+)/2000");
            int left = Integer.MAX_VALUE;
            for (long end = System.nanoTime() + 60_000_000_000L; left >= 100 && System.nanoTime() < end; ) {
                status = GatewayProcess.run("status", "--data", data.toString());
                Matcher t = tx.matcher(status.out());
                assertTrue(t.find(), status.out());
                left = Integer.parseInt(t.group(1));
                if (left >= 100) Thread.sleep(2000);
            }
            assertTrue(left < 100, "server transactions left 60 s after the storm: " + status.out());
            gw.destroy();
            assertTrue(gw.waitFor(15, TimeUnit.SECONDS), "clean stop after the storm");
            assertTrue(!log(dir).contains("OutOfMemoryError"), log(dir));
        } finally {
            if (storm != null) storm.destroyForcibly();
            gw.destroyForcibly();
        }
    }

    private static String log(Path dir) throws Exception {
        String s = Files.readString(dir.resolve("gw.log"));
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    /**
     * OPTIONS every 100 ms from 127.0.0.2 (another host than the storm's), each retransmitted
     * after 500 ms while unanswered (RFC 3261 timer E), given up after 2 s: counts those answered 200.
     */
    static final class OptionsProbe implements AutoCloseable {
        private final DatagramSocket socket;
        private final InetSocketAddress gateway;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private Thread sender;
        private Thread receiver;

        OptionsProbe(int sipPort) throws Exception {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.setSoTimeout(200);
            gateway = new InetSocketAddress(InetAddress.getLoopbackAddress(), sipPort);
        }

        void start() {
            receiver = Thread.ofPlatform().daemon().start(() -> {
                byte[] buf = new byte[4096];
                while (running.get() || !socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        String r = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                        Matcher cid = Pattern.compile("(?im)^(?:Call-ID|i):\\s*(\\S+)").matcher(r);
                        if (r.startsWith("SIP/2.0 200") && cid.find()) answered.add(cid.group(1));
                    } catch (SocketTimeoutException e) {
                        if (!running.get()) return;
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            sender = Thread.ofPlatform().daemon().start(() -> {
                int n = 0;
                Set<String> pending = new HashSet<>();
                try {
                    while (running.get()) {
                        String id = "probe-" + (n++) + "@127.0.0.2";
                        sent.incrementAndGet();
                        send(id);
                        pending.add(id);
                        Thread.sleep(100);
                        // timer E: retransmit the ones sent 500 ms and 1 s ago that are still unanswered
                        for (int back : new int[] {5, 10}) {
                            String old = "probe-" + (n - 1 - back) + "@127.0.0.2";
                            if (pending.contains(old) && !answered.contains(old)) send(old);
                        }
                    }
                    Thread.sleep(2000); // the last ones' answers
                } catch (Exception e) {
                    // stop
                }
            });
        }

        private void send(String callId) throws Exception {
            String msg = "OPTIONS sip:127.0.0.1:" + gateway.getPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.2:" + socket.getLocalPort() + ";branch=z9hG4bK" + callId.hashCode() + "x\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:monitor@127.0.0.2>;tag=m1\r\nTo: <sip:127.0.0.1>\r\n"
                    + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            byte[] b = msg.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(b, b.length, gateway));
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (sender != null) sender.join(5000);
        }

        int sent() { return sent.get(); }

        int answered() { return answered.size(); }

        @Override
        public void close() throws Exception {
            running.set(false);
            if (sender != null) sender.join(5000);
            socket.close();
        }
    }
}
