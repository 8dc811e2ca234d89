package dev.lifeline.call;

import dev.lifeline.config.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Where a dialled number goes, as an ordered list of destinations the call engine tries in turn
 * (DESIGN §5, §6). Rules, first that applies:
 * <ol>
 *   <li>a call that came from HQ rings a local endpoint only: the Request-URI user as a line's
 *       upstream user, a SIP user's extension or a locally registered contact, else cause 1 (404);
 *       when the Request-URI is one of the SIP user's registered contacts (HQ forks per contact,
 *       along the Path), only that contact rings, not every binding of the user;</li>
 *   <li>a call in from the PSTN (FXO, PRI) rings a local extension only, else cause 1;</li>
 *   <li>emergency numbers go out on a PRI span that is up, else the FXO trunk ({@link PstnRoute}), as
 *       dialled, in every mode;</li>
 *   <li>the first dial-plan route matching the normalized number: its {@code via} list in order —
 *       {@code hq} only while HQ is in use (NORMAL mode) and the caller has an HQ identity,
 *       {@code local} = the directory (FXS lines and SIP users), {@code fxo} / {@code fxo:<port>} a
 *       trunk port, {@code span:<id>} a PRI span (skipped while down, cause 34 when all its channels are busy);</li>
 *   <li>no route: the directory, then the PSTN (outside prefix), else cause 1.</li>
 * </ol>
 * A destination that is not available is skipped; one that fails with a "try elsewhere" cause
 * ({@link #tryElsewhere}) hands over to the next; busy or "no such number" from a reachable
 * destination end the call. Destinations are built lazily, when tried: an FXO port is seized and
 * an INVITE sent only for the destination actually in turn.
 *
 * <p>Configured once while the gateway is wired; used on the engine thread.
 */
public final class Router {
    /** One destination in turn: a leg to alert and the number it is called at, or why there is none. */
    record Attempt(Leg leg, String number, int cause, String via) {
        static Attempt none(int cause, String via) { return new Attempt(null, null, cause, via); }
    }

    /** The destinations of one call, tried in order. */
    static final class Plan {
        private final List<Supplier<Attempt>> steps;
        private int next;

        Plan(List<Supplier<Attempt>> steps) { this.steps = steps; }

        boolean hasNext() { return next < steps.size(); }

        Attempt next() { return hasNext() ? steps.get(next++).get() : null; }
    }

    private volatile Directory directory;
    private volatile PstnRoute pstn;
    private volatile List<Route> routes = List.of();
    private volatile BooleanSupplier hqInUse = () -> false;
    private volatile HqDialler hq;
    private volatile Function<String, Optional<String>> fromHq = Optional::of;
    private volatile java.util.Map<String, SpanDialler> spans = java.util.Map.of();

    public Router(Directory directory) { this.directory = directory; }

    public void setPstn(PstnRoute pstn) { this.pstn = pstn; }

    /** The PRI spans used as trunks, in the order emergency calls try them (before FXO). */
    public void setSpans(java.util.Map<String, SpanDialler> spans) { this.spans = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(spans)); }

    /** A pushed config renumbered lines or users: new calls look up this directory. */
    public void setDirectory(Directory directory) { this.directory = directory; }

    /** The dial plan's routes (without them: directory, then PSTN, as before routing existed). */
    public void setRoutes(List<Route> routes) { this.routes = List.copyOf(routes); }

    /**
     * The {@code hq} destination and whether HQ is in use now ({@code inUse}: true only in NORMAL
     * mode — in SURVIVAL and RECOVERING {@code hq} is skipped).
     */
    public void setHq(BooleanSupplier inUse, HqDialler destination) {
        this.hqInUse = inUse;
        this.hq = destination;
    }

    /** Which local extension a call from HQ to {@code user} (the Request-URI user) is for; default: the user itself. */
    public void setCallsFromHq(Function<String, Optional<String>> extensionFor) { this.fromHq = extensionFor; }

    /**
     * Whether a failure means "this destination could not take the call, try the next one":
     * no route or circuit, temporary failure (503), HQ unreachable or timed out (408/102), not
     * registered (480), network out of order. Busy (17) and unallocated (1) from a reachable
     * destination are answers, not failures to route around.
     */
    public static boolean tryElsewhere(int cause) {
        return switch (cause) {
            case Q850.NO_ROUTE, Q850.NO_CIRCUIT, Q850.TEMPORARY_FAILURE, Q850.NO_USER_RESPONDING, 27, 38, 47, 102 -> true;
            default -> false;
        };
    }

    /** Whether a number is an emergency number (never barred, always routed). */
    boolean isEmergency(String dialled, String normalized) {
        PstnRoute p = pstn;
        return p != null && p.isEmergency(dialled, normalized);
    }

    /** The destinations for {@code caller} dialling {@code dialled} (normalized: {@code normalized}). */
    Plan plan(Leg caller, String dialled, String normalized) {
        List<Supplier<Attempt>> steps = new ArrayList<>();
        PstnRoute p = pstn;
        if (caller.viaHq()) {
            String addressed = caller instanceof SipIncomingLeg in ? in.hqRequestUri() : null;
            steps.add(() -> fromHq.apply(dialled).flatMap(directory::lookup)
                    .map(l -> new Attempt(addressedTo(l, addressed), l.number(), 0, "local"))
                    .orElseGet(() -> Attempt.none(Q850.UNALLOCATED_NUMBER, "local")));
            return new Plan(steps);
        }
        if (caller.isPstn()) { // a call in from the PSTN rings a local endpoint, never back out (toll fraud, loops)
            steps.add(() -> directory.lookup(dialled).map(l -> new Attempt(l, l.number(), 0, "local"))
                    .orElseGet(() -> Attempt.none(Q850.UNALLOCATED_NUMBER, "local")));
            return new Plan(steps);
        }
        if (p != null && p.isEmergency(dialled, normalized)) {
            for (String span : spans.keySet()) steps.add(() -> span("span:" + span, dialled));
            steps.add(() -> pstn(p.route(dialled, normalized), "fxo"));
            return new Plan(steps);
        }
        Optional<Route> route = routes.stream().filter(r -> r.matches(normalized)).findFirst();
        if (route.isEmpty()) {
            steps.add(() -> directory.lookup(normalized).map(l -> new Attempt(l, normalized, 0, "local"))
                    .orElseGet(() -> p == null ? Attempt.none(Q850.UNALLOCATED_NUMBER, "local")
                            : pstn(p.route(dialled, normalized), "fxo")));
            return new Plan(steps);
        }
        for (String via : route.get().via()) steps.add(() -> destination(via, caller, dialled, normalized));
        return new Plan(steps);
    }

    private Attempt destination(String via, Leg caller, String dialled, String normalized) {
        if (via.equals("hq")) {
            HqDialler h = hq;
            if (h == null || !hqInUse.getAsBoolean()) {
                Logger.debug("route: hq skipped for {} (HQ not in use)", normalized);
                return Attempt.none(Q850.NO_ROUTE, via);
            }
            return h.legFor(caller, normalized).map(l -> new Attempt(l, normalized, 0, via))
                    .orElseGet(() -> Attempt.none(Q850.NO_ROUTE, via));
        }
        if (via.equals("local")) {
            return directory.lookup(normalized).map(l -> new Attempt(l, normalized, 0, via))
                    .orElseGet(() -> Attempt.none(Q850.UNALLOCATED_NUMBER, via));
        }
        if (via.equals("fxo") || via.startsWith("fxo:")) {
            PstnRoute p = pstn;
            if (p == null) return Attempt.none(Q850.NO_ROUTE, via);
            PstnRoute.Result r = p.trunk(via, p.digits(dialled, normalized));
            return new Attempt(r.leg(), r.number(), r.cause(), via);
        }
        if (via.startsWith("span:")) {
            PstnRoute p = pstn;
            return span(via, p == null ? normalized : p.digits(dialled, normalized));
        }
        return Attempt.none(Q850.NO_ROUTE, via);
    }

    /** A PRI span's leg for {@code digits}: skipped (cause 3) when the span is down, cause 34 when every channel is busy. */
    private Attempt span(String via, String digits) {
        SpanDialler d = spans.get(via.substring(5));
        if (d == null || !d.up()) {
            Logger.debug("route: {} skipped (span not in service)", via);
            return Attempt.none(Q850.NO_ROUTE, via);
        }
        if (!d.hasFreeChannel()) return Attempt.none(Q850.NO_CIRCUIT, via);
        return new Attempt(d.outgoing(digits), digits, 0, via);
    }

    /** A SIP user's leg rings only the contact HQ addressed, if it is one of the user's bindings. */
    private static Leg addressedTo(Leg leg, String requestUri) {
        if (requestUri != null && leg instanceof SipOutgoingLeg sip) sip.addressedAs(requestUri);
        return leg;
    }

    private static Attempt pstn(Optional<PstnRoute.Result> r, String via) {
        if (r.isEmpty()) return Attempt.none(Q850.UNALLOCATED_NUMBER, via);
        return new Attempt(r.get().leg(), r.get().number(), r.get().cause(), via);
    }
}
