package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls that are up survive an INVITE flood (issue 9): ten G.711 calls relayed by the gateway
 * (SIPp playing a 10 s tone to a SIPp phone that echoes it) while another host sprays 2,000
 * unauthenticated INVITEs a second for 5 s — about ten times the call setups per second the gateway
 * sustains (docs/benchmarks.md). The ten calls must end normally (BYE, cause 16) with under 1 %
 * of their packets lost or late, and the gateway must be up afterwards.
 */
@Tag("e2e")
@Tag("serial")
class InviteFloodE2ETest {
    private static final Pattern PORT = Pattern.compile("udp-port: (\\d+)");
    private static final int CALLS = 10;
    private static final int PACKETS_PER_CALL = 500; // the pcap: 10 s of 20 ms packets

    @Test
    void tenCallsKeepTheirAudioThroughAnInviteFloodAndEndNormally(@TempDir Path dir) throws Exception {
        Path[] cfg = GatewayProcess.ephemeralConfig(dir);
        String site = Files.readString(cfg[1]).replace("\nsip:\n", "\nsip:\n  digest-algorithms: [MD5]\n");
        Files.writeString(cfg[1], site);
        Matcher m = PORT.matcher(site);
        assertTrue(m.find());
        int sip = Integer.parseInt(m.group(1));
        Path data = dir.resolve("data");
        dev.lifeline.bench.PcapGen.main(new String[] {dir.resolve("bench-media.pcap").toString(), "10"});
        Process gw = GatewayProcess.production("run", "--board", cfg[0].toString(), "--config", cfg[1].toString(),
                "--data", data.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("gw.log").toFile()).start();
        List<Process> sipps = new ArrayList<>();
        try {
            GatewayProcess.awaitFile(data.resolve("run/mgmt.uri"), gw, Duration.ofSeconds(20));
            int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            sipps.add(sipp(dir, "uas.out", "-sf", scenario("uas-answer-many.xml"), "-s", "7001", "-i", "127.0.0.1",
                    "-p", String.valueOf(uasPort), "-mi", "127.0.0.1", "-mp", String.valueOf(dev.lifeline.sip.FreePorts.mediaBlock()), "-rtp_echo", "-nostdin",
                    "127.0.0.1:" + sip));
            try (Sipp reg = Sipp.start("register-as.xml", sip, "-s", "7001", "-au", "7001", "-ap", "lifeline7001",
                    "-key", "contact_port", String.valueOf(uasPort))) {
                assertEquals(0, reg.await(15), "7001 registered\n" + reg.output());
            }
            Process calls = sipp(dir, "calls.out", "-sf", scenario("uac-call-media.xml"), "-s", "7001", "-au", "7000",
                    "-ap", "lifeline7000", "-auth_uri", "7001@127.0.0.1:" + sip, "-i", "127.0.0.1",
                    "-p", String.valueOf(dev.lifeline.sip.FreePorts.udpAndTcp()), "-mi", "127.0.0.1", "-mp", String.valueOf(dev.lifeline.sip.FreePorts.mediaBlock()),
                    "-r", "5", "-rp", "1000", "-m", String.valueOf(CALLS), "-l", String.valueOf(CALLS), "-d", "10500",
                    "-recv_timeout", "15000", "-timeout", "60s", "-nostdin", "127.0.0.1:" + sip);
            sipps.add(calls);
            Thread.sleep(2500); // the ten calls are up (5 a second)

            // the flood: another host, INVITEs with no credentials, 2,000 a second for 5 s
            Process flood = sipp(dir, "flood.out", "-sn", "uac", "-s", "6001", "-i", "127.0.0.3",
                    "-p", String.valueOf(dev.lifeline.sip.FreePorts.udpAndTcp()), "-r", "2000", "-rp", "1000", "-m", "10000",
                    "-l", "20000", "-recv_timeout", "2000", "-timeout", "12s", "-nostdin", "127.0.0.1:" + sip);
            sipps.add(flood);
            assertTrue(flood.waitFor(30, TimeUnit.SECONDS), "the flood ends");
            assertTrue(calls.waitFor(60, TimeUnit.SECONDS), "the ten calls end");
            assertEquals(0, calls.exitValue(), "all ten calls completed, BYE answered\n" + tail(dir.resolve("calls.out")));
            assertTrue(gw.isAlive(), "the gateway is up after the flood\n" + tail(dir.resolve("gw.log")));
            // the flood reached it: the admission counters saw its INVITEs (admitted and challenged, or refused)
            GatewayProcess.Result st = GatewayProcess.run("status", "--json", "--data", data.toString());
            Matcher counts = Pattern.compile("\"admitted\":(\\d+),\"rejected503\":(\\d+),\"dropped\":(\\d+),\"queueFullDrops\":(\\d+)")
                    .matcher(st.out());
            assertTrue(counts.find(), st.out());
            long seen = 0;
            for (int i = 1; i <= 4; i++) seen += Long.parseLong(counts.group(i));
            System.out.println("flood: the gateway's admission saw " + seen + " requests (" + counts.group() + ")");
            assertTrue(seen >= 8_000, "the flood's INVITEs arrived: " + counts.group());

            List<Cdr> cdrs;
            long end = System.nanoTime() + 10_000_000_000L;
            do {
                try (Database db = Database.open(data.resolve("lifeline.db"))) {
                    cdrs = new CdrStore(db).after(0, 100_000).stream().filter(c -> "7001".equals(c.calledDialled()) && c.answered()).toList();
                }
                if (cdrs.size() < CALLS) Thread.sleep(200);
            } while (cdrs.size() < CALLS && System.nanoTime() < end);
            assertEquals(CALLS, cdrs.size(), "a CDR for each of the ten calls");
            long received = 0;
            long lost = 0;
            for (Cdr c : cdrs) {
                assertEquals(16, c.q850Cause(), "ended normally: " + c);
                received += c.rtp().packetsReceived();
                lost += c.rtp().packetsLost();
                assertTrue(c.rtp().jitterMs() < 20, "jitter under a packet time: " + c.rtp());
            }
            long expected = (long) CALLS * PACKETS_PER_CALL;
            long missing = Math.max(expected - received, lost);
            System.out.println("flood: " + CALLS + " calls, received " + received + " of " + expected + " packets, lost " + lost);
            assertTrue(missing * 100 < expected, "under 1 % lost or late: " + missing + " of " + expected);
        } finally {
            for (Process p : sipps) p.destroyForcibly();
            gw.destroyForcibly();
        }
    }

    private static String scenario(String name) { return TestGateway.HOME.resolve("test-rigs/sipp").resolve(name).toString(); }

    private static Process sipp(Path dir, String out, String... args) throws Exception {
        Peers.requireSipp();
        List<String> cmd = new ArrayList<>();
        cmd.add("sipp");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(out).toFile()).start();
    }

    private static String tail(Path f) throws Exception {
        String s = Files.exists(f) ? Files.readString(f) : "";
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }
}
