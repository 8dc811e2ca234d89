package dev.lifeline.media.rtp;

import static dev.lifeline.media.rtp.RtpTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Capacity check: 130 calls (260 sessions, both directions) at 50 packets/s each over loopback,
 * driven by one 20 ms ticker the way the engine drives them. Counts frames that were not
 * played from a received packet (concealed, or nothing) once a stream has started.
 */
@Tag("e2e")
@Tag("serial")
class RtpLoadTest {
    static final int PAIRS = 130, SECONDS = 6;

    @Test
    void carries130CallsWithUnderOnePercentLateFrames() throws Exception {
        try (var pool = new RtpPortPool(HOST, 36000, 36999)) {
            List<RtpSession[]> pairs = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                RtpSession x = pool.open(), y = pool.open();
                x.setRemote(addr(y));
                y.setRemote(addr(x));
                pairs.add(new RtpSession[] {x, y});
            }
            short[] frame = new short[160];
            long[] reads = new long[1], missing = new long[1], worstTickNanos = new long[1];
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
            int warmup = 10;
            ticks(SECONDS * 50, t -> {
                long t0 = System.nanoTime();
                for (RtpSession[] p : pairs) {
                    short[] tone = sine(1000, 8000, t * 160L);
                    p[0].write(tone);
                    p[1].write(tone);
                }
                for (RtpSession[] p : pairs) {
                    for (RtpSession s : p) {
                        boolean got = s.read(frame);
                        if (t >= warmup) {
                            reads[0]++;
                            if (!got) missing[0]++;
                        }
                    }
                }
                worstTickNanos[0] = Math.max(worstTickNanos[0], System.nanoTime() - t0);
            });
            long cpu = os.getProcessCpuTime() - cpu0, wall = System.nanoTime() - wall0;
            long concealed = 0, late = 0, received = 0, sent = 0, lost = 0;
            double jitter = 0;
            for (RtpSession[] p : pairs) {
                for (RtpSession s : p) {
                    var js = s.jitterBufferStats();
                    concealed += js.framesConcealed();
                    late += js.packetsLate();
                    var st = s.stats();
                    received += st.packetsReceived();
                    sent += st.packetsSent();
                    lost += st.packetsLost();
                    jitter = Math.max(jitter, st.jitterMs());
                }
            }
            double badPct = 100.0 * (concealed + missing[0]) / reads[0];
            System.out.printf(
                    "RTP load: %d sessions (%d calls) x 50 pkt/s for %d s on %d cores: sent %d, received %d, lost %d, "
                            + "late %d, concealed %d, silent reads %d of %d reads -> %.3f %% bad frames; worst jitter %.2f ms; "
                            + "CPU %.1f %% of one core (%.1f %% of the machine); worst tick %.2f ms%n",
                    PAIRS * 2, PAIRS, SECONDS, Runtime.getRuntime().availableProcessors(), sent, received, lost, late, concealed,
                    missing[0], reads[0], badPct, jitter, 100.0 * cpu / wall,
                    100.0 * cpu / wall / Runtime.getRuntime().availableProcessors(), worstTickNanos[0] / 1e6);
            assertTrue(badPct < 1.0, "late/missing frames " + badPct + " %");
        }
    }
}
