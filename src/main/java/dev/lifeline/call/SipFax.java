package dev.lifeline.call;

import dev.lifeline.media.rtp.RtpSession;
import dev.lifeline.media.sdp.T38Sdp;
import java.util.Optional;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The fax side of one SIP leg's media ({@link SipMedia}): hears a fax on the line-bridged audio
 * ({@link FaxWatch}), and carries it over T.38 ({@link T38Media}, our offer or the far end's) or
 * G.711 pass-through (the RTP session's data mode). Engine thread only. See docs/fax.md.
 */
final class SipFax implements AutoCloseable {
    /** Pass-through's fixed jitter buffer: 60 ms, room for the jitter of a LAN or a quiet WAN. */
    static final int PASS_THROUGH_FRAMES = 3;

    private final RtpSession rtp;
    private final String localIp;
    private final String name;
    private FaxPolicy policy = FaxPolicy.DEFAULT;
    /** The T.38 gateway while the far end and we agreed an image stream, else null. */
    private T38Media t38;
    /** Our T.38 offer in flight (its UDPTL socket bound), else null. */
    private T38Media offered;
    /** Detection while bridged to a line; null before, or once a fax was heard (or without the DSP library). */
    private FaxWatch watch;
    private boolean heard, dataMode, everT38;
    private Consumer<String> onFax = why -> { };

    SipFax(RtpSession rtp, String localIp) {
        this.rtp = rtp;
        this.localIp = localIp;
        this.name = "sip: RTP " + rtp.localPort();
    }

    void policy(FaxPolicy p) { policy = p; }
    void onFax(Consumer<String> listener) { onFax = listener; }

    /** Whether the leg carries a T.38 fax now (the T.38 gateway stands in for RTP). */
    boolean active() { return t38 != null; }

    /** For the CDR: t38 once the fax went over T.38, pass-through once G.711 went into data mode, else null. */
    String use() { return everT38 ? "t38" : dataMode ? "pass-through" : null; }

    /** Our answer to the far end's T.38 offer (the leg switches to T.38), or null to refuse it (488). */
    String answer(T38Sdp.Remote offer, long sessionId, long version) {
        if (!policy.t38()) {
            Logger.info("{} refuses a T.38 offer (sip.fax mode pass-through): the fax stays on audio", name);
            return null;
        }
        if (t38 != null) return t38.sdp(localIp, sessionId, version); // a repeated offer: same stream
        try {
            t38 = T38Media.answering(name, rtp, policy, offer);
            everT38 = true;
        } catch (java.io.IOException | RuntimeException e) {
            Logger.warn("{} cannot start T.38: {}", name, e.toString());
            return null;
        }
        return t38.sdp(localIp, sessionId, version);
    }

    /** Our T.38 offer for a re-INVITE (its UDPTL socket bound); null when T.38 is on, offered, or cannot start. */
    String offer(long sessionId, long version) {
        if (t38 != null || offered != null) return null;
        try {
            offered = T38Media.offering(name, rtp, policy);
        } catch (java.io.IOException | RuntimeException e) {
            Logger.warn("{} cannot offer T.38: {}", name, e.toString());
            passThrough("T.38 could not start");
            return null;
        }
        return offered.sdp(localIp, sessionId, version);
    }

    /**
     * The far end's answer to our T.38 re-INVITE: a 2xx with an image stream switches to T.38;
     * anything else (488, 606, a timeout, an answer without one) keeps the call on G.711 in data
     * mode (pass-through). True when T.38 started.
     */
    boolean answered(int status, String sdp) {
        T38Media m = offered;
        offered = null;
        if (m == null) return false;
        Optional<T38Sdp.Remote> image = status >= 200 && status < 300 ? T38Sdp.parse(sdp) : Optional.empty();
        if (image.isPresent() && t38 == null) {
            m.accept(image.get());
            t38 = m;
            everT38 = true;
            Logger.info("{} fax on T.38", name);
            return true;
        }
        m.close();
        if (t38 == null) passThrough("the far end answered T.38 with " + status);
        return false;
    }

    /** Drops our T.38 offer (it crossed the far end's re-INVITE) and its socket; the call stays as it is. */
    void withdraw() {
        if (offered != null) offered.close();
        offered = null;
    }

    /** Back to audio (an audio re-offer, the end of the call): the T.38 gateway and its socket close. */
    void end(String why) {
        if (t38 == null) return;
        Logger.info("{} back to audio: {}", name, why);
        t38.close();
        t38 = null;
    }

    /** One tick of the line's audio into the T.38 gateway (only while {@link #active}). */
    void tick(short[] lineFrame) { t38.tick(lineFrame); }

    /** The line's next frame from the T.38 gateway (only while {@link #active}). */
    boolean read(short[] frame) { return t38.read(frame); }

    /** Fax detection on one frame of the line-bridged audio: toward the far end ({@code fromLine}) or toward the line. */
    void listen(short[] frame, boolean fromLine) {
        if (heard || t38 != null) return;
        if (watch == null) {
            if (!dev.lifeline.dsp.Dsp.isAvailable()) {
                heard = true;
                return;
            }
            watch = new FaxWatch();
        }
        String why = watch.listen(frame, fromLine);
        if (why == null) return;
        heard = true;
        watch.close();
        watch = null;
        Logger.info("{} fax detected: {}", name, why);
        if (policy.t38()) onFax.accept(why);
        else passThrough("sip.fax mode pass-through");
    }

    /** G.711 pass-through: fixed jitter buffer, no PLC (the line's canceller already stood aside on the tone). */
    private void passThrough(String why) {
        if (dataMode) return;
        dataMode = true;
        Logger.info("{} fax on G.711 pass-through: {}", name, why);
        rtp.dataMode(PASS_THROUGH_FRAMES);
    }

    @Override
    public void close() {
        end("the call ended");
        withdraw();
        if (watch != null) watch.close();
        watch = null;
    }
}
