package dev.lifeline.call;

import dev.lifeline.config.HuntGroup;
import dev.lifeline.config.HuntGroup.Strategy;
import dev.lifeline.media.AudioSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.tinylog.Logger;

/**
 * A call to a hunt group's pilot, one leg per call (like a SIP user's). Alerting it rings the
 * members' own legs from the directory, by the group's strategy: every free member at once
 * ({@code ring-all}), or one after another for {@code member-timeout} each ({@code linear},
 * {@code circular}, {@code longest-idle}; {@link HuntOrder}). A member that is busy (in a call,
 * off hook, ringing for another call, do-not-disturb) is skipped; one that is absent (an
 * unregistered SIP user: 480) is given up at once; an analog phone that is not there simply
 * does not answer within its timeout.
 *
 * <p>The engine passes the members' answers and failures here ({@link MemberEvents}); the first
 * answer wins, the other members are released with cause 26, and the engine makes the winner
 * the call's callee ({@link CallEngine#answeredBy}). When no member is left the call overflows
 * to the group's overflow number ({@link CallEngine#overflow}) or ends (busy when every member
 * was busy, else no answer). Members' own forwarding does not apply inside a hunt.
 */
final class HuntGroupLeg implements Leg, MemberEvents {
    private final HuntGroup group;
    private final HuntOrder order;
    private final CallEngine engine;
    private final Executor later;
    private final Map<Leg, String> ringing = new LinkedHashMap<>();
    private List<String> toTry = List.of();
    private int next;
    private int busy;
    private int tried;
    private long stepStarted;
    private Party caller;
    private boolean over;

    HuntGroupLeg(HuntGroup group, HuntOrder order, CallEngine engine, Executor later) {
        this.group = group;
        this.order = order;
        this.engine = engine;
        this.later = later;
    }

    @Override public String id() { return "hunt:" + group.pilot(); }
    @Override public String number() { return group.pilot(); }
    @Override public String displayName() { return null; }
    @Override public boolean available() { return true; }
    @Override public void ringback(long now) { }
    @Override public void connect(AudioSource peer, long now) { } // never: the answering member replaces this leg
    @Override public AudioSource audio() { return AudioSource.SILENCE; }

    @Override
    public void alert(Party from, long now) {
        this.caller = from;
        toTry = order.members(group, engine.idleTimes());
        Logger.info("{}: hunting {} ({}), members {}", id(), group.strategy().key(), from.number(), toTry);
        stepStarted = now;
        boolean any;
        if (group.strategy() == Strategy.RING_ALL) {
            while (next < toTry.size()) ringNext(now);
            any = !ringing.isEmpty();
        } else {
            any = ringNext(now);
        }
        if (!any) later.execute(() -> exhausted()); // not from inside the engine's alerting step
    }

    /** Rings the next member that can take the call; false when none is left. */
    private boolean ringNext(long now) {
        while (next < toTry.size()) {
            String ext = toTry.get(next++);
            Optional<Leg> leg = engine.directory().lookup(ext);
            var services = engine.services();
            boolean dnd = services != null && services.state(ext).dnd();
            if (leg.isEmpty() || engine.busy(leg.get()) || dnd) {
                busy++;
                Logger.info("{}: member {} is busy{}, skipped", id(), ext, dnd ? " (do not disturb)" : "");
                continue;
            }
            tried++;
            ringing.put(leg.get(), ext);
            engine.watch(leg.get(), this);
            order.offered(group, ext);
            stepStarted = now;
            Logger.info("{}: ringing member {} ({})", id(), ext, leg.get().id());
            leg.get().alert(caller, now);
            return true;
        }
        return false;
    }

    @Override
    public void alertingTick(long now) {
        if (over || ringing.isEmpty() || now - stepStarted < group.memberTimeoutMs()) return;
        Logger.info("{}: no answer from {} within {} ms", id(), ringing.values(), group.memberTimeoutMs());
        releaseRinging(Q850.NO_ANSWER, now);
        moveOn(now);
    }

    @Override
    public void memberAnswered(Leg member, long now) {
        if (over || !ringing.containsKey(member)) return;
        over = true;
        engine.unwatch(member);
        ringing.remove(member);
        releaseRinging(Q850.NON_SELECTED_USER_CLEARING, now);
        Logger.info("{}: member {} answered", id(), member.id());
        engine.answeredBy(this, member);
    }

    @Override
    public void memberRejected(Leg member, int cause, long now) {
        String ext = ringing.remove(member);
        engine.unwatch(member);
        if (ext == null || over) return;
        Logger.info("{}: member {} cannot take the call, cause {}", id(), ext, cause);
        if (cause == Q850.USER_BUSY) busy++;
        member.dispose();
        if (ringing.isEmpty()) moveOn(now);
    }

    /** The current member(s) gave up: the next one, or the overflow. */
    private void moveOn(long now) {
        if (group.strategy() != Strategy.RING_ALL && ringNext(now)) {
            engine.restartRinging(this);
            return;
        }
        exhausted();
    }

    private void exhausted() {
        if (over) return;
        over = true;
        int cause = tried == 0 || busy >= toTry.size() ? Q850.USER_BUSY : Q850.NO_ANSWER;
        Logger.info("{}: no member took the call ({} busy of {}); overflow to {}", id(), busy, toTry.size(),
                group.overflow() == null ? "none" : group.overflow());
        engine.overflow(this, group.overflow(), cause);
    }

    @Override
    public void release(int cause, long now) {
        over = true;
        releaseRinging(cause, now);
    }

    private void releaseRinging(int cause, long now) {
        for (Leg l : new ArrayList<>(ringing.keySet())) {
            engine.unwatch(l);
            l.release(cause, now);
            l.dispose();
        }
        ringing.clear();
    }
}
