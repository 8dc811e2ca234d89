package dev.lifeline.call;

import dev.lifeline.store.Cdr;
import dev.lifeline.store.ServiceStates;
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
    private final Router router;
    private volatile UnaryOperator<String> normalizer;
    private final long ringTimeoutMs;
    private final java.util.concurrent.atomic.AtomicLong digitsFromSip = new java.util.concurrent.atomic.AtomicLong();
    private static final int MAX_FORWARDS = 5;
    private volatile LineServices services;
    /** Legs rung on behalf of another leg (hunt group members), and whom to tell what becomes of them. */
    private final Map<Leg, MemberEvents> watched = new IdentityHashMap<>();
    private final IdleTimes idle = new IdleTimes();
    private final Transfers transfers = new Transfers(this);

    public CallEngine(Clock clock, String gatewayId, Directory directory, UnaryOperator<String> normalizer,
                      long ringTimeoutMs, CdrRecorder cdrs, Supplier<String> mode) {
        this.clock = clock;
        this.gatewayId = gatewayId;
        this.directory = directory;
        this.router = new Router(directory);
        this.normalizer = normalizer;
        this.ringTimeoutMs = ringTimeoutMs;
        this.cdrs = cdrs;
        this.mode = mode;
    }

    /** PSTN routing (FXO trunk, emergency numbers); null = none. */
    public void setPstnRoute(PstnRoute pstn) { router.setPstn(pstn); }

    public Directory directory() { return directory; }

    /** Supplementary services (feature codes, forwarding, DND, barring); null = none. */
    public void setServices(LineServices s) { this.services = s; }

    public LineServices services() { return services; }

    /** A pushed config changed extensions or dial rules: new calls route with these (engine thread). */
    public void reconfigure(Directory newDirectory, UnaryOperator<String> newNormalizer) {
        this.directory = newDirectory;
        this.normalizer = newNormalizer;
        router.setDirectory(newDirectory);
    }

    /** Where calls go (dial-plan routes, HQ, local, PSTN); configured while the gateway is wired. */
    public Router router() { return router; }

    public List<Call> calls() { return new ArrayList<>(calls); }

    public boolean inCall(Leg leg) { return byLeg.containsKey(leg); }

    /** {@code caller} dialled {@code dialled}: route it and alert the callee. */
    public void originate(Leg caller, String dialled) {
        long now = clock.millis();
        Call call = new Call(caller, dialled, clock.now(), now);
        call.mode = mode.get();
        call.normalized = normalizer.apply(dialled);
        calls.add(call);
        byLeg.put(caller, call);
        LineServices s = services;
        if (s != null) {
            java.util.Optional<Set<String>> pickup = s.pickupTargets(caller, dialled, this);
            if (pickup.isPresent()) {
                pickUp(call, pickup.get(), now);
                return;
            }
            java.util.Optional<Leg> feature = s.featureLeg(caller, dialled, this);
            if (feature.isPresent()) {
                call.plan = new Router.Plan(List.of(() -> new Router.Attempt(feature.get(), dialled, 0, "feature")));
                tryNext(call, now);
                return;
            }
            java.util.Optional<String> barred = router.isEmergency(dialled, call.normalized) ? java.util.Optional.empty()
                    : s.barredClass(caller, call.normalized);
            if (barred.isPresent()) {
                Logger.info("call {}: {} dialled {}: barred ({} calls are not allowed for {})", shortId(call), caller.id(),
                        dialled, barred.get(), caller.number());
                fail(call, Q850.CALL_REJECTED, now);
                return;
            }
        }
        call.plan = router.plan(caller, dialled, call.normalized);
        tryNext(call, now);
        if (caller.viaHq() && call.phase == Call.Phase.ALERTING) linkHairpin(call);
    }

    /**
     * Alerts the plan's next destination that can take the call; fails the call when none is left.
     * A local extension's services apply here: do-not-disturb answers busy, call forwarding
     * (unconditional, or on busy) replaces the plan with the forward target's.
     */
    private void tryNext(Call call, long now) {
        Leg caller = call.caller;
        while (true) {
            Router.Attempt a = call.plan.next();
            if (a == null) {
                int cause = call.lastCause != 0 ? call.lastCause : Q850.UNALLOCATED_NUMBER;
                Logger.info("call {}: {} dialled {} -> {}", shortId(call), caller.id(), call.dialled,
                        cause == Q850.UNALLOCATED_NUMBER ? "no route" : "no destination available, cause " + cause);
                fail(call, cause, now);
                return;
            }
            if (a.leg() == null) {
                if (!(a.via().equals("hq") && call.lastCause != 0)) call.lastCause = a.cause();
                continue;
            }
            Leg callee = a.leg();
            if (a.number() != null) call.normalized = a.number();
            String ext = "local".equals(a.via()) && services != null ? callee.number() : null;
            ServiceStates.State st = ext == null ? ServiceStates.State.NONE : services.state(ext);
            if (st.dnd()) {
                call.lastCause = Q850.USER_BUSY; // also what the caller gets when HQ's voicemail is out of reach
                String voicemail = services.config().voicemailFor(ext);
                if (voicemail != null && forward(call, ext, voicemail, "do-not-disturb, voicemail")) continue;
                Logger.info("call {}: {} is in do-not-disturb: busy", shortId(call), ext);
                continue;
            }
            if (st.cfu() != null && forward(call, ext, st.cfu(), "always")) continue;
            Logger.info("call {}: {} dialled {} -> {}", shortId(call), caller.id(), call.dialled, callee.id());
            boolean busy = callee == caller || busy(callee);
            if (busy && st.cfb() != null && forward(call, ext, st.cfb(), "busy")) continue;
            call.callee = callee;
            if (busy) {
                fail(call, Q850.USER_BUSY, now);
                return;
            }
            byLeg.put(callee, call);
            call.calleeExt = ext;
            call.phase = Call.Phase.ALERTING;
            call.alertedAt = now;
            caller.ringback(now);
            callee.preferCodec(caller.codec());
            callee.alert(new Party(caller.number(), caller.displayName()), now);
            return;
        }
    }

    /**
     * Replaces the call's plan with the routes to {@code target}, as if {@code ext} had dialled it
     * (so a forward may leave on a trunk even for a call that came in from one). False, and a log
     * line, when it would loop (back to an extension it passed) or go too far.
     */
    private boolean forward(Call call, String ext, String target, String why) {
        if (call.forwardedThrough.size() >= MAX_FORWARDS || call.forwardedThrough.contains(target) || target.equals(ext)) {
            Logger.info("call {}: {} forwards ({}) to {}: not followed, it would loop (through {})", shortId(call), ext, why,
                    target, call.forwardedThrough);
            return false;
        }
        call.forwardedThrough.add(ext);
        if (call.forwardedFrom == null) call.forwardedFrom = ext;
        String normalized = normalizer.apply(target);
        Leg as = directory.lookup(ext).orElse(call.caller);
        call.plan = router.plan(as, target, normalized);
        call.normalized = normalized;
        call.calleeExt = null;
        Logger.info("call {}: {} forwards ({}) to {}", shortId(call), ext, why, target);
        return true;
    }

    /** The called leg answered. */
    public void answered(Leg leg) {
        MemberEvents owner = watched.get(leg);
        if (owner != null) {
            owner.memberAnswered(leg, clock.millis());
            return;
        }
        Call call = byLeg.get(leg);
        if (call == null || call.phase != Call.Phase.ALERTING || leg != call.callee) return;
        long now = clock.millis();
        call.phase = Call.Phase.CONNECTED;
        call.answer = clock.now();
        call.connectParties(now);
        Logger.info("call {}: answered by {}", shortId(call), leg.id());
        if (call.linked == null && leg instanceof Hairpins.End) linkHairpin(call);
    }

    /** Links a call with its hairpin partner, if it has one, so each ends the other locally. */
    private void linkHairpin(Call call) {
        Hairpins.partner(call, calls).filter(p -> p.linked == null).ifPresent(p -> {
            call.linked = p;
            p.linked = call;
            Logger.info("call {}: hairpin through HQ with call {} (each ends the other locally)", shortId(call), shortId(p));
        });
    }

    /** The called leg, still alerting, has in-band audio for the caller (tones, announcements from the PSTN). */
    public void earlyMedia(Leg leg) {
        Call call = byLeg.get(leg);
        if (call == null || call.phase != Call.Phase.ALERTING || leg != call.callee) return;
        Logger.info("call {}: {} has in-band audio before answer; the caller hears it", shortId(call), leg.id());
        call.caller.earlyMedia(leg.audio(), clock.millis());
    }

    /** The called leg could not be reached (SIP failure, not registered). */
    public void rejected(Leg leg, int cause) {
        MemberEvents owner = watched.get(leg);
        if (owner != null) {
            owner.memberRejected(leg, cause, clock.millis());
            return;
        }
        Call call = byLeg.get(leg);
        if (call == null || leg != call.callee || call.phase != Call.Phase.ALERTING) return;
        Logger.info("call {}: {} rejected, cause {}", shortId(call), leg.id(), cause);
        String ext = call.calleeExt;
        ServiceStates.State st = ext == null || services == null ? ServiceStates.State.NONE : services.state(ext);
        if (cause == Q850.USER_BUSY && st.cfb() != null && forward(call, ext, st.cfb(), "busy")) {
            byLeg.remove(leg, call);
            call.callee = null;
            leg.dispose();
            tryNext(call, clock.millis());
            return;
        }
        if (Router.tryElsewhere(cause) && call.plan != null && call.plan.hasNext()) {
            byLeg.remove(leg, call);
            call.callee = null;
            call.lastCause = cause;
            leg.dispose();
            tryNext(call, clock.millis());
            return;
        }
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
        MemberEvents owner = watched.get(leg);
        if (owner != null) { // a member's dialog ended before it answered
            owner.memberRejected(leg, cause, clock.millis());
            return;
        }
        Call call = byLeg.get(leg);
        if (call == null) return;
        end(call, cause, leg, clock.millis());
    }

    /**
     * {@code leg}'s port faulted and was reset (it is already idle): its call is cleared with
     * TEMPORARY_FAILURE (41), the other party released with that cause, and a CDR written.
     */
    public void portFailed(Leg leg) {
        MemberEvents owner = watched.get(leg);
        if (owner != null) {
            owner.memberRejected(leg, Q850.TEMPORARY_FAILURE, clock.millis());
            return;
        }
        Call call = byLeg.get(leg);
        if (call == null) return;
        Logger.warn("call {}: {} faulted; clearing the call, cause {}", shortId(call), leg.id(), Q850.TEMPORARY_FAILURE);
        end(call, Q850.TEMPORARY_FAILURE, leg, clock.millis());
    }

    /** Ends every call (shutdown, forced mode change) with the cause given. */
    public void endAll(int cause) {
        long now = clock.millis();
        for (Call c : new ArrayList<>(calls)) end(c, cause, null, now);
    }

    /** Ring timeouts and media of non-analog legs; called once per tick. */
    public void tick(long now) {
        List<Call> unanswered = null;
        List<Call> broken = null;
        List<Call> noAnswerForward = null;
        List<Leg> alerting = new ArrayList<>();
        LineServices s = services;
        for (Call c : calls) {
            if (c.phase == Call.Phase.ALERTING && c.callee != null) alerting.add(c.callee);
            if (c.phase == Call.Phase.CONNECTED) {
                try {
                    c.caller.mediaTick(now);
                    c.callee.mediaTick(now);
                } catch (RuntimeException e) { // one call's media fault must not stop the others' media
                    Logger.error(e, "call {}: media failed", shortId(c));
                    if (broken == null) broken = new ArrayList<>();
                    broken.add(c);
                }
            } else if (c.phase == Call.Phase.ALERTING && s != null && c.calleeExt != null
                    && s.state(c.calleeExt).cfnr() != null && now - c.alertedAt >= s.config().noAnswerMs()) {
                if (noAnswerForward == null) noAnswerForward = new ArrayList<>();
                noAnswerForward.add(c);
            } else if (c.phase == Call.Phase.ALERTING && now - c.alertedAt >= ringTimeoutMs) {
                if (unanswered == null) unanswered = new ArrayList<>();
                unanswered.add(c); // ended after the loop: ending removes it from calls
            }
        }
        if (broken != null) {
            for (Call c : broken) end(c, Q850.TEMPORARY_FAILURE, null, now);
        }
        if (noAnswerForward != null) {
            for (Call c : noAnswerForward) forwardUnanswered(c, now);
        }
        for (Leg l : alerting) l.alertingTick(now); // after the loop: a hunt moving on or overflowing changes calls
        if (unanswered == null) return;
        for (Call c : unanswered) {
            Logger.info("call {}: no answer after {} ms", shortId(c), ringTimeoutMs);
            end(c, Q850.NO_ANSWER, null, now);
        }
    }

    /** Call forward on no answer: the ringing extension stops ringing and the call goes to its target. */
    private void forwardUnanswered(Call c, long now) {
        String ext = c.calleeExt;
        Leg leg = c.callee;
        if (!forward(c, ext, s(ext).cfnr(), "no answer")) {
            c.calleeExt = null; // ring on until the ring timeout
            return;
        }
        byLeg.remove(leg, c);
        c.callee = null;
        c.phase = Call.Phase.ROUTING;
        leg.release(Q850.NO_ANSWER, now);
        leg.dispose();
        tryNext(c, now);
    }

    // ---- legs that ring others (hunt groups) and call pickup ------------------------------------

    /** Whether {@code leg} cannot take a call now: it says so, it is in a call, or a hunt is ringing it. */
    boolean busy(Leg leg) { return !leg.available() || byLeg.containsKey(leg) || watched.containsKey(leg); }

    /** {@code member}'s answer, rejection and hang-up go to {@code owner} until {@link #unwatch}. */
    void watch(Leg member, MemberEvents owner) { watched.put(member, owner); }

    void unwatch(Leg member) { watched.remove(member); }

    /** When calls of each extension last ended (the longest-idle hunt strategy). */
    IdleTimes idleTimes() { return idle; }

    /** {@code fanout} (a hunt) rings another member: the ring timeout counts from now. */
    void restartRinging(Leg fanout) {
        Call call = byLeg.get(fanout);
        if (call != null && call.phase == Call.Phase.ALERTING && call.callee == fanout) call.alertedAt = clock.millis();
    }

    /**
     * {@code member}, rung by {@code fanout}, answered: it becomes the call's callee (so the CDR's
     * dst_leg names it) and is connected. {@code fanout} has already released the other members.
     */
    void answeredBy(Leg fanout, Leg member) {
        Call call = byLeg.get(fanout);
        if (call == null || call.callee != fanout || call.phase != Call.Phase.ALERTING) {
            member.release(Q850.NORMAL_CLEARING, clock.millis()); // the call is gone meanwhile
            member.dispose();
            return;
        }
        byLeg.remove(fanout, call);
        call.callee = member;
        byLeg.put(member, call);
        Logger.info("call {}: {} answered for {}", shortId(call), member.id(), fanout.id());
        fanout.dispose();
        answered(member);
    }

    /**
     * No member of {@code fanout} answered or could take the call: the call goes to {@code target}
     * as if the pilot forwarded it (the CDR's forwarded_from is the pilot), or, without a target
     * or when that would loop, ends with {@code cause}.
     */
    void overflow(Leg fanout, String target, int cause) {
        Call call = byLeg.get(fanout);
        if (call == null || call.callee != fanout || call.phase != Call.Phase.ALERTING) return;
        long now = clock.millis();
        if (target == null || !forward(call, fanout.number(), target, "hunt group overflow")) {
            Logger.info("call {}: {} has no one to ring and no overflow, cause {}", shortId(call), fanout.id(), cause);
            end(call, cause, fanout, now);
            return;
        }
        byLeg.remove(fanout, call);
        call.callee = null;
        call.phase = Call.Phase.ROUTING;
        fanout.dispose();
        tryNext(call, now);
    }

    /**
     * Call pickup: {@code mine} (the picker dialled a pickup code) takes over the longest-ringing
     * call that rings one of {@code targets} (directly, or as a hunt group member). The ringing
     * phone stops with cause 26 (non-selected user clearing), the picker is connected and the
     * picked call's CDR names it as dst_leg; the pickup dial itself leaves no call and no CDR.
     * Nothing ringing there: the picker gets cause 20 (reorder, SIP 480).
     */
    private void pickUp(Call mine, Set<String> targets, long now) {
        Leg picker = mine.caller;
        Call best = null;
        for (Call c : calls) {
            if (c == mine || c.phase != Call.Phase.ALERTING || c.callee == null || c.caller == picker) continue;
            boolean rings = c.calleeExt != null && targets.contains(c.callee.number())
                    || watched.entrySet().stream().anyMatch(e -> e.getValue() == c.callee && targets.contains(e.getKey().number()));
            if (rings && (best == null || c.alertedAt < best.alertedAt)) best = c;
        }
        if (best == null) {
            Logger.info("call {}: {} dialled {}: nothing ringing to pick up (at {})", shortId(mine), picker.id(), mine.dialled, targets);
            fail(mine, Q850.SUBSCRIBER_ABSENT, now);
            return;
        }
        calls.remove(mine);
        byLeg.remove(picker, mine);
        Leg old = best.callee;
        byLeg.remove(old, best);
        best.callee = picker;
        best.calleeExt = picker.number();
        byLeg.put(picker, best);
        Logger.info("call {}: picked up by {} ({}), was ringing {}", shortId(best), picker.id(), mine.dialled, old.id());
        old.release(Q850.NON_SELECTED_USER_CLEARING, now);
        old.dispose();
        answered(picker);
    }

    private ServiceStates.State s(String ext) { return services.state(ext); }

    private void fail(Call call, int cause, long now) {
        call.cause = cause;
        call.caller.release(cause, now);
        finish(call, now);
    }

    /** Clears a call: the side that did not hang up is released with {@code cause}. */
    void end(Call call, int cause, Leg hungUp, long now) {
        if (call.phase == Call.Phase.ENDED) return;
        call.cause = cause;
        for (Leg l : new Leg[] {call.caller, call.callee}) {
            if (l != null && l != hungUp) l.release(cause, now);
        }
        finish(call, now);
    }

    void finish(Call call, long now) {
        if (call.answer != null) {
            idle.ended(call.caller.number(), now);
            if (call.callee != null) idle.ended(call.callee.number(), now);
        }
        call.phase = Call.Phase.ENDED;
        call.end = clock.now();
        calls.remove(call);
        byLeg.remove(call.caller, call);
        if (call.callee != null) byLeg.remove(call.callee, call);
        Logger.info("call {}: ended, cause {}", shortId(call), call.cause);
        Call partner = call.linked;
        if (partner != null) {
            call.linked = null;
            partner.linked = null;
            if (partner.phase != Call.Phase.ENDED) {
                Logger.info("call {}: ending its hairpin partner {} locally", shortId(call), shortId(partner));
                end(partner, call.cause, null, now);
            }
        }
        Cdr cdr = null;
        try {
            cdr = CallRecords.cdr(call, gatewayId, mode.get());
        } catch (RuntimeException e) {
            Logger.error(e, "call {}: CDR could not be built", shortId(call)); // a bug in the record's fields, not the store
        }
        if (cdr != null) cdrs.record(cdr); // never throws: kept and spooled if the store fails, spooled after close
        if (call.caller != call.transferred) call.caller.dispose();
        if (call.callee != null && call.callee != call.transferred) call.callee.dispose();
    }

    // ---- transfer: Transfers moves legs between calls through these ----------------------------------------

    /**
     * A SIP party transfers the other party of its call with REFER (RFC 3515); see
     * {@link Transfers#referred}. False: the calls are gone or do not fit.
     */
    public boolean referred(Leg from, String target, Leg replaced) { return transfers.referred(from, target, replaced); }

    /** The user of a line transfers {@code held}'s far party to {@code toward}'s call; see {@link Transfers#transfer}. */
    public boolean transfer(Leg held, Leg toward) { return transfers.transfer(held, toward); }

    /**
     * A new SIP leg whose INVITE carried Replaces (RFC 3891) naming {@code named}'s dialog takes a
     * leg's place in {@code named}'s call ({@link AttendedRefers#replacing} says which). False (481)
     * when {@code named} is in no answered call.
     */
    public boolean replacing(Leg named, Leg newcomer) { return transfers.replacing(named, newcomer); }

    /** The call {@code leg} is in, or null. */
    Call callOf(Leg leg) { return leg == null ? null : byLeg.get(leg); }

    /** {@code in} takes {@code out}'s place in {@code call} (media is the caller's business). */
    void moveLeg(Call call, Leg out, Leg in) {
        byLeg.remove(out, call);
        if (call.caller == out) call.caller = in;
        else call.callee = in;
        byLeg.put(in, call);
    }

    long now() { return clock.millis(); }

    static String shortId(Call c) { return c.uuid.substring(0, 8); }
}
