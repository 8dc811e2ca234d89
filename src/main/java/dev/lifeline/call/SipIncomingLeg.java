package dev.lifeline.call;

import dev.lifeline.media.AudioSource;
import dev.lifeline.sip.session.CallSession;
import dev.lifeline.sip.session.SessionListener;
import dev.lifeline.sip.session.SipParty;
import dev.lifeline.store.RtpStats;
import org.tinylog.Logger;

/**
 * A call placed by a SIP phone to the gateway (UAS side). It becomes the calling leg of a call;
 * ringback is sent as 180, answer as 200 with our SDP, release as BYE or an error status.
 */
public final class SipIncomingLeg implements Leg, SessionListener, Hairpins.End, LegOfSession, DialogLeg {
    private final SipContext ctx;
    private final CallSession session;
    private final SipParty caller;
    private final SipMedia media;
    /** Our SDP answer, negotiated when the INVITE arrived and sent with the 200. */
    private final String answer;
    private final short[] frame = new short[160];
    private AudioSource peer;
    private Integer status;

    private SipIncomingLeg(SipContext ctx, CallSession session, SipParty caller, SipMedia media, String answer) {
        this.ctx = ctx;
        this.session = session;
        this.caller = caller;
        this.media = media;
        this.answer = answer;
    }

    /** Takes a new INVITE: checks the offer, then asks the engine to route {@code called}. Stack thread. */
    public static void accept(SipContext ctx, CallSession session, SipParty caller, String called, String offerSdp) {
        SipIncomingLeg leg = create(ctx, session, caller, offerSdp);
        if (leg != null) ctx.engine().execute(() -> ctx.calls().originate(leg, called == null ? "" : called));
    }

    /**
     * Takes a new INVITE with Replaces (RFC 3891) naming {@code replaced}, a confirmed dialog of ours:
     * the engine puts the caller in its place ({@link CallEngine#replacing}); 481 when that dialog's
     * leg is in no answered call any more. Stack thread.
     */
    public static void acceptReplacing(SipContext ctx, CallSession session, SipParty caller, CallSession replaced, String offerSdp) {
        SipIncomingLeg leg = create(ctx, session, caller, offerSdp);
        if (leg == null) return;
        ctx.engine().execute(() -> {
            if (!ctx.calls().replacing(LegOfSession.of(replaced), leg)) {
                session.reject(481);
                leg.dispose();
            }
        });
    }

    /** The leg for a new INVITE with its offer answered, or null after rejecting it (503 no RTP port, 488). */
    private static SipIncomingLeg create(SipContext ctx, CallSession session, SipParty caller, String offerSdp) {
        SipMedia media;
        try {
            // a SIP user's own policy; HQ and strangers get the site's
            var policy = session.trusted() ? ctx.srtp().site() : ctx.srtp().forUser(caller.user());
            media = new SipMedia(ctx.rtpPorts().open(), ctx.localIp(), policy, ctx.codecs());
            media.fax(ctx.fax());
        } catch (Exception e) {
            Logger.warn("sip: no RTP port for a new call: {}", e.getMessage());
            session.reject(503);
            return null;
        }
        String answer = offerSdp == null ? null : media.answer(offerSdp);
        if (answer == null) {
            media.close();
            session.reject(488); // no offer (late offer unsupported), nothing in common, or refused by the SRTP policy
            return null;
        }
        SipIncomingLeg leg = new SipIncomingLeg(ctx, session, caller, media, answer);
        session.setListener(leg);
        media.onFax(why -> FaxReinvite.offer(ctx, session, media));
        media.onDtmf(d -> ctx.engine().execute(() -> ctx.calls().digit(leg, d)));
        return leg;
    }

    @Override public String id() { return (session.trusted() ? "hq:" : "") + caller.uri(); } // the URI says sip:
    @Override public boolean viaHq() { return session.trusted(); }

    @Override public boolean toHq() { return false; }

    /** The correlation token an HQ call placed by this gateway carried ({@link HqLeg#HAIRPIN_HEADER}), or null. */
    @Override public String hairpinToken() { return session.trusted() ? session.requestHeader(HqLeg.HAIRPIN_HEADER) : null; }

    /** Whom HQ addressed: the Request-URI of its INVITE (a binding's contact, or an AOR); null for other callers. */
    String hqRequestUri() { return session.trusted() ? session.requestUri() : null; }

    @Override public java.net.InetSocketAddress localMedia() { return media.local(); }
    @Override public java.net.InetSocketAddress remoteMedia() { return media.remote(); }
    @Override public String number() { return caller.user() == null ? "anonymous" : caller.user(); }
    @Override public String displayName() { return caller.displayName(); }
    @Override public boolean available() { return false; }
    @Override public void alert(Party c, long now) { throw new IllegalStateException("an incoming SIP leg is never called"); }

    @Override public void ringback(long now) { session.ringing(); }

    @Override
    public void connect(AudioSource peerAudio, long now) {
        this.peer = peerAudio;
        status = 200;
        session.answer(answer);
    }

    @Override public AudioSource audio() { return media.audio(); }

    @Override
    public void release(int cause, long now) {
        if (status == null) status = SipCauses.statusFor(cause);
        session.hangup(SipCauses.statusFor(cause));
    }

    @Override
    public void mediaTick(long now) {
        if (peer != null) media.send(peer, frame);
    }

    @Override public void sendDtmf(char digit, long now) { media.sendDtmf(digit); }
    @Override public String codec() { return media.codecName(); }
    @Override public RtpStats rtpStats() { return media.stats(); }
    @Override public String fax() { return media.faxUse(); }
    @Override public Integer sipStatus() { return status; }
    @Override public void dispose() { media.close(); }

    // ---- from the SIP stack (stack threads) -------------------------------------------------

    @Override
    public void onEnded(CallSession s, boolean cancelled) {
        ctx.engine().execute(() -> {
            if (cancelled) status = 487;
            ctx.calls().hungUp(this);
        });
    }

    @Override
    public String onReoffer(CallSession s, String sdp) {
        return media.answerOnEngine(ctx.engine(), sdp);
    }

    @Override public Leg leg() { return this; }

    /** REFER from the phone: the engine transfers the other party (docs/line-services.md, Transfer). */
    @Override
    public void onRefer(CallSession s, String target, CallSession replaces) {
        ctx.engine().execute(() -> ctx.calls().referred(this, target, LegOfSession.of(replaces)));
    }

    @Override public boolean takesRefer() { return true; }

    @Override public CallSession dialog() { return session.state() == CallSession.State.CONFIRMED ? session : null; }

    @Override
    public boolean referReplacing(Leg third, String referredBy, java.util.function.Consumer<Boolean> accepted) {
        return DialogLeg.referReplacing(ctx, dialog(), third, referredBy, accepted);
    }

    @Override
    public boolean refer(String target, String referredBy, java.util.function.Consumer<Boolean> accepted) {
        if (session.state() != CallSession.State.CONFIRMED) return false;
        session.refer(target, referredBy, st -> ctx.engine().execute(() -> accepted.accept(st >= 200 && st < 300)));
        return true;
    }
}
