package dev.lifeline.call;

import dev.lifeline.sip.session.CallSession;
import java.util.function.Consumer;

/**
 * A leg that is one SIP dialog of the gateway (a phone's INVITE, or the fork of ours it answered):
 * what an attended transfer by REFER with Replaces needs of both parties — the transferee's dialog
 * to send the REFER in, the third party's to name in the Replaces.
 */
interface DialogLeg {
    /** The dialog once answered (confirmed), else null. */
    CallSession dialog();

    /**
     * REFER in {@code via} asking its far end to call {@code third}'s user here, replacing
     * {@code third}'s dialog; the 2xx-or-not answer goes to {@code accepted} on the engine thread.
     * False when either dialog is not confirmed (nothing sent).
     */
    static boolean referReplacing(SipContext ctx, CallSession via, Leg third, String referredBy, Consumer<Boolean> accepted) {
        CallSession other = third instanceof DialogLeg d ? d.dialog() : null;
        if (via == null || other == null || via.state() != CallSession.State.CONFIRMED
                || other.state() != CallSession.State.CONFIRMED) {
            return false;
        }
        via.refer(third.number(), referredBy, other, st -> ctx.engine().execute(() -> accepted.accept(st >= 200 && st < 300)));
        return true;
    }
}
