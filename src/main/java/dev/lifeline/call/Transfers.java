package dev.lifeline.call;

import org.tinylog.Logger;

/**
 * Transfers (docs/line-services.md, "Transfer"): a SIP party's REFER (RFC 3515), a line user's
 * hook-flash transfer, and a new leg taking another's place (INVITE with Replaces, RFC 3891). They
 * move legs between the engine's calls; a call only ends through the engine, so each keeps its own
 * CDR. Split from {@link CallEngine}, which keeps routing, ringing and clearing. Engine thread only.
 */
final class Transfers {
    private final CallEngine engine;
    private final AttendedRefers attendedRefers = new AttendedRefers(this);

    Transfers(CallEngine engine) { this.engine = engine; }

    /**
     * A SIP party transfers the other party of its call with REFER (RFC 3515; SessionManager has
     * answered 202). Blind: the REFERer leaves (BYE) and the other party calls {@code target} as
     * if it had dialled it (an analog line hears ringback). Attended ({@code replaced}: the leg of
     * the REFERer's other call that the Refer-To's Replaces names): the other party takes that
     * leg's place there ({@link #transfer}) and the REFERer leaves both calls. False: the calls
     * are gone or do not fit.
     */
    boolean referred(Leg from, String target, Leg replaced) {
        Call call = answeredCall(from);
        if (call == null) return false;
        long now = engine.now();
        Leg party = call.other(from);
        if (replaced != null) {
            Call other = engine.callOf(replaced);
            if (other == null || other == call) return false;
            Logger.info("call {}: {} transfers {} (REFER with Replaces)", CallEngine.shortId(call), from.id(), party.id());
            from.release(Q850.NORMAL_CLEARING, now);
            if (!bridge(from, replaced)) return false;
            replaced.release(Q850.NORMAL_CLEARING, now);
            replaced.dispose();
            return true;
        }
        Logger.info("call {}: {} transfers {} to {} (REFER)", CallEngine.shortId(call), from.id(), party.id(), target);
        call.transferred = party;
        call.cause = Q850.NORMAL_CLEARING;
        from.release(Q850.NORMAL_CLEARING, now);
        engine.finish(call, now);
        engine.originate(party, target);
        return true;
    }

    /**
     * The user of a line transfers: {@code held}'s call (answered, the far party held) ends for
     * the line with NORMAL_CLEARING (16) and its far party takes {@code toward}'s place in the
     * line's other call — talking at once when that call is answered (attended transfer), hearing
     * ringback until it is (blind). The line's two legs are left out of both calls; the caller
     * has freed them. Each call keeps its own CDR. A blind transfer of a SIP transferee is handed
     * to its phone with REFER (RFC 3515): once it accepts, both calls end for the line (the phone
     * calls the target itself); if it refuses, the gateway bridges as above. False (nothing
     * changed) when the calls do not fit.
     */
    boolean transfer(Leg held, Leg toward) {
        Call from = engine.callOf(held), to = engine.callOf(toward);
        if (!fit(from, to)) return false;
        Leg transferee = from.other(held);
        // blind, and the transferee is a SIP phone: it calls the target itself (REFER); the gateway bridges otherwise
        if (to.phase == Call.Phase.ALERTING && to.caller == toward
                && transferee.refer(to.dialled, held.number(), ok -> referAnswered(ok, held, toward, from, to))) {
            Logger.info("call {}: {} asked by REFER to call {} itself", CallEngine.shortId(from), transferee.id(), to.dialled);
            return true;
        }
        Leg third = to.phase == Call.Phase.CONNECTED ? to.other(toward) : null;
        String referredBy = held.number();
        if (!bridge(held, toward)) return false;
        if (third != null) attendedRefers.handOut(transferee, third, referredBy); // both SIP: REFER with Replaces too
        return true;
    }

    /**
     * A new SIP leg whose INVITE carried Replaces (RFC 3891) naming {@code named}'s dialog takes a
     * leg's place in {@code named}'s call ({@link AttendedRefers#replacing} says which). False (481)
     * when {@code named} is in no answered call.
     */
    boolean replacing(Leg named, Leg newcomer) { return attendedRefers.replacing(named, newcomer); }

    /** The party opposite {@code leg} in its answered call, or null when it is in none. */
    Leg answeredPartner(Leg leg) {
        Call call = answeredCall(leg);
        return call == null ? null : call.other(leg);
    }

    /** {@code leg}'s call when it is answered, else null. */
    private Call answeredCall(Leg leg) {
        Call call = engine.callOf(leg);
        return call == null || call.phase != Call.Phase.CONNECTED ? null : call;
    }

    /**
     * Whether a line's two calls fit a transfer: two calls, the held one answered, the other
     * answered (attended) or still ringing (blind).
     */
    private static boolean fit(Call from, Call to) {
        return from != null && to != null && from != to && from.phase == Call.Phase.CONNECTED
                && (to.phase == Call.Phase.CONNECTED || to.phase == Call.Phase.ALERTING);
    }

    /**
     * {@code in} takes {@code out}'s place in its answered call: the two remaining parties hear each
     * other, {@code out} is released (16) and disposed, the call keeps its CDR. False when
     * {@code out} is in no answered call.
     */
    boolean swapIn(Leg out, Leg in, String why) {
        Call call = answeredCall(out);
        if (call == null) return false;
        long now = engine.now();
        engine.moveLeg(call, out, in);
        call.connectParties(now);
        Logger.info("call {}: {} takes the place of {} ({})", CallEngine.shortId(call), in.id(), out.id(), why);
        out.release(Q850.NORMAL_CLEARING, now);
        out.dispose();
        return true;
    }

    /** The transferee's answer to our REFER: accepted, both calls end for the line; refused, the gateway bridges. */
    private void referAnswered(boolean accepted, Leg held, Leg toward, Call from, Call to) {
        if (!accepted && from.phase != Call.Phase.ENDED && to.phase != Call.Phase.ENDED && bridge(held, toward)) return;
        Logger.info("call {}: {}", CallEngine.shortId(from), accepted ? "REFER accepted; the line's two calls end"
                : "REFER refused and the calls cannot be bridged; both end");
        long now = engine.now();
        engine.end(to, Q850.NORMAL_CLEARING, toward, now);
        engine.end(from, Q850.NORMAL_CLEARING, held, now);
    }

    /** The transfer carried out by the gateway: the held call's far party takes {@code toward}'s place. */
    private boolean bridge(Leg held, Leg toward) {
        Call from = engine.callOf(held), to = engine.callOf(toward);
        if (!fit(from, to)) return false;
        long now = engine.now();
        Leg party = from.other(held);
        from.transferred = party;
        from.cause = Q850.NORMAL_CLEARING;
        engine.finish(from, now); // the party is not released and not disposed: it goes on in the other call
        engine.moveLeg(to, toward, party);
        Leg other = to.other(party);
        Logger.info("call {}: {} transferred to {} ({}) by {}", CallEngine.shortId(to), party.id(), other == null ? "?" : other.id(),
                to.phase == Call.Phase.CONNECTED ? "attended" : "blind", held.id());
        if (to.phase == Call.Phase.CONNECTED) {
            to.connectParties(now);
        } else {
            party.ringback(now);
        }
        return true;
    }
}
