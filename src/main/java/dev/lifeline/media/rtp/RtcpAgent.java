package dev.lifeline.media.rtp;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The RTCP side of one session: decides when to report (every interval, randomised ±50 % as
 * RFC 3550 §6.2 asks, SR if we sent RTP since the last report, RR otherwise), fills the
 * report block from the reception statistics, remembers the remote's last SR for LSR/DLSR,
 * and computes the round-trip time from the report blocks the remote sends about us
 * (RFC 3550 §6.4.1). The RTT uses the exact send time of our own SR when the LSR matches
 * one we sent, so it does not suffer the 15 µs truncation of the NTP short format.
 * Runs on the pool's receive thread (timer and incoming RTCP), hence the synchronization.
 */
final class RtcpAgent implements Rtcp.Listener {
    private static final int SENT_SRS = 4;

    private final RtpSession session;
    private final byte[] buf = new byte[512];
    private volatile long intervalNanos = 5_000_000_000L;
    private long nextReportNanos;
    private long lastSentPackets;

    // remote's last SR, for our LSR/DLSR
    private long remoteLsr, remoteSrArrivalNanos;
    // our SRs: middle 32 bits of their NTP time and when they left
    private final long[] srNtp = new long[SENT_SRS], srNanos = new long[SENT_SRS];
    private int srNext;
    private volatile double rttMs;
    private volatile long reportsReceived, reportsSent;

    RtcpAgent(RtpSession session) {
        this.session = session;
        this.nextReportNanos = System.nanoTime() + intervalNanos / 2;
    }

    void interval(long millis) {
        intervalNanos = Math.max(50, millis) * 1_000_000L;
        synchronized (this) { nextReportNanos = Math.min(nextReportNanos, System.nanoTime() + intervalNanos / 2); }
    }

    /** Called often by the receive loop; sends a report when one is due. */
    void tick(long now) {
        byte[] packet;
        int len;
        synchronized (this) {
            if (now < nextReportNanos) return;
            double spread = 0.5 + ThreadLocalRandom.current().nextDouble();
            nextReportNanos = now + (long) (intervalNanos * spread);
            long sent = session.packetsSentCount();
            boolean sender = sent > lastSentPackets;
            lastSentPackets = sent;
            long ntp = Rtcp.ntpNow();
            Rtcp.ReportBlock block = session.reportBlock(remoteLsr, remoteLsr == 0 ? 0 : (now - remoteSrArrivalNanos) * 65536 / 1_000_000_000L);
            len = Rtcp.writeReport(buf, sender, session.ssrc(), ntp, session.rtpTimestampNow(), sent, session.octetsSentCount(),
                    block, session.cname());
            if (sender) {
                srNtp[srNext] = Rtcp.middle32(ntp);
                srNanos[srNext] = System.nanoTime();
                srNext = (srNext + 1) % SENT_SRS;
            }
            packet = buf;
        }
        if (session.sendRtcp(packet, len)) reportsSent++;
    }

    @Override
    public synchronized void senderReport(long ssrc, long ntpMiddle32) {
        remoteLsr = ntpMiddle32;
        remoteSrArrivalNanos = System.nanoTime();
        reportsReceived++;
    }

    @Override
    public synchronized void reportBlock(long reporterSsrc, Rtcp.ReportBlock block) {
        if (block.ssrc() != session.ssrc()) return;
        if (block.lsr() == 0) { reportsReceived++; return; }
        long now = System.nanoTime();
        double dlsrMs = block.dlsr() * 1000.0 / 65536.0;
        double rtt = -1;
        for (int i = 0; i < SENT_SRS; i++) {
            if (srNanos[i] != 0 && srNtp[i] == block.lsr()) rtt = (now - srNanos[i]) / 1e6 - dlsrMs;
        }
        if (rtt < 0) { // not one of ours in memory: the wall-clock way
            long a = Rtcp.middle32(Rtcp.ntpNow());
            long units = (a - block.lsr() - block.dlsr()) & 0xFFFFFFFFL;
            if (units < 0x80000000L) rtt = units * 1000.0 / 65536.0;
        }
        if (rtt > 0) rttMs = rtt;
        reportsReceived++;
    }

    @Override
    public void bye(long ssrc) { session.remoteBye(ssrc); }

    double rttMs() { return rttMs; }

    long reportsReceived() { return reportsReceived; }

    long reportsSent() { return reportsSent; }

    /** The RR-before-BYE compound for close(). */
    int bye(byte[] out) { return Rtcp.writeBye(out, session.ssrc()); }
}
