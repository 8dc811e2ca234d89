package dev.lifeline.call;

import dev.lifeline.media.AudioSource;
import dev.lifeline.media.rtp.Codec;
import dev.lifeline.media.rtp.RtpSession;
import dev.lifeline.media.sdp.Answer;
import dev.lifeline.media.sdp.MediaDirection;
import dev.lifeline.media.sdp.SdpException;
import dev.lifeline.media.sdp.SessionDescription;
import dev.lifeline.store.RtpStats;
import java.util.List;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The gateway's media end of one SIP leg: its RTP session and the SDP offer/answer that sets
 * it up. Media is anchored here, so a call between two SIP phones still flows through the box
 * (and can outlive an upstream failure later).
 */
final class SipMedia implements AutoCloseable {
    static final List<Codec> CODECS = List.of(Codec.PCMU, Codec.PCMA);
    static final int DTMF_PT = 101;

    private final RtpSession rtp;
    private final String localIp;
    private final long sessionId = System.currentTimeMillis();
    private long version = 1;
    private Codec codec;
    private MediaDirection direction = MediaDirection.SENDRECV;

    SipMedia(RtpSession rtp, String localIp) {
        this.rtp = rtp;
        this.localIp = localIp;
    }

    /** Our offer for an outgoing INVITE. */
    String offer() {
        return SessionDescription.offer(localIp, rtp.localPort(), CODECS, DTMF_PT, MediaDirection.SENDRECV, sessionId, version)
                .toString();
    }

    /** Answers a remote offer (INVITE or re-INVITE) and applies it; null when nothing is shared (488). */
    String answer(String remoteSdp) {
        Answer a = negotiate(remoteSdp);
        if (a == null) return null;
        apply(a);
        return a.toSdp(localIp, rtp.localPort(), sessionId, version++).toString();
    }

    /** Answers a re-INVITE's offer on the engine thread (called from a SIP stack thread); null refuses it. */
    String answerOnEngine(dev.lifeline.util.Engine engine, String remoteSdp) {
        try {
            return engine.call(() -> answer(remoteSdp), 2000);
        } catch (Exception e) {
            return null;
        }
    }

    /** Applies the far end's answer to our offer; false when it is unusable. */
    boolean accept(String remoteSdp) {
        Answer a = negotiate(remoteSdp);
        if (a == null) return false;
        apply(a);
        return true;
    }

    private static Answer negotiate(String sdp) {
        if (sdp == null || sdp.isBlank()) return null;
        try {
            return SessionDescription.negotiate(SessionDescription.parse(sdp), CODECS).orElse(null);
        } catch (SdpException e) {
            Logger.info("unusable SDP: {}", e.getMessage());
            return null;
        }
    }

    private void apply(Answer a) {
        codec = a.codec();
        direction = a.direction();
        rtp.configure(a.codec(), a.telephoneEventPt());
        rtp.setDirection(a.direction());
        if (a.remoteRtp() != null) rtp.setRemote(a.remoteRtp());
    }

    /** What the SIP side says, for the other leg (one read per tick). */
    AudioSource audio() { return rtp::read; }

    /** Sends one tick of the other leg's audio. */
    void send(AudioSource peer, short[] frame) {
        if (peer != null && peer.read(frame)) {
            rtp.write(frame);
        } else {
            java.util.Arrays.fill(frame, (short) 0);
            rtp.write(frame);
        }
    }

    /** Where our RTP is received: {@code localIp:port} as put in our SDP. */
    java.net.InetSocketAddress local() { return new java.net.InetSocketAddress(localIp, rtp.localPort()); }

    /** Where we send RTP (from the far end's SDP), or null before it is known. */
    java.net.InetSocketAddress remote() { return rtp.remote(); }

    void sendDtmf(char digit) { rtp.sendDtmf(digit, 100); }
    void onDtmf(Consumer<Character> c) { rtp.onDtmf(c); }
    String codecName() { return codec == null ? null : codec.encodingName(); }
    MediaDirection direction() { return direction; }
    RtpStats stats() { return rtp.stats(); }

    @Override
    public void close() { rtp.close(); }
}
