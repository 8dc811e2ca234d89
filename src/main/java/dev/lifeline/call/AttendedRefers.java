package dev.lifeline.call;

import java.util.IdentityHashMap;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Attended transfers handed to a SIP transferee with REFER + Replaces, and the INVITEs with
 * Replaces that come back (docs/line-services.md, "Transfer" and "INVITE with Replaces"). Engine
 * thread only.
 *
 * <p>When a line transfers one SIP party to another, the engine bridges them itself at once and
 * then {@link #handOut} asks the transferee's phone to call the third party here with an INVITE
 * replacing the gateway's dialog with it. Kept per transfer: the third party's leg (whose dialog
 * the Replaces names) and the transferee's old leg opposite it, which that INVITE takes over.
 * No timer: until the INVITE comes (or if it never does, or the REFER is refused) the gateway's
 * bridge carries the call, so nothing is lost by waiting; an entry whose legs left their call is
 * dropped.
 */
final class AttendedRefers {
    private final Transfers transfers;
    private final Map<Leg, Leg> transfereeByThird = new IdentityHashMap<>();

    AttendedRefers(Transfers transfers) { this.transfers = transfers; }

    /** Asks {@code transferee}'s phone (REFER with Replaces) to take over {@code third}'s call, when both are SIP dialogs. */
    void handOut(Leg transferee, Leg third, String referredBy) {
        if (!transferee.referReplacing(third, referredBy, ok -> answered(ok, transferee, third))) return;
        transfereeByThird.entrySet().removeIf(e -> transfers.answeredPartner(e.getKey()) != e.getValue());
        transfereeByThird.put(third, transferee);
        Logger.info("transfer: {} asked by REFER to replace the gateway's dialog with {}", transferee.id(), third.id());
    }

    /** The transferee's answer to the REFER: refused, the gateway's bridge simply stays. */
    private void answered(boolean accepted, Leg transferee, Leg third) {
        if (accepted) {
            Logger.info("transfer: {} accepted the REFER with Replaces; waiting for its INVITE (bridged meanwhile)", transferee.id());
        } else {
            transfereeByThird.remove(third, transferee);
            Logger.info("transfer: {} refused the REFER with Replaces; the gateway keeps bridging", transferee.id());
        }
    }

    /**
     * {@code newcomer}'s INVITE named {@code named}'s dialog in a Replaces header. When that is the
     * third party of a transfer handed out here, the newcomer takes the transferee's old leg's
     * place opposite it, and the third party's dialog stays as it is (media is anchored here, so it
     * notices nothing); otherwise it takes {@code named}'s own place, as RFC 3891 has it. The leg
     * left out is released (BYE). False when {@code named} is in no answered call.
     */
    boolean replacing(Leg named, Leg newcomer) {
        if (named == null) return false;
        Leg transferee = transfereeByThird.remove(named);
        if (transferee != null && transfers.answeredPartner(named) == transferee) {
            return transfers.swapIn(transferee, newcomer, "INVITE with Replaces after the attended transfer's REFER");
        }
        return transfers.swapIn(named, newcomer, "INVITE with Replaces");
    }
}
