package dev.lifeline.sip.session;

import dev.lifeline.sip.SipHost;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * One INVITE dialog, incoming (UAS) or outgoing (UAC), as the call layer sees it: ring, answer,
 * reject, cancel, hang up. All SIP message building for a dialog lives here; state changes are
 * guarded so that a BYE racing a CANCEL or a late 200 cannot act twice.
 */
public final class CallSession {
    /** Where the dialog is. */
    public enum State { CALLING, EARLY, CONFIRMED, TERMINATED }

    private final SessionManager manager;
    private final SipHost host;
    private final boolean incoming;
    private final String callId;
    private final SipParty remote;
    private final AtomicReference<State> state = new AtomicReference<>(State.CALLING);
    private volatile SessionListener listener = new SessionListener() { };
    private volatile Dialog dialog;
    private volatile ServerTransaction inviteServerTx;
    private volatile ClientTransaction inviteClientTx;
    private volatile String localTag;
    private volatile String remoteTag;
    private volatile int finalStatus;
    private volatile boolean trusted;
    private volatile ChallengeResponder credentials;

    CallSession(SessionManager manager, SipHost host, boolean incoming, String callId, SipParty remote) {
        this.manager = manager;
        this.host = host;
        this.incoming = incoming;
        this.callId = callId;
        this.remote = remote;
    }

    public boolean incoming() { return incoming; }
    public String callId() { return callId; }
    public SipParty remote() { return remote; }
    public State state() { return state.get(); }
    /** The final status of the INVITE (200, 486, 487, ...), 0 while none. */
    public int finalStatus() { return finalStatus; }
    public void setListener(SessionListener l) { listener = l; }
    /** Who hears about this session (the call leg). */
    public SessionListener listener() { return listener; }

    /** An incoming call from a trusted peer (HQ), accepted without the gateway's own digest challenge. */
    public boolean trusted() { return trusted; }
    void markTrusted() { trusted = true; }

    /** Our tag in this dialog: the To tag we answer with (incoming) or our From tag (outgoing). */
    String localTag() { return localTag; }

    /** The far end's tag: the caller's From tag (incoming), the To tag of the 2xx we accepted (outgoing); null before. */
    String remoteTag() { return remoteTag; }
    void setRemoteTag(String tag) { remoteTag = tag; }

    /** The outgoing dialog's remote tag: the first 2xx's To tag wins; returns the accepted one. */
    synchronized String acceptRemoteTag(String tag) {
        if (remoteTag == null) remoteTag = tag;
        return remoteTag;
    }

    /**
     * Where the manager files this session: Call-ID plus the tag known from the first message on —
     * the remote (From) tag of an incoming INVITE, our own From tag of an outgoing one (the
     * remote tag of an outgoing dialog is known only at the 2xx, and forks may bring several).
     */
    String key() { return SessionManager.key(callId, incoming ? remoteTag : localTag); }

    ChallengeResponder credentials() { return credentials; }

    /** The Request-URI of the INVITE that opened an incoming session (whom the caller addressed), or null. */
    public String requestUri() {
        ServerTransaction st = inviteServerTx;
        return st == null ? null : st.getRequest().getRequestURI().toString();
    }

    /** The first value of a header of the INVITE that opened an incoming session, or null. */
    public String requestHeader(String name) {
        ServerTransaction st = inviteServerTx;
        if (st == null) return null;
        javax.sip.header.Header h = st.getRequest().getHeader(name);
        if (h == null) return null;
        String text = h.toString();
        int colon = text.indexOf(':');
        return (colon < 0 ? text : text.substring(colon + 1)).strip();
    }

    void bindServer(ServerTransaction st, Dialog d, String tag) {
        inviteServerTx = st;
        dialog = d;
        localTag = tag;
    }

    void bindClient(ClientTransaction ct, Dialog d) {
        inviteClientTx = ct;
        dialog = d;
    }

    void bindClient(ClientTransaction ct, Dialog d, String fromTag, ChallengeResponder creds) {
        bindClient(ct, d);
        localTag = fromTag;
        credentials = creds;
    }

    Dialog dialog() { return dialog; }
    ServerTransaction inviteServerTx() { return inviteServerTx; }
    ClientTransaction inviteClientTx() { return inviteClientTx; }

    boolean moveTo(State from, State to) { return state.compareAndSet(from, to); }

    void setTerminated(int status) {
        if (finalStatus == 0) finalStatus = status;
        state.set(State.TERMINATED);
        manager.forget(this);
    }

    void setFinalStatus(int status) { if (finalStatus == 0) finalStatus = status; }

    // ---- incoming side -------------------------------------------------------------------

    /** Sends 180 Ringing. */
    public void ringing() {
        if (!incoming || !moveTo(State.CALLING, State.EARLY)) return;
        sendProvisional(Response.RINGING);
    }

    /** Sends 200 OK with our SDP; the dialog is confirmed when the ACK arrives. */
    public void answer(String sdp) {
        if (!incoming) return;
        State s = state.get();
        if ((s != State.CALLING && s != State.EARLY) || !state.compareAndSet(s, State.CONFIRMED)) return;
        try {
            Response ok = response(Response.OK);
            ContentTypeHeader ct = host.headers().createContentTypeHeader("application", "sdp");
            ok.setContent(sdp, ct);
            finalStatus = Response.OK;
            inviteServerTx.sendResponse(ok);
            Logger.info("sip {}: answered", shortId());
        } catch (Exception e) {
            Logger.warn("sip {}: cannot answer: {}", shortId(), e.toString());
        }
    }

    /** Refuses an incoming call with a final status (486, 404, 480, 487, ...). */
    public void reject(int status) {
        if (!incoming) return;
        State s = state.get();
        if ((s != State.CALLING && s != State.EARLY) || !state.compareAndSet(s, State.TERMINATED)) return;
        finalStatus = status;
        try {
            inviteServerTx.sendResponse(response(status));
            Logger.info("sip {}: rejected with {}", shortId(), status);
        } catch (Exception e) {
            Logger.warn("sip {}: cannot reject: {}", shortId(), e.toString());
        }
        manager.forget(this);
    }

    private void sendProvisional(int status) {
        try {
            inviteServerTx.sendResponse(response(status));
        } catch (Exception e) {
            Logger.warn("sip {}: cannot send {}: {}", shortId(), status, e.toString());
        }
    }

    private Response response(int status) throws java.text.ParseException {
        Request req = inviteServerTx.getRequest();
        Response r = host.messages().createResponse(status, req);
        if (status > 100) {
            ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
            if (to.getTag() == null) to.setTag(localTag);
            r.addHeader(manager.contactFor(req));
        }
        return r;
    }

    // ---- either side ---------------------------------------------------------------------

    /**
     * Ends the call from our side: BYE when confirmed; before that CANCEL (outgoing) or a
     * final error response (incoming, {@code statusIfEarly}).
     */
    public void hangup(int statusIfEarly) {
        State s = state.get();
        switch (s) {
            case CONFIRMED -> {
                if (state.compareAndSet(s, State.TERMINATED)) {
                    manager.sendBye(this);
                    manager.forget(this);
                }
            }
            case CALLING, EARLY -> {
                if (incoming) reject(statusIfEarly);
                else cancel();
            }
            default -> { }
        }
    }

    /**
     * Asks the far end to call {@code user} at this gateway itself (REFER, RFC 3515): a transfer.
     * {@code result} hears the final status on a SIP stack thread (202 accepted; 0 not sent).
     */
    public void refer(String user, String referredBy, java.util.function.IntConsumer result) {
        refer(user, referredBy, null, result);
    }

    /**
     * As {@link #refer(String, String, java.util.function.IntConsumer)} for an attended transfer: the
     * Refer-To carries {@code ?Replaces=} naming {@code replaces} (a confirmed dialog of ours, RFC
     * 3891), so the far end's INVITE comes back here and takes that dialog's partner's place.
     */
    public void refer(String user, String referredBy, CallSession replaces, java.util.function.IntConsumer result) {
        if (state.get() != State.CONFIRMED || replaces != null && replaces.state() != State.CONFIRMED) {
            result.accept(0);
            return;
        }
        manager.sendRefer(this, user, referredBy, replaces, result);
    }

    /**
     * Sends a re-INVITE with a new offer in this confirmed dialog (a switch to T.38);
     * {@code result} hears the final status and the answer's SDP on a SIP stack thread (0: not
     * sent, because the dialog is not confirmed or a re-INVITE of ours is already in flight;
     * 491: it crossed the far end's).
     */
    public void reinvite(String sdp, ReinviteResult result) {
        manager.sendReinvite(this, sdp, result::done);
    }

    /** What a {@link #reinvite} got. */
    @FunctionalInterface
    public interface ReinviteResult {
        void done(int status, String sdp);
    }

    /** Cancels an outgoing INVITE that has no final answer yet. */
    public void cancel() {
        if (incoming) return;
        State s = state.get();
        if ((s != State.CALLING && s != State.EARLY) || !state.compareAndSet(s, State.TERMINATED)) return;
        manager.sendCancel(this);
        manager.forget(this);
    }

    /**
     * Gives up an outgoing INVITE that got no response at all (the server looks unreachable): no
     * CANCEL, which RFC 3261 §9.1 forbids before a provisional response. The transaction runs out
     * on its own (timer B); should the far end answer after all, it gets a BYE.
     */
    public void abandon() {
        if (incoming || !state.compareAndSet(State.CALLING, State.TERMINATED)) return;
        if (finalStatus == 0) finalStatus = Response.REQUEST_TIMEOUT;
        Logger.info("sip {}: abandoned (no response)", shortId());
    }

    String shortId() { return callId.length() > 8 ? callId.substring(0, 8) : callId; }

    @Override public String toString() { return (incoming ? "in " : "out ") + shortId() + " " + state.get(); }
}
