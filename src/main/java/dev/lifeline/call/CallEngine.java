package dev.lifeline.call;

import dev.lifeline.store.Cdr;
import dev.lifeline.util.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.tinylog.Logger;

/**
 * The B2BUA core: routes a dialled number to a leg, alerts it, bridges media on answer and
 * clears both sides, writing one CDR per attempt. It only sees {@link Leg}s, never port types.
 * All methods run on the engine thread.
 */
public final class CallEngine {
    private final Clock clock;
    private final String gatewayId;
    private final CdrRecorder cdrs;
    private final Supplier<String> mode;
    private final Map<Leg, Call> byLeg = new IdentityHashMap<>();
    private final Set<Call> calls = new LinkedHashSet<>();
    private volatile Directory directory;
    private volatile UnaryOperator<String> normalizer;
    private final long ringTimeoutMs;
    private final java.util.concurrent.atomic.AtomicLong digitsFromSip = new java.util.concurrent.atomic.AtomicLong();
    private volatile PstnRoute pstn;

    public CallEngine(Clock clock, String gatewayId, Directory directory, UnaryOperator<String> normalizer,
                      long ringTimeoutMs, CdrRecorder cdrs, Supplier<String> mode) {
        this.clock = clock;
        this.gatewayId = gatewayId;
        this.directory = directory;
        this.normalizer = normalizer;
        this.ringTimeoutMs = ringTimeoutMs;
        this.cdrs = cdrs;
        this.mode = mode;
    }

    /** PSTN routing (FXO trunk, emergency numbers), consulted when no extension matches; null = none. */
    public void setPstnRoute(PstnRoute pstn) { this.pstn = pstn; }

    public Directory directory() { return directory; }

    /** A pushed config changed extensions or dial rules: new calls route with these (engine thread). */
    public void reconfigure(Directory newDirectory, UnaryOperator<String> newNormalizer) {
        this.directory = newDirectory;
        this.normalizer = newNormalizer;
    }

    public List<Call> calls() { return new ArrayList<>(calls); }

    public boolean inCall(Leg leg) { return byLeg.containsKey(leg); }

    /** {@code caller} dialled {@code dialled}: route it and alert the callee. */
    public void originate(Leg caller, String dialled) {
        long now = clock.millis();
        Call call = new Call(caller, dialled, clock.now(), now);
        call.normalized = normalizer.apply(dialled);
        calls.add(call);
        byLeg.put(caller, call);
        Leg callee = directory.lookup(call.normalized).orElse(null);
        PstnRoute.Result trunk = callee == null && pstn != null ? pstn.route(dialled, call.normalized).orElse(null) : null;
        if (trunk != null && trunk.leg() == null) {
            Logger.info("call {}: {} dialled {} -> PSTN unavailable, cause {}", shortId(call), caller.id(), dialled, trunk.cause());
            fail(call, trunk.cause(), now);
            return;
        }
        if (trunk != null) {
            callee = trunk.leg();
            call.normalized = trunk.number();
        }
        Logger.info("call {}: {} dialled {} -> {}", shortId(call), caller.id(), dialled,
                callee == null ? "no route" : callee.id());
        if (callee == null) {
            fail(call, Q850.UNALLOCATED_NUMBER, now);
            return;
        }
        call.callee = callee;
        if (callee == caller || !callee.available() || byLeg.containsKey(callee)) {
            fail(call, Q850.USER_BUSY, now);
            return;
        }
        byLeg.put(callee, call);
        call.phase = Call.Phase.ALERTING;
        call.alertedAt = now;
        caller.ringback(now);
        callee.alert(new Party(caller.number(), caller.displayName()), now);
    }

    /** The called leg answered. */
    public void answered(Leg leg) {
        Call call = byLeg.get(leg);
        if (call == null || call.phase != Call.Phase.ALERTING || leg != call.callee) return;
        long now = clock.millis();
        call.phase = Call.Phase.CONNECTED;
        call.answer = clock.now();
        call.caller.connect(call.callee.audio(), now);
        call.callee.connect(call.caller.audio(), now);
        Logger.info("call {}: answered by {}", shortId(call), leg.id());
    }

    /** The called leg could not be reached (SIP failure, not registered). */
    public void rejected(Leg leg, int cause) {
        Call call = byLeg.get(leg);
        if (call == null || leg != call.callee || call.phase != Call.Phase.ALERTING) return;
        Logger.info("call {}: {} rejected, cause {}", shortId(call), leg.id(), cause);
        end(call, cause, leg, clock.millis());
    }

    /** DTMF digits received as RFC 4733 events from SIP legs so far (status, tests). */
    public long digitsFromSip() { return digitsFromSip.get(); }

    /** A DTMF digit from {@code from} during a call: passed on to the other party. */
    public void digit(Leg from, char digit) {
        if (from.id().startsWith("sip:")) digitsFromSip.incrementAndGet();
        Call call = byLeg.get(from);
        if (call == null || call.phase != Call.Phase.CONNECTED) return;
        Leg to = call.other(from);
        if (to != null) {
            Logger.info("call {}: DTMF {} from {}", shortId(call), digit, from.id());
            to.sendDtmf(digit, clock.millis());
        }
    }

    /** {@code leg} hung up (or its dialog ended). */
    public void hungUp(Leg leg) { hungUp(leg, Q850.NORMAL_CLEARING); }

    /** {@code leg} went away for a reason it knows (an FXO line heard busy tone: 17). */
    public void hungUp(Leg leg, int cause) {
        Call call = byLeg.get(leg);
        if (call == null) return;
        end(call, cause, leg, clock.millis());
    }

    /** Ends every call (shutdown, forced mode change) with the cause given. */
    public void endAll(int cause) {
        long now = clock.millis();
        for (Call c : new ArrayList<>(calls)) end(c, cause, null, now);
    }

    /** Ring timeouts and media of non-analog legs; called once per tick. */
    public void tick(long now) {
        List<Call> unanswered = null;
        for (Call c : calls) {
            if (c.phase == Call.Phase.CONNECTED) {
                c.caller.mediaTick(now);
                c.callee.mediaTick(now);
            } else if (c.phase == Call.Phase.ALERTING && now - c.alertedAt >= ringTimeoutMs) {
                if (unanswered == null) unanswered = new ArrayList<>();
                unanswered.add(c); // ended after the loop: ending removes it from calls
            }
        }
        if (unanswered == null) return;
        for (Call c : unanswered) {
            Logger.info("call {}: no answer after {} ms", shortId(c), ringTimeoutMs);
            end(c, Q850.NO_ANSWER, null, now);
        }
    }

    private void fail(Call call, int cause, long now) {
        call.cause = cause;
        call.caller.release(cause, now);
        finish(call, now);
    }

    /** Clears a call: the side that did not hang up is released with {@code cause}. */
    private void end(Call call, int cause, Leg hungUp, long now) {
        if (call.phase == Call.Phase.ENDED) return;
        call.cause = cause;
        for (Leg l : new Leg[] {call.caller, call.callee}) {
            if (l != null && l != hungUp) l.release(cause, now);
        }
        finish(call, now);
    }

    private void finish(Call call, long now) {
        call.phase = Call.Phase.ENDED;
        call.end = clock.now();
        calls.remove(call);
        byLeg.remove(call.caller, call);
        if (call.callee != null) byLeg.remove(call.callee, call);
        Logger.info("call {}: ended, cause {}", shortId(call), call.cause);
        try {
            cdrs.record(toCdr(call));
        } catch (RuntimeException e) {
            Logger.error(e, "call {}: CDR could not be built", shortId(call));
        }
        call.caller.dispose();
        if (call.callee != null) call.callee.dispose();
    }

    private Cdr toCdr(Call c) {
        String direction = c.caller.isPstn() ? "inbound" : c.callee != null && c.callee.isPstn() ? "outbound" : "internal";
        return Cdr.builder().uuid(c.uuid).gatewayId(gatewayId).direction(direction)
                .callingNumber(c.caller.number()).callingName(c.caller.displayName())
                .calledDialled(c.dialled).calledNumber(c.normalized)
                .srcLeg(c.caller.id()).dstLeg(c.callee == null ? null : c.callee.id())
                .start(c.start).answer(c.answer).end(c.end)
                .q850Cause(c.cause).mode(mode.get())
                .sipStatus(firstNonNull(c.callee == null ? null : c.callee.sipStatus(), c.caller.sipStatus()))
                .codec(firstNonNull(c.caller.codec(), c.callee == null ? null : c.callee.codec()))
                .rtp(firstNonNull(c.caller.rtpStats(), c.callee == null ? null : c.callee.rtpStats()))
                .build();
    }

    private static <T> T firstNonNull(T a, T b) { return a != null ? a : b; }

    private static String shortId(Call c) { return c.uuid.substring(0, 8); }
}
