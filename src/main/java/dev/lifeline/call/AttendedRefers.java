package dev.lifeline.call;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Attended transfers the gateway bridged itself and also handed to the SIP transferee with REFER
 * + Replaces (docs/line-services.md, "Transfer"): for each, the third party's leg (whose dialog the
 * Replaces names) and the transferee's old leg opposite it, which the transferee's INVITE with
 * Replaces is to take over. Engine thread only.
 *
 * <p>No timer: until that INVITE comes (or if it never does, or the REFER is refused) the
 * gateway's bridge carries the call, so nothing is lost by waiting; an entry whose legs left
 * their call is dropped.
 */
final class AttendedRefers {
    private final Map<Leg, Leg> transfereeByThird = new IdentityHashMap<>();

    /** The transferee {@code transferee} was asked to replace its own leg opposite {@code third}. */
    void expect(Leg third, Leg transferee, Predicate<Leg> inCall) {
        transfereeByThird.entrySet().removeIf(e -> !inCall.test(e.getKey()) || !inCall.test(e.getValue()));
        transfereeByThird.put(third, transferee);
    }

    /** The REFER for {@code third} was refused: nothing to wait for. */
    void forget(Leg third) { transfereeByThird.remove(third); }

    /** The transferee leg an INVITE replacing {@code third}'s dialog takes over, or null (none asked for); consumed. */
    Leg take(Leg third) { return third == null ? null : transfereeByThird.remove(third); }

    int pending() { return transfereeByThird.size(); }
}
