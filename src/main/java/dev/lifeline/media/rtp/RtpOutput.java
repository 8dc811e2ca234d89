package dev.lifeline.media.rtp;

import dev.lifeline.dsp.Srtp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;
import org.tinylog.Logger;

/**
 * The sending end of a session's RTP socket: our SSRC and sequence numbers, SRTP protection,
 * the send counters the RTCP sender report needs. Two threads send through it: the engine
 * (our own frames and DTMF events) and, while another session relays into this one, the
 * receive thread; its lock keeps their sequence numbers in order. Callers that must act
 * atomically with a send (the relay's timestamp mapping) lock it too.
 */
final class RtpOutput {
    final long ssrc = ThreadLocalRandom.current().nextLong(1, 1L << 32);
    private final DatagramChannel channel;
    private final int localPort;
    private int seq = ThreadLocalRandom.current().nextInt(1 << 16);
    private volatile long packetsSent, octetsSent, lastSendNanos, lastSendTs;

    RtpOutput(DatagramChannel channel, int localPort) {
        this.channel = channel;
        this.localPort = localPort;
    }

    /**
     * Writes our header into {@code buf} (payload already at {@link RtpPacket#HEADER}, {@code len}
     * bytes in all), protects it with {@code srtp} when non-null ({@code buf} has room for the
     * tag) and sends it to {@code to}. A failure is logged and the packet dropped.
     */
    synchronized void send(byte[] buf, ByteBuffer view, boolean marker, int pt, long ts, int len, Srtp srtp, InetSocketAddress to) {
        send(buf, view, marker, pt, ts, len, srtp, to, seq);
    }

    /** The sequence number the next packet of ours takes. */
    synchronized int nextSeq() { return seq; }

    /**
     * As above with the sequence number {@code packetSeq} (a relayed packet's, moved onto ours):
     * our own numbering continues after it unless it is a late one from before.
     */
    synchronized void send(byte[] buf, ByteBuffer view, boolean marker, int pt, long ts, int len, Srtp srtp, InetSocketAddress to,
                           int packetSeq) {
        RtpPacket.writeHeader(buf, marker, pt, packetSeq, ts, ssrc);
        if (((packetSeq - seq) & 0xFFFF) < 0x8000) seq = (packetSeq + 1) & 0xFFFF;
        int payload = len - RtpPacket.HEADER;
        try {
            if (srtp != null) len = srtp.protectRtp(buf, len);
            view.clear().limit(len);
            channel.send(view, to);
            packetsSent++;
            octetsSent += payload;
            lastSendTs = ts;
            lastSendNanos = System.nanoTime();
        } catch (IllegalStateException e) { // SRTP context replaced and closed under us: drop this one packet
            Logger.debug("RTP {}: packet dropped, SRTP context closed", localPort);
        } catch (IOException e) {
            Logger.debug("RTP {} send to {} failed: {}", localPort, to, e.toString());
        }
    }

    long packetsSent() { return packetsSent; }
    long octetsSent() { return octetsSent; }

    /** The RTP timestamp that corresponds to now at {@code clock} Hz (for the SR); {@code idle} before anything was sent. */
    long timestampNow(int clock, long idle) {
        long sentAt = lastSendNanos;
        if (sentAt == 0) return idle & 0xFFFFFFFFL;
        return (lastSendTs + (System.nanoTime() - sentAt) * clock / 1_000_000_000L) & 0xFFFFFFFFL;
    }
}
