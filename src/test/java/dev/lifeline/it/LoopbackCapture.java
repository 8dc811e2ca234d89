package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.lifeline.media.sdp.SessionDescription;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * tcpdump on the loopback interface (UDP only), read back as datagrams: what really went over
 * the wire, independent of the gateway's and the peer's own accounts. Needs root (CAP_NET_RAW),
 * as the test rigs have in CI; skipped otherwise.
 */
final class LoopbackCapture implements AutoCloseable {
    /** One captured UDP datagram (IPv4). */
    record Datagram(int srcPort, int dstPort, byte[] payload) {
        String text() { return new String(payload, StandardCharsets.ISO_8859_1); }
    }

    private final Process process;
    private final Path file;

    private LoopbackCapture(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    static LoopbackCapture start() throws Exception {
        Peers.require("/usr/bin/tcpdump", "tcpdump");
        Assumptions.assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip()),
                "capturing needs root");
        Path file = Files.createTempFile("srtp", ".pcap");
        Path log = Files.createTempFile("tcpdump", ".log");
        Process p = new ProcessBuilder("tcpdump", "-i", "lo", "-U", "-s", "0", "-n", "-w", file.toString(), "udp")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 50 && !Files.readString(log).contains("listening on"); i++) Thread.sleep(100);
        return new LoopbackCapture(p, file);
    }

    /** The first INVITE's SDP and the first 200's after it. */
    record OfferAnswer(SessionDescription offer, SessionDescription answer) {}

    /**
     * The offer and answer of the call that went through the gateway at {@code sipPort}, read from
     * clear SIP on the wire: that port only, because other tests (the suite's other JVM) use the
     * loopback at the same time. Fails the test when either is missing.
     */
    static OfferAnswer offerAndAnswer(List<Datagram> wire, int sipPort) throws Exception {
        SessionDescription offer = null, answer = null;
        for (var d : wire) {
            if (d.dstPort() != sipPort && d.srcPort() != sipPort) continue;
            String t = d.text();
            int body = t.indexOf("\r\n\r\nv=0");
            if (body < 0) continue;
            SessionDescription sd = SessionDescription.parse(t.substring(body + 4));
            if (t.startsWith("INVITE ") && offer == null) offer = sd;
            else if (t.startsWith("SIP/2.0 200") && offer != null && answer == null) answer = sd;
        }
        assertNotNull(offer, "INVITE with SDP captured; " + wire.size() + " datagrams: "
                + wire.stream().map(d -> d.srcPort() + ">" + d.dstPort() + " " + d.text().lines().findFirst().orElse("")).limit(40).toList());
        assertNotNull(answer, "200 with SDP captured");
        return new OfferAnswer(offer, answer);
    }

    /** Stops tcpdump (it flushes on SIGTERM) and reads what it caught. */
    List<Datagram> stop() throws Exception {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
        return read(Files.readAllBytes(file));
    }

    /** pcap (not pcapng): Ethernet (lo), Linux cooked v1/v2 link layers; IPv4 UDP only. */
    static List<Datagram> read(byte[] pcap) {
        ByteBuffer b = ByteBuffer.wrap(pcap);
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) b.order(ByteOrder.BIG_ENDIAN);
        int link = b.getInt(20);
        int linkHeader = switch (link) {
            case 1 -> 14;
            case 113 -> 16;
            case 276 -> 20;
            default -> throw new IllegalStateException("link type " + link);
        };
        List<Datagram> out = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= pcap.length) {
            int incl = b.getInt(pos + 8);
            int start = pos + 16;
            pos = start + incl;
            if (pos > pcap.length) break;
            int ip = start + linkHeader;
            if ((pcap[ip] & 0xF0) != 0x40 || pcap[ip + 9] != 17) continue;
            int udp = ip + (pcap[ip] & 0x0F) * 4;
            int src = (pcap[udp] & 0xFF) << 8 | pcap[udp + 1] & 0xFF;
            int dst = (pcap[udp + 2] & 0xFF) << 8 | pcap[udp + 3] & 0xFF;
            int len = ((pcap[udp + 4] & 0xFF) << 8 | pcap[udp + 5] & 0xFF) - 8;
            if (len < 0 || udp + 8 + len > pos) continue;
            out.add(new Datagram(src, dst, Arrays.copyOfRange(pcap, udp + 8, udp + 8 + len)));
        }
        return out;
    }

    @Override
    public void close() { process.destroyForcibly(); }
}
