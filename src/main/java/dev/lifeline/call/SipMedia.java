package dev.lifeline.call;

import dev.lifeline.config.RedPolicy;
import dev.lifeline.config.SrtpPolicy;
import dev.lifeline.dsp.Srtp;
import dev.lifeline.media.AudioSource;
import dev.lifeline.media.rtp.Codec;
import dev.lifeline.media.rtp.CodecPreferences;
import dev.lifeline.media.rtp.OpusParams;
import dev.lifeline.media.rtp.RtpSession;
import dev.lifeline.media.sdp.Answer;
import dev.lifeline.media.sdp.MediaDirection;
import dev.lifeline.media.sdp.RedSdp;
import dev.lifeline.media.sdp.SdpException;
import dev.lifeline.media.sdp.Sdes;
import dev.lifeline.media.sdp.SdesOffer;
import dev.lifeline.media.sdp.SessionDescription;
import dev.lifeline.media.sdp.T38Sdp;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import dev.lifeline.store.RtpStats;
import java.util.List;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The gateway's media end of one SIP leg: its RTP session and the SDP offer/answer that sets
 * it up. Media is anchored here, so a call between two SIP phones still flows through the box
 * (and can outlive an upstream failure later).
 *
 * <p>SRTP: the leg's {@link SrtpPolicy} decides what we offer and accept (SDES, RFC 4568; see
 * {@link SessionDescription#negotiate(SessionDescription, List, MediaDirection, SrtpPolicy, java.util.function.Function)}).
 * Keys are fresh per leg (SecureRandom) and kept for re-offers and re-answers, so a re-INVITE
 * with the same keys keeps the SRTP contexts: a context is never re-created with a key it has
 * already used (that would restart its rollover counter and could reuse keystream).
 */
final class SipMedia implements AutoCloseable {
    static final int DTMF_PT = 101;

    private final RtpSession rtp;
    private final String localIp;
    private final long sessionId = System.currentTimeMillis();
    private long version = 1;
    private Codec codec;
    private MediaDirection direction = MediaDirection.SENDRECV;
    private final SrtpPolicy srtpPolicy;
    /** Our keys when answering offers, one per suite, made on first use. */
    private final Map<Srtp.Suite, byte[]> answerKeys = new EnumMap<>(Srtp.Suite.class);
    private SdesOffer sdesOffer;
    private Sdes sdes;
    private Srtp srtpOut, srtpIn;

    private CodecPreferences codecs;
    /** The fax side: detection, T.38, pass-through. */
    private final SipFax fax;

    SipMedia(RtpSession rtp, String localIp) { this(rtp, localIp, SrtpPolicy.OFF); }

    SipMedia(RtpSession rtp, String localIp, SrtpPolicy srtpPolicy) { this(rtp, localIp, srtpPolicy, CodecPreferences.G711); }

    SipMedia(RtpSession rtp, String localIp, SrtpPolicy srtpPolicy, CodecPreferences codecs) {
        this.rtp = rtp;
        this.localIp = localIp;
        this.fax = new SipFax(rtp, localIp);
        this.srtpPolicy = srtpPolicy;
        this.codecs = codecs;
        rtp.requireSrtp(srtpPolicy == SrtpPolicy.MANDATORY);
    }

    /**
     * Puts {@code codec} first in our offers (before the first one): the codec the other SIP
     * side of the call already agreed, so both sides can end up on the same one and the
     * gateway relays instead of transcoding.
     */
    void prefer(Codec codec) { codecs = codecs.preferring(codec); }

    /** Our offer for an outgoing INVITE: RTP/SAVP with a=crypto when mandatory, RTP/AVP with a=crypto when optional. */
    String offer() {
        if (sdesOffer == null) sdesOffer = SdesOffer.create(srtpPolicy);
        return SessionDescription.offer(localIp, rtp.localPort(), codecs.order(), DTMF_PT, MediaDirection.SENDRECV, sessionId, version,
                sdesOffer, codecs.red() == RedPolicy.OFFER).toString();
    }

    /** How this leg carries a fax ({@code sip.fax}). */
    void fax(FaxPolicy policy) { fax.policy(policy); }

    /** Who hears (once per call, engine thread) that a fax tone was heard and the policy wants T.38: the leg, to re-INVITE. */
    void onFax(Consumer<String> listener) { fax.onFax(listener); }

    /** Our T.38 offer for a re-INVITE (its UDPTL socket bound); null when T.38 is already on or cannot start. */
    String offerT38() { return fax.offer(sessionId, version++); }

    /** The far end's answer to our T.38 re-INVITE ({@link SipFax#answered}). */
    void t38Answered(int status, String sdp) {
        if (fax.answered(status, sdp)) stopRelay();
    }

    /** Drops our T.38 offer (it crossed the far end's re-INVITE); the call stays as it is. */
    void withdrawT38() { fax.withdraw(); }

    /** Whether the leg carries a T.38 fax now. */
    boolean t38() { return fax.active(); }

    /**
     * Answers a remote offer (INVITE or re-INVITE) and applies it; null when nothing is shared or
     * the SRTP policy refuses it (488). An offer with an image/t38 stream (a fax re-INVITE) is
     * answered with ours and switches the leg to T.38 when the fax policy allows it (refused
     * otherwise, and the call stays on audio); an audio offer after a fax ends the T.38 gateway.
     */
    String answer(String remoteSdp) {
        Optional<T38Sdp.Remote> image = T38Sdp.parse(remoteSdp);
        if (image.isPresent()) return fax.answer(image.get(), sessionId, version++);
        SessionDescription remote = parse(remoteSdp);
        if (remote == null) return null;
        Answer a = SessionDescription.negotiate(remote, codecs.order(), MediaDirection.SENDRECV, srtpPolicy,
                suite -> answerKeys.computeIfAbsent(suite, Sdes::newKey)).orElse(null);
        if (a == null) return null;
        if (codecs.red() != RedPolicy.OFF) a = a.withRed(RedSdp.agreedPt(remote.audio(), a.codec(), a.payloadType()));
        fax.end("the far end re-offered audio");
        apply(a, a.sdes());
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
        SessionDescription remote = parse(remoteSdp);
        if (remote == null) return false;
        Answer a = SessionDescription.negotiateCodec(remote, codecs.order(), MediaDirection.SENDRECV).orElse(null);
        if (a == null) return false;
        if (codecs.red() == RedPolicy.OFFER) a = a.withRed(RedSdp.agreedPt(remote.audio(), a.codec(), a.payloadType())); // only what we offered
        SdesOffer ours = sdesOffer != null ? sdesOffer : SdesOffer.create(SrtpPolicy.OFF);
        Optional<Sdes> agreed = ours.accept(remote);
        if (!ours.acceptable(remote, agreed)) {
            Logger.info("sip: answer refused by SRTP policy {} (profile {}, no usable a=crypto)", srtpPolicy.configName(),
                    remote.audio().protocol());
            return false;
        }
        apply(a, agreed.orElse(null));
        return true;
    }

    private static SessionDescription parse(String sdp) {
        if (sdp == null || sdp.isBlank()) return null;
        try {
            return SessionDescription.parse(sdp);
        } catch (SdpException e) {
            Logger.info("unusable SDP: {}", e.getMessage());
            return null;
        }
    }

    private void apply(Answer a, Sdes keys) {
        if (codec != a.codec()) Logger.info("sip: RTP {} codec {} (payload type {})", rtp.localPort(), a.rtpmapName(), a.payloadType());
        codec = a.codec();
        direction = a.direction();
        applySrtp(keys);
        OpusParams opus = a.opus() == null ? codecs.opus() : codecs.opus().forPeer(a.opus().fec(), a.opus().maxPlaybackRate());
        rtp.configure(a.codec(), a.payloadType(), a.telephoneEventPt(), opus);
        if (a.redPt() != rtp.redPayloadType())
            Logger.info("sip: RTP {} RFC 2198 redundancy {}", rtp.localPort(), a.redPt() < 0 ? "off" : "on, payload type " + a.redPt());
        rtp.red(a.redPt());
        rtp.setDirection(a.direction());
        if (a.remoteRtp() != null) rtp.setRemote(a.remoteRtp());
    }

    /** Installs the agreed keys; a direction whose suite and key did not change keeps its context. */
    private void applySrtp(Sdes keys) {
        if (keys == null) {
            if (sdes != null) Logger.info("sip: RTP {} continues without SRTP (re-negotiated)", rtp.localPort());
            sdes = null;
            srtpOut = srtpIn = null;
            rtp.setSrtp(null, null);
            return;
        }
        if (keys.sameKeys(sdes)) return;
        byte[] local = keys.localKey(), remote = keys.remoteKey();
        boolean sameOut = sdes != null && sdes.suite() == keys.suite() && Arrays.equals(sdes.localKey(), local);
        boolean sameIn = sdes != null && sdes.suite() == keys.suite() && Arrays.equals(sdes.remoteKey(), remote);
        Srtp out = sameOut ? srtpOut : Srtp.outbound(keys.suite(), local);
        Srtp in = sameIn ? srtpIn : Srtp.inbound(keys.suite(), remote);
        Srtp.wipe(local);
        Srtp.wipe(remote);
        srtpOut = out;
        srtpIn = in;
        sdes = keys;
        rtp.setSrtp(out, in);
        Logger.debug("sip: RTP {} is SRTP {} (tag {})", rtp.localPort(), keys.suite(), keys.tag());
    }

    /** The agreed SRTP suite, or null for plain RTP. */
    String srtpSuite() { return sdes == null ? null : sdes.suite().name(); }

    long srtpAuthFailures() { return rtp.srtpAuthFailures(); }

    /** What the SIP side says, for the other leg (one read per tick); a SIP leg recognises it and may relay instead. */
    AudioSource audio() { return audio; }

    private final Audio audio = new Audio();
    private SipMedia relayingFrom; // the other SIP leg whose packets we send on, or null

    /** This leg's received audio, marked as coming from a SIP leg so the other SIP leg can relay its packets. */
    private final class Audio implements AudioSource {
        @Override public boolean read(short[] frame) {
            if (fax.active()) return fax.read(frame);
            boolean got = rtp.read(frame);
            if (got && watching) fax.listen(frame, false);
            return got;
        }
        /** Set while the other side is a line (not another SIP leg): only then is a fax ours to handle. */
        boolean watching;
        SipMedia owner() { return SipMedia.this; }
    }

    /** How long one tick's relay decision holds (a few ticks, so a late tick does not drop back to transcoding). */
    static final long RELAY_LEASE_MS = 100;

    /**
     * Relay is worth it and safe when both SIP sides send and receive the same wideband codec:
     * their packets can go across untouched (no decode, no re-encode, no 8 kHz bottleneck).
     * G.711 stays on the engine path, as before, where every feature (conference, recording,
     * tones) can work on the audio.
     */
    private boolean relayable(SipMedia other) {
        return other != this && !fax.active() && !other.fax.active() && codec != null && codec == other.codec && codec.wideband()
                && direction == MediaDirection.SENDRECV && other.direction == MediaDirection.SENDRECV && !rtp.isClosed();
    }

    /** Sends one tick of the other leg's audio, or relays the other SIP leg's packets when we share its codec. */
    void send(AudioSource peer, short[] frame) {
        if (fax.active()) {
            stopRelay();
            if (peer == null || !peer.read(frame)) java.util.Arrays.fill(frame, (short) 0);
            fax.tick(frame);
            return;
        }
        if (peer instanceof Audio a && relayable(a.owner())) {
            a.owner().rtp.relayTo(rtp, RELAY_LEASE_MS);
            if (relayingFrom != a.owner()) {
                stopRelay();
                relayingFrom = a.owner();
                Logger.info("sip: RTP {} relays {} from RTP {} untouched (no transcoding)", rtp.localPort(), codec.encodingName(),
                        a.owner().rtp.localPort());
            }
            java.util.Arrays.fill(frame, (short) 0);
            rtp.write(frame); // encodes (silence) only until the first relayed packet arrives
            return;
        }
        stopRelay();
        audio.watching = peer != null && !(peer instanceof Audio);
        if (peer != null && peer.read(frame)) {
            if (audio.watching) fax.listen(frame, true);
            rtp.write(frame);
        } else {
            java.util.Arrays.fill(frame, (short) 0);
            rtp.write(frame);
        }
    }

    /** Ends a relay into our session at once (not waiting for its lease), so the other leg's audio is decoded again from the next packet. */
    private void stopRelay() {
        if (relayingFrom == null) return;
        relayingFrom.rtp.endRelayTo(rtp);
        relayingFrom = null;
        Logger.info("sip: RTP {} stops relaying (re-bridged, held or hung up)", rtp.localPort());
    }

    /** Where our RTP is received: {@code localIp:port} as put in our SDP. */
    java.net.InetSocketAddress local() { return new java.net.InetSocketAddress(localIp, rtp.localPort()); }

    /** Where we send RTP (from the far end's SDP), or null before it is known. */
    java.net.InetSocketAddress remote() { return rtp.remote(); }

    /**
     * Sends a digit from the other leg as an RFC 4733 event. Without a negotiated
     * telephone-event (an Opus peer offering events only at 8000, a phone offering none) the
     * digit is not sent separately: the other leg's audio, tones included, already goes out
     * in-band through the codec.
     */
    void sendDtmf(char digit) {
        if (!rtp.hasTelephoneEvent()) {
            Logger.debug("sip: RTP {} has no telephone-event: digit {} goes in-band", rtp.localPort(), digit);
            return;
        }
        rtp.sendDtmf(digit, 100);
    }
    void onDtmf(Consumer<Character> c) { rtp.onDtmf(c); }
    String codecName() { return codec == null ? null : codec.encodingName(); }
    /** For the CDR: how a fax crossed this leg ({@link SipFax#use}). */
    String faxUse() { return fax.use(); }
    /** The agreed codec, null before offer/answer. */
    Codec codec() { return codec; }
    RtpSession rtp() { return rtp; }
    MediaDirection direction() { return direction; }
    RtpStats stats() { return rtp.stats(); }

    @Override
    public void close() {
        long failed = rtp.srtpAuthFailures(), replayed = rtp.srtpReplays();
        if (failed > 0 || replayed > 0)
            Logger.info("sip: RTP {} dropped {} SRTP packets failing authentication and {} replays", rtp.localPort(), failed, replayed);
        if (rtp.redPayloadType() >= 0)
            Logger.info("sip: RTP {} RED: {} lost frames recovered from redundancy, {} malformed RED packets dropped", rtp.localPort(),
                    rtp.redRecovered(), rtp.redMalformed());
        stopRelay();
        fax.close();
        rtp.close();
        answerKeys.values().forEach(Srtp::wipe);
    }
}
