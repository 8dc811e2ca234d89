package dev.lifeline.call;

import dev.lifeline.config.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which numbers leave the site on the PSTN, and on which port. Consulted by the call engine
 * only when no extension matched, in this order:
 * <ol>
 * <li>emergency numbers (site {@code emergency}) always go out on the local FXO trunk, as
 *     dialled, in every mode and regardless of call rights (DESIGN §5);</li>
 * <li>the first dial-plan route matching the normalized number, if its {@code via} names
 *     {@code fxo} or {@code fxo:<port>} (other destinations are not handled here);</li>
 * <li>a dialled number starting with the trunk's {@code outside-prefix}.</li>
 * </ol>
 * The digits sent to the exchange are the dialled string without the outside prefix (an analog
 * line takes the number as the local exchange expects it, not E.164), or the normalized number
 * when the caller did not dial the prefix.
 */
public final class PstnRoute {
    /** Where a PSTN call goes: a port with the digits to send, or a failure cause. */
    public record Result(Leg leg, String number, int cause) {
        static Result fail(int cause) { return new Result(null, null, cause); }
    }

    private final TrunkGroup group;
    private final String outsidePrefix;
    private final List<String> emergency;
    private final List<Route> routes;

    public PstnRoute(TrunkGroup group, String outsidePrefix, List<String> emergency, List<Route> routes) {
        this.group = group;
        this.outsidePrefix = outsidePrefix == null ? "" : outsidePrefix;
        this.emergency = List.copyOf(emergency);
        this.routes = List.copyOf(routes);
    }

    /** Empty when the number is not a PSTN number at all (the engine then answers cause 1). */
    public Optional<Result> route(String dialled, String normalized) {
        if (emergency.contains(dialled) || emergency.contains(normalized)) {
            return Optional.of(take(List.of("fxo"), emergency.contains(dialled) ? dialled : normalized));
        }
        String digits = !outsidePrefix.isEmpty() && dialled.startsWith(outsidePrefix)
                ? dialled.substring(outsidePrefix.length()) : normalized;
        for (Route r : routes) {
            if (!r.matches(normalized)) continue;
            List<String> fxo = r.via().stream().filter(v -> v.equals("fxo") || v.startsWith("fxo:")).toList();
            if (!fxo.isEmpty()) return Optional.of(take(fxo, digits));
            break;
        }
        if (!outsidePrefix.isEmpty() && dialled.startsWith(outsidePrefix) && digits.length() > 0) {
            return Optional.of(take(List.of("fxo"), digits));
        }
        return Optional.empty();
    }

    /** Whether the number is an emergency number (dialled or normalized): it always goes out here, as dialled. */
    public boolean isEmergency(String dialled, String normalized) {
        return emergency.contains(dialled) || emergency.contains(normalized);
    }

    /** The digits a trunk would send: the dialled string without the outside prefix, else the normalized number. */
    public String digits(String dialled, String normalized) {
        return !outsidePrefix.isEmpty() && dialled.startsWith(outsidePrefix) && dialled.length() > outsidePrefix.length()
                ? dialled.substring(outsidePrefix.length()) : normalized;
    }

    /** Seizes a port for one route destination ({@code fxo} or {@code fxo:<port>}) to send {@code digits}. */
    public Result trunk(String via, String digits) { return take(List.of(via), digits); }

    private Result take(List<String> via, String digits) {
        if (group.isEmpty()) return Result.fail(Q850.NO_ROUTE);
        List<FxoLeg> candidates = new ArrayList<>();
        for (String v : via) {
            if (v.equals("fxo")) candidates.addAll(group.ports());
            else group.port(v.substring(4)).ifPresent(candidates::add);
        }
        for (FxoLeg leg : candidates) {
            if (leg.available()) {
                leg.dialNext(digits);
                return new Result(leg, digits, 0);
            }
        }
        return Result.fail(Q850.NO_CIRCUIT);
    }
}
