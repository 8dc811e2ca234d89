package dev.lifeline.call;

import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.media.AudioSource;
import dev.lifeline.sip.session.CallSession;
import dev.lifeline.sip.session.OutgoingInvite;
import dev.lifeline.sip.session.SessionListener;
import dev.lifeline.sip.upstream.DigestClient;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.tinylog.Logger;

/**
 * A call placed through HQ in normal mode: one INVITE for {@code sip:<number>@<domain>} sent to
 * the current HQ server as outbound proxy, presenting the caller's HQ identity and answering
 * HQ's digest challenge with its credentials. Media is anchored here as for any SIP leg.
 *
 * <p>When HQ does not answer at all ({@code upstream.invite-timeout}, 3 s by default, without even
 * a 100 Trying, or a transaction timeout) the server is reported as timed out — the HQ health view
 * suspends it, so the next call goes to the next server, and tells the WAN monitor — and the leg fails with cause 102, which lets the call engine try the route's next
 * destination; so does a 503 or a send failure (41). Any answer from a reachable HQ (486, 404...)
 * is the call's outcome.
 *
 * <p>Every INVITE carries {@link #HAIRPIN_HEADER} with a random token: when HQ routes the call
 * back to this gateway (branch to branch in normal mode) the two calls recognise each other.
 *
 * <p>A fax heard on the call once it is up switches it to T.38 by re-INVITE through HQ, as on any
 * other SIP leg ({@link FaxReinvite}); HQ or the far end refusing it (488) leaves G.711 pass-through.
 */
public final class HqLeg implements Leg, Hairpins.End {
    /** Private header correlating an HQ call with its own return (a hairpin). */
    public static final String HAIRPIN_HEADER = "X-Lifeline-Hairpin";

    private final SipContext ctx;
    private final UpstreamConfig.Server server;
    private final String domain;
    private final HqIdentity identity;
    private final String number;
    private final java.util.function.Consumer<UpstreamConfig.Server> timeouts;
    private final long inviteTimeoutMs;
    private final String token = UUID.randomUUID().toString();
    private final short[] frame = new short[160];
    private SipMedia media;
    private CallSession session;
    private ScheduledFuture<?> noResponse;
    private boolean responded;
    private boolean answered;
    private boolean over;
    private AudioSource peer;
    private Integer status;

    HqLeg(SipContext ctx, UpstreamConfig.Server server, String domain, HqIdentity identity, String number,
          java.util.function.Consumer<UpstreamConfig.Server> timeouts, long inviteTimeoutMs) {
        this.ctx = ctx;
        this.server = server;
        this.domain = domain;
        this.identity = identity;
        this.number = number;
        this.timeouts = timeouts;
        this.inviteTimeoutMs = inviteTimeoutMs;
    }

    @Override public String id() { return "hq:sip:" + number + "@" + domain; }
    @Override public String number() { return number; }
    @Override public String displayName() { return null; }
    @Override public boolean available() { return true; }

    @Override public boolean toHq() { return true; }
    @Override public String hairpinToken() { return token; }
    @Override public InetSocketAddress remoteMedia() { return media == null ? null : media.remote(); }
    @Override public InetSocketAddress localMedia() { return media == null ? null : media.local(); }

    @Override
    public void alert(Party caller, long now) {
        try {
            media = new SipMedia(ctx.rtpPorts().open(), ctx.localIp(), ctx.srtp().site(), ctx.codecs());
            media.fax(ctx.fax());
        } catch (Exception e) {
            status = 503;
            ctx.engine().execute(() -> ctx.calls().rejected(this, Q850.NO_CIRCUIT));
            return;
        }
        media.onDtmf(d -> ctx.engine().execute(() -> ctx.calls().digit(this, d)));
        String transport = server.transport().name().toLowerCase(Locale.ROOT);
        String proxy = "sip:" + server.host() + ":" + server.port() + (transport.equals("udp") ? "" : ";transport=" + transport) + ";lr";
        String target = "sip:" + number + "@" + domain;
        String name = identity.displayName() != null ? identity.displayName() : caller.name();
        OutgoingInvite invite = new OutgoingInvite(target, "sip:" + identity.user() + "@" + domain, name, target, proxy,
                Map.of(HAIRPIN_HEADER, token), new DigestClient(identity.secret()));
        try {
            session = ctx.sessions().invite(invite, number, media.offer(), new Events());
        } catch (Exception e) {
            Logger.warn("hq: INVITE for {} via {}:{} could not be sent: {}", number, server.host(), server.port(), e.toString());
            status = 503;
            ctx.engine().execute(() -> ctx.calls().rejected(this, Q850.TEMPORARY_FAILURE));
            return;
        }
        noResponse = ctx.engine().after(inviteTimeoutMs, this::checkResponded);
    }

    /** Engine thread, {@code inviteTimeoutMs} after the INVITE: HQ said nothing at all. */
    private void checkResponded() {
        if (responded || over || session == null) return;
        Logger.info("hq: no response from {}:{} to the INVITE for {} within {} ms", server.host(), server.port(), number,
                inviteTimeoutMs);
        session.abandon();
        failed(408);
    }

    @Override public void ringback(long now) { }

    @Override public void connect(AudioSource peerAudio, long now) { this.peer = peerAudio; }

    @Override public AudioSource audio() { return media == null ? AudioSource.SILENCE : media.audio(); }

    @Override
    public void release(int cause, long now) {
        over = true;
        if (session == null) return;
        session.hangup(487); // BYE once answered, else CANCEL
        if (status == null) status = 487;
    }

    @Override
    public void mediaTick(long now) {
        if (peer != null && media != null && answered) media.send(peer, frame);
    }

    @Override public void sendDtmf(char digit, long now) { if (media != null) media.sendDtmf(digit); }
    @Override public String codec() { return media == null ? null : media.codecName(); }
    @Override public dev.lifeline.store.RtpStats rtpStats() { return media == null ? null : media.stats(); }
    @Override public String fax() { return media == null ? null : media.faxUse(); }
    @Override public Integer sipStatus() { return status; }

    @Override
    public void dispose() {
        if (noResponse != null) noResponse.cancel(false);
        if (media != null) media.close();
    }

    private void answered(String sdp) {
        if (over) {
            session.hangup(487);
            return;
        }
        if (!media.accept(sdp)) {
            Logger.warn("hq: {} answered with unusable SDP", number);
            session.hangup(488);
            failed(488);
            return;
        }
        answered = true;
        status = 200;
        media.onFax(why -> FaxReinvite.offer(ctx, session, media)); // a fax to HQ goes T.38 as a local one does
        ctx.calls().answered(this);
    }

    private void failed(int st) {
        if (answered || over) return;
        over = true;
        status = st;
        if (st == 408) timeouts.accept(server);
        ctx.calls().rejected(this, SipCauses.causeFor(st));
    }

    /** Session events, handed to the engine thread. */
    private final class Events implements SessionListener {
        @Override public void onProgress(CallSession s, int st) { ctx.engine().execute(() -> responded = true); }
        @Override public void onAnswered(CallSession s, String sdp) {
            ctx.engine().execute(() -> {
                responded = true;
                answered(sdp);
            });
        }
        @Override public void onFailed(CallSession s, int st) {
            ctx.engine().execute(() -> {
                if (st != 408) responded = true;
                failed(st);
            });
        }
        @Override public void onEnded(CallSession s, boolean cancelled) {
            ctx.engine().execute(() -> ctx.calls().hungUp(HqLeg.this));
        }
        @Override public String onReoffer(CallSession s, String sdp) { return media.answerOnEngine(ctx.engine(), sdp); }
    }
}
