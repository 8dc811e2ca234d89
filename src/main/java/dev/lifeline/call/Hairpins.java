package dev.lifeline.call;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Recognises a hairpin: a branch-to-branch call that, in normal mode, left through HQ and came
 * back (fxs1 → HQ → gateway → fxs2). That is two calls on this gateway — one with an
 * {@link HqLeg} callee, one with an HQ-incoming caller — whose HQ legs send RTP to each other's
 * local ports, so their media never depends on HQ. Linked, each ends the other locally: when
 * the WAN is cut, a hang-up on one side still clears the other at once instead of waiting for
 * signalling through a dead HQ.
 *
 * <p>Two calls are a pair when the incoming INVITE carries the {@link HqLeg#HAIRPIN_HEADER} token
 * of our HqLeg (HQ passed the header on), or when the HqLeg's answered media address is the local
 * RTP address of the incoming leg (HQ stripped headers but did not anchor media).
 */
final class Hairpins {
    private Hairpins() {}

    /** The HQ side of a call on this gateway: an {@link HqLeg} (out) or an HQ-incoming {@link SipIncomingLeg} (in). */
    interface End {
        /** Our call to HQ (true) or HQ's call to us (false). */
        boolean toHq();

        /** The correlation token: ours (out), or the one the INVITE carried (in, null if none). */
        String hairpinToken();

        /** Where this leg receives RTP. */
        InetSocketAddress localMedia();

        /** Where this leg sends RTP (known once answered), or null. */
        InetSocketAddress remoteMedia();
    }

    /** The call that forms a hairpin with {@code call}, among {@code calls}, if any. */
    static Optional<Call> partner(Call call, Collection<Call> calls) {
        for (Call other : calls) {
            if (other == call || other.phase == Call.Phase.ENDED) continue;
            if (pair(call, other) || pair(other, call)) return Optional.of(other);
        }
        return Optional.empty();
    }

    /** Whether {@code out}'s HQ callee came back as {@code in}'s HQ caller. */
    private static boolean pair(Call out, Call in) {
        if (!(out.callee instanceof End hq) || !hq.toHq() || !(in.caller instanceof End back) || back.toHq()
                || !in.caller.viaHq()) {
            return false;
        }
        String token = back.hairpinToken();
        if (token != null) return token.equals(hq.hairpinToken());
        InetSocketAddress remote = hq.remoteMedia();
        return remote != null && sameAddress(remote, back.localMedia());
    }

    private static boolean sameAddress(InetSocketAddress a, InetSocketAddress b) {
        if (b == null || a.getPort() != b.getPort()) return false;
        return Objects.equals(a.getHostString(), b.getHostString())
                || (a.getAddress() != null && a.getAddress().equals(b.getAddress()));
    }
}
