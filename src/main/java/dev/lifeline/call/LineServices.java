package dev.lifeline.call;

import dev.lifeline.config.ServicesConfig;
import dev.lifeline.config.ServicesConfig.Feature;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.store.ServiceStates;
import dev.lifeline.store.ServiceStates.State;
import dev.lifeline.util.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.tinylog.Logger;

/**
 * Supplementary services of the site's extensions (issue #13): feature codes that switch call
 * forwarding (unconditional, busy, no answer) and do-not-disturb, call barring by class. The
 * switched state is committed to SQLite before the user hears the confirmation and survives
 * restarts ({@link ServiceStates}). The call engine consults this while routing; engine thread,
 * except {@link #snapshot} (any thread).
 */
public final class LineServices {
    private volatile ServicesConfig config;
    private final ServiceStates store;
    private final Map<String, State> states = new java.util.concurrent.ConcurrentHashMap<>();
    private final Clock clock;
    private final ToneZone zone;
    private final Executor later;

    /** @param store null: state kept in memory only (tests without a database) */
    public LineServices(ServicesConfig config, ServiceStates store, Clock clock, ToneZone zone, Executor later) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.zone = zone;
        this.later = later;
        if (store != null) states.putAll(store.all());
    }

    /**
     * A pushed config changed codes, barring or hotlines (engine thread). Forward targets and DND
     * that it names and that differ from what the running config named are set now; what users
     * switched with feature codes since stays otherwise.
     */
    public void reconfigure(ServicesConfig next) {
        ServicesConfig before = config;
        this.config = next;
        next.extensions().forEach((ext, es) -> {
            ServicesConfig.Preset p = es.preset();
            if (p != null && !p.equals(before.of(ext).preset())) set(ext, toState(p));
        });
    }

    /** At start: presets of the config for extensions that have no stored state yet. */
    public void applyPresetsAtStart() {
        config.extensions().forEach((ext, es) -> {
            if (es.preset() != null && !states.containsKey(ext)) set(ext, toState(es.preset()));
        });
    }

    private static State toState(ServicesConfig.Preset p) {
        return new State(p.forwardAlways(), p.forwardBusy(), p.forwardNoAnswer(), p.dnd());
    }

    public ServicesConfig config() { return config; }

    public State state(String extension) { return states.getOrDefault(extension, State.NONE); }

    /** Per extension with anything switched on, for {@code status --json}. */
    public Map<String, State> snapshot() { return new LinkedHashMap<>(new java.util.TreeMap<>(states)); }

    /** Sets an extension's switched services (feature code or config push); committed before it takes effect. */
    public void set(String extension, State next) {
        if (store != null) store.put(extension, next, clock.now());
        if (next.isEmpty()) states.remove(extension);
        else states.put(extension, next);
        Logger.info("services {}: {}", extension, describe(next));
    }

    /**
     * A leg for a dialled feature code, when {@code dialled} is one and {@code caller} is a line or
     * SIP user of this site (a PSTN or HQ caller cannot switch anyone's services).
     */
    Optional<Leg> featureLeg(Leg caller, String dialled, CallEngine engine) {
        Optional<Map.Entry<Feature, String>> f = config.feature(dialled);
        if (f.isEmpty() || f.get().getKey().isPickup() || caller.isPstn() || caller.viaHq()) return Optional.empty();
        if (engine.directory().lookup(caller.number()).isEmpty()) return Optional.empty();
        return Optional.of(new FeatureLeg(this, engine, caller.number(), f.get().getKey(), f.get().getValue(), dialled, zone, later));
    }

    /**
     * The extensions whose ringing call {@code caller} may pick up, when {@code dialled} is a pickup
     * code and the caller is a line or SIP user of this site: the other members of its pickup group
     * ({@code *8}), or the one extension named after the directed-pickup code ({@code **6001}; any
     * extension of the site, groups do not restrict it). Empty when it is no pickup code.
     */
    Optional<java.util.Set<String>> pickupTargets(Leg caller, String dialled, CallEngine engine) {
        Optional<Map.Entry<Feature, String>> f = config.feature(dialled);
        if (f.isEmpty() || !f.get().getKey().isPickup() || caller.isPstn() || caller.viaHq()) return Optional.empty();
        if (engine.directory().lookup(caller.number()).isEmpty()) return Optional.empty();
        if (f.get().getKey() == Feature.PICKUP) return Optional.of(config.pickupPeers(caller.number()));
        String target = f.get().getValue();
        return Optional.of(target.isEmpty() || target.equals(caller.number()) ? java.util.Set.of() : java.util.Set.of(target));
    }

    /**
     * Applies a feature for {@code extension}; false when it cannot be (a forward without a target,
     * or to the extension itself). The caller hears confirmation or reorder accordingly.
     */
    boolean apply(String extension, Feature f, String target) {
        State s = state(extension);
        if (f.takesTarget() && (target.isEmpty() || target.equals(extension))) {
            Logger.info("services {}: {} refused (target '{}')", extension, f.key(), target);
            return false;
        }
        State next = switch (f) {
            case CFU_ON -> new State(target, s.cfb(), s.cfnr(), s.dnd());
            case CFU_OFF -> new State(null, s.cfb(), s.cfnr(), s.dnd());
            case CFB_ON -> new State(s.cfu(), target, s.cfnr(), s.dnd());
            case CFB_OFF -> new State(s.cfu(), null, s.cfnr(), s.dnd());
            case CFNR_ON -> new State(s.cfu(), s.cfb(), target, s.dnd());
            case CFNR_OFF -> new State(s.cfu(), s.cfb(), null, s.dnd());
            case DND_ON -> new State(s.cfu(), s.cfb(), s.cfnr(), true);
            case DND_OFF -> new State(s.cfu(), s.cfb(), s.cfnr(), false);
            case PICKUP, DIRECTED_PICKUP -> null; // never a FeatureLeg: the engine picks the call up
        };
        if (next == null) return false;
        try {
            set(extension, next);
            return true;
        } catch (RuntimeException e) { // the store failed: not switched, and the user hears so
            Logger.error("services {}: {} could not be stored: {}", extension, f.key(), e.getMessage());
            return false;
        }
    }

    /**
     * Whether {@code caller} may not call {@code normalized}: the number falls in a barring class
     * the caller's extension is barred from. Emergency numbers are never barred (the caller
     * checks that first).
     */
    Optional<String> barredClass(Leg caller, String normalized) {
        if (caller.isPstn() || caller.viaHq()) return Optional.empty();
        var barred = config.of(caller.number()).barred();
        if (barred.isEmpty()) return Optional.empty();
        return config.classify(normalized).filter(barred::contains);
    }

    private static String describe(State s) {
        if (s.isEmpty()) return "nothing switched on";
        StringBuilder sb = new StringBuilder();
        if (s.cfu() != null) sb.append("forward always to ").append(s.cfu()).append("; ");
        if (s.cfb() != null) sb.append("forward on busy to ").append(s.cfb()).append("; ");
        if (s.cfnr() != null) sb.append("forward on no answer to ").append(s.cfnr()).append("; ");
        if (s.dnd()) sb.append("do not disturb; ");
        return sb.substring(0, sb.length() - 2);
    }
}
