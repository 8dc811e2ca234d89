package dev.lifeline.call;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.media.AudioSource;
import dev.lifeline.media.Conference;
import dev.lifeline.media.MusicOnHold;
import dev.lifeline.tdm.CallWaitingAlert;
import dev.lifeline.tdm.FxsChannel;
import dev.lifeline.tdm.FxsState;
import dev.lifeline.tdm.TransitionTable;
import dev.lifeline.util.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.tinylog.Logger;

/**
 * The calls of one analog line (issue #13, hook-flash services). A phone has one handset but may
 * be in two calls: one it talks in and one held or waiting. The call engine maps each leg to at
 * most one call, so the line presents one leg per call — slot 0 is the line's {@link FxsLeg},
 * slot 1 a {@link LineAppearance} — and this class multiplexes the physical line between them:
 * which call the handset hears and speaks to, the call-waiting alert for a call that waits, the
 * hold tone or music for a held party, and what a hook flash or a hang-up means. Each slot's
 * state is declared ({@link AppearanceState#TABLE}) and every change is logged with the port id.
 * Engine thread only.
 */
final class LineCalls {
    static final int SLOTS = 2;
    /** A held call whose recall ring is not answered ends after this long (as a ringing call would). */
    static final long RECALL_MS = 60_000;

    private final FxsChannel line;
    private final FxsLeg owner;
    private final CallEngine engine;
    private final Clock clock;
    private final Slot[] slots = new Slot[SLOTS];
    private MusicOnHold hold = MusicOnHold.comfortTone();
    /** Three-way call: party 0 the line, 1 slot 0's far party, 2 slot 1's; null when none. */
    private Conference conference;

    /** One call of the line. */
    private final class Slot {
        final int index;
        final Leg leg;
        final TransitionTable.Machine<AppearanceState> machine = new TransitionTable.Machine<>(AppearanceState.TABLE,
                AppearanceState.FREE);
        long since;
        AudioSource peer;
        Party party;
        MusicOnHold.Player holdPlayer;
        /** Dialled by the user while the other call was held (three-way calling, transfer). */
        boolean second;
        final AudioSource audio = this::say;

        Slot(int index, Leg leg) {
            this.index = index;
            this.leg = leg;
        }

        AppearanceState state() { return machine.state(); }

        /** What this call's far party hears: the handset when active, the hold player when held. */
        private boolean say(short[] frame) {
            return switch (state()) {
                case ACTIVE -> line.input().read(frame);
                case HELD, RECALL -> holdPlayer != null && holdPlayer.read(frame);
                case CONFERENCE -> conference != null && conference.output(index + 1).read(frame);
                default -> false;
            };
        }
    }

    LineCalls(FxsChannel line, FxsLeg owner, CallEngine engine, Clock clock) {
        this.line = line;
        this.owner = owner;
        this.engine = engine;
        this.clock = clock;
        slots[0] = new Slot(0, owner);
        slots[1] = new Slot(1, new LineAppearance(this, owner, 1));
    }

    /** What held parties hear (services.music-on-hold). */
    void holdMusic(MusicOnHold m) { this.hold = m; }

    /** The slots' states, slot 0 first (status, tests). */
    List<AppearanceState> states() { return List.of(slots[0].state(), slots[1].state()); }

    /** Whether the line is in a three-way call. */
    boolean inConference() { return conference != null; }

    /** History of one slot's transitions (status, tests). */
    List<TransitionTable.Transition<AppearanceState>> history(int slot) { return slots[slot].machine.history(); }

    // ---- the engine's view -------------------------------------------------------------

    /** The leg to offer a new call to: a free slot (the line's own leg when both are free), else the line's leg (busy). */
    Leg legForOffer() {
        if (slots[0].state() == AppearanceState.FREE) return slots[0].leg;
        if (slots[1].state() == AppearanceState.FREE) return slots[1].leg;
        return slots[0].leg;
    }

    /**
     * Free to take a call: an idle line with no call, or — call waiting — a line talking in
     * exactly one answered call, with the service on for its extension.
     */
    boolean available(int slot) {
        Slot s = slots[slot], o = other(s);
        if (s.state() != AppearanceState.FREE) return false;
        if (o.state() == AppearanceState.FREE) return line.isIdle();
        return o.state() == AppearanceState.ACTIVE && line.state() == FxsState.CONNECTED && callWaitingOn()
                && line.inService() && engine.inCall(o.leg);
    }

    void alert(int slot, Party caller, long now) {
        Slot s = slots[slot];
        s.party = caller;
        CallerId cid = callerId(caller);
        if (other(s).state() == AppearanceState.FREE) {
            go(s, AppearanceState.RINGING, "call offered", now);
            line.ring(cid, now);
            return;
        }
        go(s, AppearanceState.WAITING, "call offered while in a call", now);
        line.inCallSignal(new CallWaitingAlert(line.id(), line.zone(), line.callerIdEnabled() ? cid : null,
                line.callerIdFormat(), now));
    }

    /** This slot's party is being alerted (or, transferred blind, waits for the answer): ringback. */
    void ringback(int slot) { if (slots[slot].state() == AppearanceState.ACTIVE) line.ringback(); }

    void earlyMedia(int slot, AudioSource early) { if (slots[slot].state() == AppearanceState.ACTIVE) line.earlyMedia(early); }

    void connect(int slot, AudioSource peer, long now) {
        Slot s = slots[slot];
        s.peer = peer;
        if (s.state() == AppearanceState.ACTIVE) hearOnLine(s, now);
    }

    AudioSource audio(int slot) { return slots[slot].audio; }

    void sendDtmf(int slot, char digit) { if (slots[slot].state() == AppearanceState.ACTIVE) line.playDtmf(digit); }

    /** The engine ends this slot's call (the far party left, the attempt failed, the caller gave up). */
    void release(int slot, int cause, long now) {
        Slot s = slots[slot];
        switch (s.state()) {
            case RINGING, RECALL -> line.stopRinging(now);
            case WAITING -> line.inCallSignal(null);
            case ACTIVE -> releaseOnLine(cause, now);
            default -> { }
        }
        boolean wasConference = s.state() == AppearanceState.CONFERENCE;
        free(s, "call ended, cause " + cause, now);
        if (wasConference) leaveConference(other(s), now);
    }

    private void releaseOnLine(int cause, long now) {
        switch (line.state()) {
            case RINGING -> line.stopRinging(now);
            case CONNECTED -> line.farEndHungUp(now);
            case OUTGOING -> line.fail(Q850.isBusy(cause) ? line.zone().busy()
                    : Q850.isCongestion(cause) ? line.zone().congestion() : line.zone().disconnect(),
                    "call failed, cause " + cause, now);
            default -> { }
        }
    }

    // ---- the line's signalling -----------------------------------------------------------

    void dialled(String number) {
        long now = clock.millis();
        Slot s = slots[0].state() == AppearanceState.FREE ? slots[0] : slots[1];
        if (s.state() != AppearanceState.FREE) {
            Logger.warn("{}: dialled {} with no free line appearance", line.id(), number);
            return;
        }
        s.party = new Party(number, null);
        s.second = other(s).state() == AppearanceState.HELD;
        other(s).second = false;
        go(s, AppearanceState.ACTIVE, "dialled " + number + (s.second ? " (second call)" : ""), now);
        engine.originate(s.leg, number);
    }

    void answered() {
        long now = clock.millis();
        for (Slot s : slots) {
            if (s.state() == AppearanceState.RECALL) {
                go(s, AppearanceState.ACTIVE, "recall answered", now);
                hearOnLine(s, now);
                return;
            }
            if (s.state() == AppearanceState.RINGING) {
                go(s, AppearanceState.ACTIVE, "answered", now);
                engine.answered(s.leg);
                return;
            }
        }
    }

    /**
     * The handset went on hook. The call it was in ends; a held call rings the line back
     * (recall) and a waiting one rings it as an ordinary call.
     */
    void hungUp() {
        long now = clock.millis();
        Slot active = find(AppearanceState.ACTIVE), held = find(AppearanceState.HELD);
        if (active != null && held != null && active.second && engine.inCall(active.leg) && transferOn()) {
            transfer(held, active, now);
            return;
        }
        conference = null;
        for (Slot s : slots) {
            if (s.state() == AppearanceState.ACTIVE || s.state() == AppearanceState.CONFERENCE) {
                free(s, "hung up", now);
                engine.hungUp(s.leg);
            }
        }
        for (Slot s : slots) {
            if (s.state() == AppearanceState.HELD) {
                go(s, AppearanceState.RECALL, "hung up with a call on hold", now);
                line.ring(callerId(s.party), now);
                return;
            }
            if (s.state() == AppearanceState.WAITING) {
                go(s, AppearanceState.RINGING, "hung up with a call waiting", now);
                line.ring(callerId(s.party), now);
                return;
            }
        }
    }

    /**
     * Hook flash (docs/line-services.md, "Hook-flash services"): answers a waiting call (holding
     * the one in progress); toggles between the active and the held call; in a call with no
     * other, holds it and gives dial tone for a second call (the zone convention here: a plain
     * flash holds); at that dial tone, or after the other party hung up, takes the held call back.
     * Ignored, as before, where the service is off or there is nothing to do.
     */
    void flash() {
        long now = clock.millis();
        Slot active = find(AppearanceState.ACTIVE);
        Slot waiting = find(AppearanceState.WAITING);
        Slot held = find(AppearanceState.HELD);
        Slot inConf = find(AppearanceState.CONFERENCE);
        if (inConf != null) { // flash in a three-way call drops the party added last
            Slot added = slots[0].second ? slots[0] : slots[1];
            free(added, "flash: third party dropped", now);
            engine.hungUp(added.leg);
            leaveConference(other(added), now);
        } else if (active != null && held != null && active.second && active.peer != null
                && line.state() == FxsState.CONNECTED) {
            startConference(now);
        } else if (waiting != null && callWaitingOn()) {
            if (active != null) hold(active, now);
            line.inCallSignal(null);
            go(waiting, AppearanceState.ACTIVE, "flash: waiting call answered", now);
            engine.answered(waiting.leg);
        } else if (held != null && active != null && line.state() == FxsState.CONNECTED) {
            hold(active, now);
            go(held, AppearanceState.ACTIVE, "flash: back to the held call", now);
            hearOnLine(held, now);
        } else if (held != null && active != null) { // the second call is still being dialled or rung: abandon it
            free(active, "flash: second call abandoned", now);
            engine.hungUp(active.leg);
            go(held, AppearanceState.ACTIVE, "flash: back to the held call", now);
            hearOnLine(held, now);
        } else if (held != null) {
            go(held, AppearanceState.ACTIVE, "flash: back to the held call", now);
            hearOnLine(held, now);
        } else if (active != null && line.state() == FxsState.CONNECTED && active.peer != null && holdOn()) {
            hold(active, now);
            line.holdDialTone(now);
        } else {
            Logger.info("{}: flash ignored (nothing to switch to, or the service is off)", line.id());
        }
    }

    void digit(char d) {
        Slot a = find(AppearanceState.ACTIVE);
        if (a != null) engine.digit(a.leg, d);
    }

    /** Timers: an unanswered waiting call gets busy (or follows forward-on-no-answer), an unanswered recall ends. */
    void tick(long now) {
        if (conference != null) conference.mix();
        for (Slot s : slots) {
            if (s.state() == AppearanceState.WAITING && now - s.since >= waitingTimeoutMs() && !forwardsOnNoAnswer()) {
                line.inCallSignal(null);
                free(s, "waiting call not answered: busy", now);
                engine.rejected(s.leg, Q850.USER_BUSY); // busy, or forward-on-busy
            } else if (s.state() == AppearanceState.RECALL && now - s.since >= RECALL_MS) {
                line.stopRinging(now);
                free(s, "recall not answered", now);
                engine.hungUp(s.leg, Q850.NO_ANSWER);
            }
        }
    }

    /** The port faulted and was reset: every call of the line is cleared (41). */
    void portFailed() {
        long now = clock.millis();
        for (Slot s : slots) {
            if (s.state() == AppearanceState.FREE) continue;
            free(s, "port fault", now);
            engine.portFailed(s.leg);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /**
     * Transfer: the user dialled a second call from the flash's dial tone and hung up — the held
     * party goes to the second call's far party (attended if it answered, blind while it rings),
     * and the line is free at once.
     */
    private void transfer(Slot held, Slot active, long now) {
        Leg heldLeg = held.leg, activeLeg = active.leg;
        free(held, "hung up: transferred", now);
        free(active, "hung up: transferred", now);
        if (!engine.transfer(heldLeg, activeLeg)) { // the calls did not fit: end both, as a hang-up would
            Logger.info("{}: transfer not possible; both calls end", line.id());
            engine.hungUp(activeLeg);
            engine.hungUp(heldLeg);
        }
    }

    /** Three-way calling: the held call and the second call join the line in a conference. */
    private void startConference(long now) {
        for (Slot s : slots) {
            stopHold(s);
            go(s, AppearanceState.CONFERENCE, "flash: three-way call", now);
        }
        conference = new Conference(line.input(), slots[0].peer, slots[1].peer);
        line.connect(conference.output(0), now);
    }

    /** A party left the three-way call: the line and {@code remaining} talk on, two-way. */
    private void leaveConference(Slot remaining, long now) {
        conference = null;
        for (Slot s : slots) s.second = false;
        if (remaining.state() != AppearanceState.CONFERENCE) return;
        go(remaining, AppearanceState.ACTIVE, "the other party left the three-way call", now);
        hearOnLine(remaining, now);
    }

    private void hold(Slot s, long now) {
        go(s, AppearanceState.HELD, "flash: on hold", now);
        s.holdPlayer = hold.start();
    }

    /** The handset now hears {@code s}'s far party. */
    private void hearOnLine(Slot s, long now) {
        stopHold(s);
        if (s.peer == null) return;
        if (line.state() == FxsState.CONNECTED || line.state() == FxsState.OUTGOING) line.connect(s.peer, now);
        else line.resume(s.peer, now); // from the disconnect tone or the flash's dial tone
    }

    private void free(Slot s, String why, long now) {
        stopHold(s);
        s.peer = null;
        s.party = null;
        s.second = false;
        if (s.state() != AppearanceState.FREE) go(s, AppearanceState.FREE, why, now);
    }

    private void stopHold(Slot s) {
        if (s.holdPlayer != null) {
            s.holdPlayer.close();
            s.holdPlayer = null;
        }
    }

    private void go(Slot s, AppearanceState to, String cause, long now) {
        var t = s.machine.go(to, cause, now);
        s.since = now;
        Logger.info("{}: call {} {}", line.id(), s.index + 1, t);
    }

    private Slot other(Slot s) { return slots[1 - s.index]; }

    private Slot find(AppearanceState st) {
        for (Slot s : slots) if (s.state() == st) return s;
        return null;
    }

    private CallerId callerId(Party p) {
        if (p == null) return null;
        return new CallerId(p.number(), p.name(), LocalDateTime.ofInstant(clock.now(), ZoneId.systemDefault()));
    }

    private boolean transferOn() {
        LineServices s = engine.services();
        return s == null || s.config().of(owner.number()).transfer();
    }

    private boolean holdOn() {
        LineServices s = engine.services();
        return s == null || s.config().of(owner.number()).hold();
    }

    private boolean callWaitingOn() {
        LineServices s = engine.services();
        return s == null || s.config().of(owner.number()).callWaiting();
    }

    private long waitingTimeoutMs() {
        LineServices s = engine.services();
        return s == null ? dev.lifeline.config.ServicesConfig.DEFAULTS.noAnswerMs() : s.config().noAnswerMs();
    }

    private boolean forwardsOnNoAnswer() {
        LineServices s = engine.services();
        return s != null && s.state(owner.number()).cfnr() != null;
    }
}
