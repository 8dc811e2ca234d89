package dev.lifeline.call;

import dev.lifeline.config.UpstreamConfig;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code hq} route destination: makes an {@link HqLeg} for a caller that has an identity at
 * HQ, towards the HQ server in use now. Whether HQ may be used at all (the mode) is the
 * {@link Router}'s question, not this one's.
 */
public final class HqDestination implements HqDialler {
    private final SipContext ctx;
    private final String domain;
    private final Supplier<Optional<UpstreamConfig.Server>> server;
    private final Function<Leg, Optional<HqIdentity>> identities;
    private final Consumer<UpstreamConfig.Server> timeouts;
    private final long inviteTimeoutMs;

    /**
     * @param server     the HQ server to send calls to now (the preferred one that answers), empty when none
     * @param identities the caller's identity at HQ; empty for callers that have none (PSTN, HQ itself)
     * @param timeouts   told of an HQ server that did not answer an INVITE (the health view suspends it)
     * @param inviteTimeoutMs an INVITE with no response at all in this time is given up (config {@code upstream.invite-timeout})
     */
    public HqDestination(SipContext ctx, String domain, Supplier<Optional<UpstreamConfig.Server>> server,
                         Function<Leg, Optional<HqIdentity>> identities, Consumer<UpstreamConfig.Server> timeouts,
                         long inviteTimeoutMs) {
        this.ctx = ctx;
        this.domain = domain;
        this.server = server;
        this.identities = identities;
        this.timeouts = timeouts;
        this.inviteTimeoutMs = inviteTimeoutMs;
    }

    /** A leg that calls {@code number} at HQ as {@code caller}, or empty when this caller cannot go via HQ. */
    @Override
    public Optional<Leg> legFor(Leg caller, String number) {
        if (caller.viaHq() || caller.isPstn()) return Optional.empty();
        Optional<HqIdentity> id = identities.apply(caller);
        Optional<UpstreamConfig.Server> s = server.get();
        if (id.isEmpty() || s.isEmpty() || domain == null) return Optional.empty();
        return Optional.of(new HqLeg(ctx, s.get(), domain, id.get(), number, timeouts, inviteTimeoutMs));
    }
}
