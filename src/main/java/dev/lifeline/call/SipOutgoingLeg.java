package dev.lifeline.call;

import dev.lifeline.media.AudioSource;
import dev.lifeline.sip.session.CallSession;
import dev.lifeline.sip.session.SessionListener;
import dev.lifeline.sip.session.SipParty;
import dev.lifeline.store.RtpStats;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * A call to a SIP user: INVITEs go to every registered contact at once (parallel fork); the
 * first to answer wins and the others are cancelled. With no contact the call fails at once
 * with 480 (not registered).
 *
 * <p>A call HQ addressed to one contact ({@link #addressedAs}: HQ forks to each binding of the
 * user itself, reaching us along the Path with the contact as Request-URI) rings only that
 * contact; otherwise each phone would ring once per HQ fork. When the addressed URI is none of
 * the user's contacts (HQ addressed the AOR) every contact rings.
 */
public final class SipOutgoingLeg implements Leg, DialogLeg {
    private final SipContext ctx;
    private final String extension;
    private final String name;
    private final List<CallSession> forks = new ArrayList<>();
    private final short[] frame = new short[160];
    private SipMedia media;
    private CallSession winner;
    private AudioSource peer;
    private Integer status;
    private int bestFailure;
    private boolean over;
    private String addressed;

    public SipOutgoingLeg(SipContext ctx, String extension, String name) {
        this.ctx = ctx;
        this.extension = extension;
        this.name = name;
    }

    private String preferredCodec;

    @Override public void preferCodec(String codecName) { this.preferredCodec = codecName; }

    /** The Request-URI the caller (HQ) addressed; see the class comment. Before {@link #alert}. */
    void addressedAs(String requestUri) { this.addressed = requestUri; }

    @Override public String id() { return "sip:" + extension + (winner == null ? "" : "@" + host(winner.remote().uri())); }
    @Override public String number() { return extension; }
    @Override public String displayName() { return name; }
    @Override public boolean available() { return true; }

    @Override
    public void alert(Party caller, long now) {
        List<String> contacts = ctx.contacts().contacts(extension);
        if (addressed != null) {
            List<String> one = contacts.stream().filter(c -> ContactUris.same(c, addressed)).toList();
            if (!one.isEmpty()) contacts = one;
        }
        if (contacts.isEmpty()) {
            status = 480;
            Logger.info("sip: {} is not registered", extension);
            ctx.engine().execute(() -> ctx.calls().rejected(this, SipCauses.causeFor(480)));
            return;
        }
        try {
            media = new SipMedia(ctx.rtpPorts().open(), ctx.localIp(), ctx.srtp().forUser(extension), ctx.codecs());
            media.fax(ctx.fax());
        } catch (Exception e) {
            status = 503;
            ctx.engine().execute(() -> ctx.calls().rejected(this, 34));
            return;
        }
        media.onDtmf(d -> ctx.engine().execute(() -> ctx.calls().digit(this, d)));
        if (preferredCodec != null) dev.lifeline.media.rtp.Codec.forEncodingName(preferredCodec).ifPresent(media::prefer);
        String offer = media.offer();
        SipParty from = new SipParty(caller.number(), caller.name(), null);
        for (String contact : contacts) {
            try {
                forks.add(ctx.sessions().invite(contact, from, extension, offer, new Fork()));
            } catch (Exception e) {
                Logger.warn("sip: INVITE to {} failed: {}", contact, e.toString());
            }
        }
        if (forks.isEmpty()) {
            status = 503;
            ctx.engine().execute(() -> ctx.calls().rejected(this, 41));
        }
    }

    @Override public void ringback(long now) { }

    @Override
    public void connect(AudioSource peerAudio, long now) { this.peer = peerAudio; }

    @Override public AudioSource audio() { return media == null ? AudioSource.SILENCE : media.audio(); }

    @Override
    public void release(int cause, long now) {
        over = true;
        if (winner != null) {
            winner.hangup(487);
        } else {
            if (status == null) status = 487;
            forks.forEach(CallSession::cancel);
        }
    }

    @Override
    public void mediaTick(long now) {
        if (peer != null && media != null && winner != null) media.send(peer, frame);
    }

    @Override public void sendDtmf(char digit, long now) { if (media != null) media.sendDtmf(digit); }
    @Override public String codec() { return media == null ? null : media.codecName(); }
    @Override public RtpStats rtpStats() { return media == null ? null : media.stats(); }
    @Override public String fax() { return media == null ? null : media.faxUse(); }
    @Override public Integer sipStatus() { return status; }
    @Override public void dispose() { if (media != null) media.close(); }

    private static String host(String uri) {
        int at = uri.indexOf('@');
        String h = at < 0 ? uri : uri.substring(at + 1);
        int semi = h.indexOf(';');
        return semi < 0 ? h : h.substring(0, semi);
    }

    /** Events of one forked INVITE; handed to the engine thread. */
    @Override
    public boolean refer(String target, String referredBy, java.util.function.Consumer<Boolean> accepted) {
        CallSession s = winner;
        if (s == null || s.state() != CallSession.State.CONFIRMED) return false;
        s.refer(target, referredBy, st -> ctx.engine().execute(() -> accepted.accept(st >= 200 && st < 300)));
        return true;
    }

    @Override
    public CallSession dialog() {
        CallSession s = winner;
        return s != null && s.state() == CallSession.State.CONFIRMED ? s : null;
    }

    @Override
    public boolean referReplacing(Leg third, String referredBy, java.util.function.Consumer<Boolean> accepted) {
        return DialogLeg.referReplacing(ctx, dialog(), third, referredBy, accepted);
    }

    private final class Fork implements SessionListener, LegOfSession {
        @Override public Leg leg() { return SipOutgoingLeg.this; }

        /** REFER from the phone we called: the engine transfers the other party. */
        @Override
        public void onRefer(CallSession s, String target, CallSession replaces) {
            ctx.engine().execute(() -> {
                if (s == winner) ctx.calls().referred(SipOutgoingLeg.this, target, LegOfSession.of(replaces));
            });
        }

        @Override public boolean takesRefer() { return true; }

        @Override
        public void onAnswered(CallSession s, String sdp) {
            ctx.engine().execute(() -> answered(s, sdp));
        }

        @Override
        public void onFailed(CallSession s, int st) {
            ctx.engine().execute(() -> failed(s, st));
        }

        @Override
        public void onEnded(CallSession s, boolean cancelled) {
            ctx.engine().execute(() -> {
                if (s == winner) ctx.calls().hungUp(SipOutgoingLeg.this);
            });
        }

        @Override
        public String onReoffer(CallSession s, String sdp) {
            return media.answerOnEngine(ctx.engine(), sdp);
        }
    }

    private void answered(CallSession s, String sdp) {
        if (winner != null || over) {
            s.hangup(487); // a second fork answered, or we gave up meanwhile
            return;
        }
        if (!media.accept(sdp)) {
            Logger.warn("sip: {} answered with unusable SDP", extension);
            s.hangup(488);
            failed(s, 488);
            return;
        }
        winner = s;
        media.onFax(why -> FaxReinvite.offer(ctx, s, media));
        status = 200;
        for (CallSession other : forks) if (other != s) other.cancel();
        ctx.calls().answered(this);
    }

    private void failed(CallSession s, int st) {
        forks.remove(s);
        if (winner != null || over) return;
        if (bestFailure == 0 || rank(st) < rank(bestFailure)) bestFailure = st;
        if (forks.stream().allMatch(f -> f.state() == CallSession.State.TERMINATED)) {
            status = bestFailure;
            ctx.calls().rejected(this, SipCauses.causeFor(bestFailure));
        }
    }

    /** RFC 3261 §16.7-ish choice of the response to report: 6xx, then busy, then the lowest class. */
    private static int rank(int st) {
        if (st >= 600) return 0;
        if (st == 486) return 1;
        return st;
    }
}
