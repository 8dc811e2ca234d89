package dev.lifeline.media.rtp;

import dev.lifeline.dsp.Dsp;
import dev.lifeline.dsp.Plc;
import dev.lifeline.dsp.Srtp;
import dev.lifeline.media.AudioSource;
import dev.lifeline.media.sdp.MediaDirection;
import dev.lifeline.store.RtpStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * One RTP/RTCP session on a UDP port pair, made by {@link RtpPortPool#open()}.
 *
 * <p>Threads: {@link #read} and {@link #write} are the media tick and belong to the single
 * engine thread, every 20 ms. Packets are received by the pool's one receive thread, which
 * decodes them into the {@link JitterBuffer}, reports DTMF to the {@link #onDtmf listener}
 * (on that thread: hand the digit to the engine, do not block) and runs RTCP. Configuration
 * setters may be called from any thread.
 *
 * <p>Symmetric RTP: the first valid RTP packet latches the remote address to its source,
 * and from then on we send there and accept only packets from there, whatever SDP said (a
 * phone behind NAT signals an address it cannot be reached at). {@link #setRemote} unlatches.
 *
 * <p>SRTP ({@link #setSrtp}): every RTP and RTCP packet sent is protected and every one received
 * is unprotected before anything else looks at it; a packet that fails authentication (or is a
 * replay) is dropped and counted ({@link #srtpAuthFailures}, {@link #srtpReplays}): it is never
 * played, never latches the remote address and never reports DTMF.
 *
 * <p>RFC 2198 redundancy ({@link #red}, G.711 only): each packet we send repeats the previous
 * frame ({@link RedSender}); a received RED packet's primary block is played as a plain packet
 * would be, and its redundant block stands in for the frame before only when that one was lost
 * ({@link RedReceiver}, {@link JitterBuffer#putRedundant}). Malformed RED is counted and dropped.
 */
public final class RtpSession implements AudioSource, AutoCloseable {
    private final RtpPortPool pool;
    private final DatagramChannel rtp, rtcp;
    private final int localPort;
    private final String cname;
    final RtcpAgent rtcpAgent = new RtcpAgent(this);
    private final JitterBuffer jitterBuffer;

    private volatile InetSocketAddress remoteRtp, remoteRtcp;
    private volatile boolean latched, rtcpLatched, closed;
    private final SessionCodecs codecs = new SessionCodecs();
    private volatile int telephoneEventPt = -1;
    private volatile int redPt = -1; // RFC 2198 redundancy agreed on this payload type (G.711 only), -1: none
    private volatile MediaDirection direction = MediaDirection.SENDRECV;
    private volatile Consumer<Character> dtmfListener = d -> {};
    private volatile Srtp srtpOut, srtpIn;
    private volatile boolean srtpRequired;
    private volatile long srtpAuthFailures, srtpReplays;
    private volatile String srtpSuite; // of the last keys set; stays after close, for the CDR

    // send side: engine thread (the relay's receive thread sends under the output's lock)
    private final RtpOutput output;
    private final byte[] sendBuf = new byte[RtpPacket.HEADER + OpusFrameEncoder.MAX_PACKET + Srtp.MAX_OVERHEAD];
    private final ByteBuffer sendBb = ByteBuffer.wrap(sendBuf);
    private final DtmfSender dtmf = new DtmfSender();
    private volatile long timestamp = ThreadLocalRandom.current().nextLong(1L << 32); // the relay moves it too
    private boolean talkspurt = true;
    private final RedSender redOut = new RedSender();
    private volatile long framesEncoded, packetsRelayed;

    // relay (see relayTo): as source, where received packets go; as target, the timeline of what comes in
    private volatile RtpSession relayTarget;
    private volatile long relayUntilNanos;
    private final RelayTimeline relayed = new RelayTimeline(); // under output's lock
    private final byte[] relayBuf = new byte[RtpPacket.HEADER + RtpReceiveLoop.MAX_DATAGRAM + Srtp.MAX_OVERHEAD];
    private final ByteBuffer relayBb = ByteBuffer.wrap(relayBuf);

    // receive side: the pool's receive thread
    private final RtpPacket in = new RtpPacket();
    private final ReceptionStats reception = new ReceptionStats();
    private final long epochNanos = System.nanoTime();
    private long remoteSsrc = -1, lastEventTs = -1;
    private final RedReceiver redIn = new RedReceiver();
    private volatile long malformed, foreign, redMalformed;

    /** A port of this session's range for the call's image (T.38 UDPTL) stream; see {@link RtpPortPool#reserve}. */
    public RtpPortPool.Reserved reserveImagePort() { return pool.reserve(); }

    RtpSession(RtpPortPool pool, DatagramChannel rtp, DatagramChannel rtcp, int localPort) {
        this.pool = pool;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.localPort = localPort;
        this.output = new RtpOutput(rtp, localPort);
        this.cname = "lifeline-" + Long.toHexString(output.ssrc) + "@" + pool.bindHost();
        Plc plc = Dsp.isAvailable() ? new Plc() : null;
        if (plc == null) Logger.warn("RTP {}: no packet loss concealment ({})", localPort, Dsp.unavailabilityCause());
        this.jitterBuffer = new JitterBuffer(plc);
    }

    public int localPort() { return localPort; }

    /** Fax over G.711: a fixed jitter buffer of {@code frames} (20 ms each) and no packet loss concealment from now on. */
    public void dataMode(int frames) {
        jitterBuffer.fixed(frames);
        Logger.info("RTP {}: data mode (fax): fixed {} ms jitter buffer, no PLC", localPort, frames * 20);
    }

    /** Where RTP goes (RTCP to port + 1) until the first received packet latches the real source. */
    public void setRemote(InetSocketAddress rtpAddress) {
        Objects.requireNonNull(rtpAddress, "rtpAddress");
        remoteRtp = rtpAddress;
        remoteRtcp = new InetSocketAddress(rtpAddress.getAddress(), rtpAddress.getPort() + 1);
        latched = rtcpLatched = false;
    }

    /** The current remote RTP address (latched or signalled), or null. */
    public InetSocketAddress remote() { return remoteRtp; }

    /** The codec we send, on its usual payload type; received G.711 is decoded by its payload type. {@code telephoneEventPt} -1: no RFC 4733. */
    public void configure(Codec codec, int telephoneEventPt) {
        configure(codec, codec.payloadType(), telephoneEventPt, OpusParams.DEFAULT);
    }

    /**
     * The codec agreed in SDP and the payload type it was agreed on (Opus's is dynamic), the
     * telephone-event payload type at the codec's clock rate (-1: none) and, for Opus, how to
     * encode for this peer ({@link SessionCodecs}: PCMU/PCMA are decoded whatever was agreed).
     */
    public void configure(Codec codec, int payloadType, int telephoneEventPt, OpusParams opus) {
        if (telephoneEventPt != -1 && (telephoneEventPt < 96 || telephoneEventPt > 127))
            throw new IllegalArgumentException("telephone-event payload type must be 96..127 or -1, got " + telephoneEventPt);
        if (codecs.configure(codec, payloadType, opus)) dtmf.clock(codec.rtpClock());
        this.telephoneEventPt = telephoneEventPt;
    }

    /** The codec we send. */
    public Codec codec() { return codecs.codec(); }

    /**
     * RFC 2198 redundancy agreed in SDP on payload type {@code pt} (96..127), or -1 for none. Only
     * for G.711: each packet we send then carries the previous frame too, and a received packet's
     * redundant block stands in for the frame before it when that one was lost.
     */
    public void red(int pt) {
        if (pt != -1 && (pt < 96 || pt > 127)) throw new IllegalArgumentException("red payload type must be 96..127 or -1, got " + pt);
        redPt = pt;
    }

    /** The agreed RED payload type, -1 when none. */
    public int redPayloadType() { return redPt; }

    /** Sending stops for recvonly/inactive (hold); receiving continues whatever the direction. */
    public void setDirection(MediaDirection direction) { this.direction = Objects.requireNonNull(direction, "direction"); }

    public MediaDirection direction() { return direction; }

    /** Receives each remote DTMF event once, on the receive thread: keep it short, hand over to the engine. */
    public void onDtmf(Consumer<Character> listener) { dtmfListener = Objects.requireNonNull(listener, "listener"); }

    /**
     * Turns SRTP on (both non-null) or off (both null) for everything sent and received from now
     * on. The session owns the contexts from here: it closes the ones replaced and, at
     * {@link #close}, the last ones. A re-INVITE that keeps the keys should keep the contexts
     * (their rollover counters and replay windows go with them).
     */
    public void setSrtp(Srtp outbound, Srtp inbound) {
        if ((outbound == null) != (inbound == null)) throw new IllegalArgumentException("SRTP needs both directions or neither");
        Srtp oldOut, oldIn;
        synchronized (this) {
            oldOut = srtpOut;
            oldIn = srtpIn;
            srtpOut = outbound;
            srtpIn = inbound;
            if (outbound != null) {
                if (srtpSuite == null) SrtpTotals.LEGS.increment();
                srtpSuite = outbound.suite().name();
            }
            if (closed) { // closed meanwhile: nothing will use them
                if (outbound != null) outbound.close();
                if (inbound != null) inbound.close();
            }
        }
        if (oldOut != null && oldOut != outbound) oldOut.close();
        if (oldIn != null && oldIn != inbound) oldIn.close();
    }

    /**
     * With SRTP mandatory, nothing may go out or come in clear before the keys are known (our
     * RTP/SAVP offer is out, the answer is not in yet): while required and not set, sending is
     * suppressed and received packets are dropped.
     */
    public void requireSrtp(boolean required) { this.srtpRequired = required; }

    /** True while SRTP protects this session's media. */
    public boolean isSecure() { return srtpOut != null; }

    /** RTCP report interval (default 5 s, randomised ±50 %). */
    public void setRtcpInterval(long millis) { rtcpAgent.interval(millis); }

    // ---------------------------------------------------------------- media tick (engine thread)

    /** The next 20 ms (160 samples) from the jitter buffer; false (and silence) when there is nothing to play. */
    @Override
    public boolean read(short[] frame) {
        if (frame.length != JitterBuffer.FRAME) throw new IllegalArgumentException("frame must be 160 samples, got " + frame.length);
        return jitterBuffer.read(frame);
    }

    /** Encodes and sends one 20 ms frame (or this tick's DTMF event packets), unless the direction forbids sending. */
    public void write(short[] frame) {
        if (frame.length != JitterBuffer.FRAME) throw new IllegalArgumentException("frame must be 160 samples, got " + frame.length);
        if (closed) return;
        int step = codecs.codec().timestampStep();
        if (relayedInto()) { // the other SIP side's packets go out as they came: nothing to encode
            talkspurt = true; // our own first packet after the relay is marked
            dtmf.clear();     // its telephone-events were relayed too
            redOut.forget();
            return;
        }
        if (!direction.sends() || remoteRtp == null || srtpRequired && srtpOut == null) {
            talkspurt = true; // the first packet after a pause gets the marker
            dtmf.clear();
            redOut.forget();
            timestamp += step;
            return;
        }
        if (dtmf.pending() && telephoneEventPt >= 0 && dtmf.tick(timestamp, this::sendEvent)) {
            talkspurt = true;
            redOut.forget(); // the frame before the next voice packet was an event: nothing to repeat
        } else {
            int pt = codecs.payloadType(), red = redPt, n;
            boolean withRed = red >= 0 && !codecs.codec().wideband();
            try {
                n = codecs.encoder().encode(frame, withRed ? redOut.primaryBuffer() : sendBuf, withRed ? 0 : RtpPacket.HEADER);
            } catch (IllegalStateException e) { // re-configured and closed under us: skip this frame
                timestamp += step;
                return;
            }
            framesEncoded++;
            if (withRed) {
                send(talkspurt, red, timestamp, RtpPacket.HEADER + redOut.payload(sendBuf, RtpPacket.HEADER, pt, n, timestamp, step));
            } else {
                redOut.forget();
                send(talkspurt, pt, timestamp, RtpPacket.HEADER + n);
            }
            talkspurt = false;
        }
        timestamp += step;
    }

    /** True when a telephone-event payload type was negotiated, so {@link #sendDtmf} can send events. */
    public boolean hasTelephoneEvent() { return telephoneEventPt >= 0; }

    /**
     * Queues an RFC 4733 event; it is sent on the following {@link #write} ticks (so keep
     * writing, silence if need be), voice being suppressed meanwhile.
     * @throws IllegalStateException when no telephone-event payload type was negotiated (send DTMF in-band instead)
     */
    public void sendDtmf(char digit, int durationMs) {
        if (telephoneEventPt < 0) throw new IllegalStateException("no telephone-event payload type negotiated: send DTMF in-band");
        dtmf.queue(digit, durationMs);
    }

    private void sendEvent(boolean marker, long ts, byte[] payload) {
        System.arraycopy(payload, 0, sendBuf, RtpPacket.HEADER, payload.length);
        send(marker, telephoneEventPt, ts, RtpPacket.HEADER + payload.length);
    }

    private void send(boolean marker, int pt, long ts, int len) {
        synchronized (output) {
            relayed.end(); // our own frames again (a no-op unless a relay just stopped)
            output.send(sendBuf, sendBb, marker, pt, ts, len, srtpOut, remoteRtp); // sendBuf has room for the SRTP tag
        }
    }

    // ---------------------------------------------------------------- receive thread

    /** One datagram from the RTP socket. Never throws: malformed packets are counted and dropped. */
    void receiveRtp(byte[] b, int len, InetSocketAddress from) {
        Srtp srtp = srtpIn;
        if (srtp == null && srtpRequired) return; // keys not agreed yet: nothing clear gets in
        if (srtp != null && (len = unprotected(srtp.unprotectRtp(b, len))) < 0) return;
        if (!in.parse(b, len)) { malformed++; return; }
        int pt = in.payloadType;
        boolean event = pt == telephoneEventPt;
        boolean red = !event && pt == redPt;
        int audioPt = pt, audioOff = in.payloadOff, audioLen = in.payloadLen;
        if (red) {
            if (!redIn.parse(b, in.payloadOff, in.payloadLen, codecs)) {
                malformed++;
                redMalformed++;
                return;
            }
            RedPacket r = redIn.packet();
            audioPt = r.payloadType(r.primary());
            audioOff = r.offset(r.primary());
            audioLen = r.length(r.primary());
        }
        FrameDecoder c = event ? null : codecs.decoderFor(audioPt);
        if (!event && c == null && audioPt != 13) { malformed++; return; } // 13: comfort noise
        if (!latched) {
            remoteRtp = from;
            if (!rtcpLatched) remoteRtcp = new InetSocketAddress(from.getAddress(), from.getPort() + 1);
            latched = true;
        } else if (!from.equals(remoteRtp)) {
            foreign++;
            return;
        }
        long ext;
        synchronized (reception) {
            if (in.ssrc != remoteSsrc) { // a new stream (first packet, or the far end switched source)
                remoteSsrc = in.ssrc;
                reception.reset();
                jitterBuffer.reset();
                lastEventTs = -1;
            }
            ext = reception.update(in.seq);
            if (ext >= 0 && c != null) {
                int clock = codecs.clockFor(audioPt);
                long arrival = (System.nanoTime() - epochNanos) * clock / 1_000_000_000L;
                reception.jitter(arrival, in.timestamp);
                jitterBuffer.jitterMs(reception.jitterUnits() / (clock / 1000.0));
            }
        }
        if (ext < 0) return;
        RtpSession target = relayTarget;
        if (target != null && !red && System.nanoTime() - relayUntilNanos < 0 && (c != null || event || pt == 13)) {
            target.relay(in, b, pt == codecs.payloadType() ? Kind.AUDIO : event ? Kind.EVENT : Kind.OTHER);
            if (event) receiveEvent(b); // still reported: the engine logs and routes digits as before
            return;
        }
        if (c != null) {
            try {
                jitterBuffer.putAudio(ext, c, b, audioOff, audioLen);
            } catch (IllegalStateException e) { // a corrupt packet (libopus refused it) or a decoder replaced under us
                malformed++;
            }
        } else {
            jitterBuffer.putSilence(ext);
            if (event) receiveEvent(b);
        }
        if (red && !in.marker) malformed += redIn.recover(ext, b, codecs, jitterBuffer); // a talkspurt's first packet repeats nothing we missed
    }

    private enum Kind { AUDIO, EVENT, OTHER }

    /**
     * Relays what this session receives to {@code target} untouched (same payload bytes), for
     * the next {@code leaseMillis}: the caller (the target leg's media tick) renews it every
     * tick while the two SIP sides share a codec, so it ends by itself when the call is
     * re-bridged (transfer, conference, hold) or the target stops ticking. Received packets then
     * skip this session's jitter buffer (nobody else reads it meanwhile), and the target encodes
     * nothing. {@code null} ends it at once.
     */
    public synchronized void relayTo(RtpSession target, long leaseMillis) {
        if (target == this) throw new IllegalArgumentException("cannot relay a session into itself");
        relayTarget = target;
        relayUntilNanos = System.nanoTime() + leaseMillis * 1_000_000L;
    }

    /** Ends relaying into {@code target} now, if that is where this session relays (another target keeps its lease). */
    public synchronized void endRelayTo(RtpSession target) {
        if (relayTarget == target) relayTarget = null;
    }

    /** True while another session relays its packets into this one. */
    private boolean relayedInto() {
        synchronized (output) {
            return relayed.active(System.nanoTime());
        }
    }

    /**
     * Sends a packet received by the source session as our own: our SSRC, the source's sequence
     * number and timestamp moved onto our numbering and timeline (gaps kept: {@link RelayTimeline}), the payload type mapped to ours (audio and
     * telephone-event; CN keeps 13), the payload bytes exactly as received. Receive thread.
     */
    private void relay(RtpPacket src, byte[] b, Kind kind) {
        if (closed || !direction.sends() || remoteRtp == null || srtpRequired && srtpOut == null) return;
        int pt = kind == Kind.AUDIO ? codecs.payloadType() : kind == Kind.EVENT ? telephoneEventPt : src.payloadType;
        if (pt < 0) return; // the target has no telephone-event: the digit is reported to the engine all the same
        int len = src.payloadLen;
        if (len > RtpReceiveLoop.MAX_DATAGRAM) return;
        synchronized (output) {
            long mapped = relayed.map(src.ssrc, src.timestamp, timestamp + codecs.codec().timestampStep(), System.nanoTime());
            if (mapped > timestamp) timestamp = mapped; // so our own frames continue after the relayed ones
            System.arraycopy(b, src.payloadOff, relayBuf, RtpPacket.HEADER, len);
            int seq = relayed.mapSeq(src.seq, output.nextSeq());
            output.send(relayBuf, relayBb, src.marker, pt, mapped & 0xFFFFFFFFL, RtpPacket.HEADER + len, srtpOut, remoteRtp, seq);
            packetsRelayed++;
        }
    }

    /** 20 ms frames this session encoded and sent (not counting relayed packets). */
    public long framesEncoded() { return framesEncoded; }

    /** Packets that came in on another session and went out on this one untouched. */
    public long packetsRelayed() { return packetsRelayed; }

    private void receiveEvent(byte[] b) {
        if (in.payloadLen < 4) { malformed++; return; }
        if (in.timestamp == lastEventTs) return; // an update or a repeated end packet of an event already reported
        lastEventTs = in.timestamp;
        char d = DtmfSender.digit(b[in.payloadOff] & 0xFF);
        if (d == 0) return; // flash (16) or other events: not DTMF
        try {
            dtmfListener.accept(d);
        } catch (RuntimeException e) {
            Logger.warn(e, "RTP {}: DTMF listener failed", localPort);
        }
    }

    /** Counts an SRTP refusal; returns the length, negative for a packet to drop. */
    private int unprotected(int rc) {
        if (rc == Srtp.REPLAYED) {
            srtpReplays++;
            SrtpTotals.REPLAYS.increment();
        } else if (rc < 0) {
            srtpAuthFailures++;
            SrtpTotals.AUTH_FAILURES.increment();
        }
        return rc;
    }

    /** One datagram from the RTCP socket. */
    void receiveRtcp(byte[] b, int len, InetSocketAddress from) {
        Srtp srtp = srtpIn;
        if (srtp == null && srtpRequired) return;
        if (srtp != null && (len = unprotected(srtp.unprotectRtcp(b, len))) < 0) return;
        if (!Rtcp.parse(b, len, rtcpAgent)) { malformed++; return; }
        if (!rtcpLatched) { remoteRtcp = from; rtcpLatched = true; }
    }

    void remoteBye(long byeSsrc) { Logger.debug("RTP {}: BYE from {}", localPort, Long.toHexString(byeSsrc)); }

    boolean sendRtcp(byte[] b, int len) {
        InetSocketAddress to = remoteRtcp;
        if (to == null || closed) return false;
        Srtp out = srtpOut;
        if (out == null && srtpRequired) return false;
        if (out != null) {
            try {
                b = java.util.Arrays.copyOf(b, len + Srtp.MAX_OVERHEAD); // a report every few seconds: the copy is fine
                len = out.protectRtcp(b, len);
            } catch (IllegalStateException e) {
                return false;
            }
        }
        try {
            rtcp.send(ByteBuffer.wrap(b, 0, len), to);
            return true;
        } catch (IOException e) {
            Logger.debug("RTCP {} send to {} failed: {}", localPort + 1, to, e.toString());
            return false;
        }
    }

    Rtcp.ReportBlock reportBlock(long lsr, long dlsr) {
        synchronized (reception) {
            if (!reception.started()) return null;
            return new Rtcp.ReportBlock(remoteSsrc, reception.fractionLostAndAdvance(), reception.lost(), reception.extendedMax(),
                    (long) reception.jitterUnits(), lsr, dlsr);
        }
    }

    long ssrc() { return output.ssrc; }
    String cname() { return cname; }
    long packetsSentCount() { return output.packetsSent(); }
    long octetsSentCount() { return output.octetsSent(); }
    DatagramChannel rtpChannel() { return rtp; }
    DatagramChannel rtcpChannel() { return rtcp; }

    /** The RTP timestamp that corresponds to now (for the SR). */
    long rtpTimestampNow() {
        return output.timestampNow(codecs.codec().rtpClock(), timestamp);
    }

    // ---------------------------------------------------------------- status

    /** Packets sent/received/lost, RFC 3550 jitter and RTCP round trip, SRTP suite and drops, for the CDR. */
    public RtpStats stats() {
        synchronized (reception) {
            return new RtpStats(output.packetsSent(), reception.received(), reception.lost(), reception.jitterUnits() / (codecs.codec().rtpClock() / 1000.0), rtcpAgent.rttMs(),
                    srtpSuite, srtpAuthFailures, srtpReplays);
        }
    }

    public JitterBufferStats jitterBufferStats() { return jitterBuffer.stats(); }

    /** Lost frames rebuilt from the next packet's in-band FEC (Opus). */
    public long fecRecovered() { return jitterBuffer.recovered(); }

    /** Lost frames filled from a later packet's RFC 2198 redundant block. */
    public long redRecovered() { return jitterBuffer.redRecovered(); }

    /** RED packets dropped as malformed (lengths past the end, too many blocks, a payload type we do not decode inside). */
    public long redMalformed() { return redMalformed; }

    /** Datagrams dropped as not valid RTP/RTCP (short, wrong version, unknown payload type). */
    public long malformedPackets() { return malformed; }

    /** SRTP/SRTCP packets dropped because they failed authentication (tampered, wrong key, clear RTP) or were malformed for SRTP. */
    public long srtpAuthFailures() { return srtpAuthFailures; }

    /** SRTP/SRTCP packets dropped as replays. */
    public long srtpReplays() { return srtpReplays; }

    /** RTP packets dropped because they came from another address than the latched one. */
    public long foreignPackets() { return foreign; }

    public long rtcpReportsReceived() { return rtcpAgent.reportsReceived(); }

    public boolean isClosed() { return closed; }

    /** Sends RTCP BYE, closes both sockets and gives the ports back to the pool. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            byte[] bye = new byte[16];
            sendRtcp(bye, rtcpAgent.bye(bye));
            closed = true;
        }
        try { rtp.close(); } catch (IOException ignored) { /* closing */ }
        try { rtcp.close(); } catch (IOException ignored) { /* closing */ }
        pool.release(this);
        jitterBuffer.close();
        codecs.close();
        setSrtp(null, null);
    }

    @Override
    public String toString() {
        return "RtpSession[" + localPort + " -> " + remoteRtp + ", " + codecs.codec() + ", " + direction + (srtpOut != null ? ", SRTP" : "") + "]";
    }
}
