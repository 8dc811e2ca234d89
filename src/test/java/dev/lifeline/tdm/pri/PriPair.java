package dev.lifeline.tdm.pri;

import java.util.Optional;

/** A user-side and a network-side stack on one in-memory link, with a shared test clock. */
final class PriPair {
    final LinkPair link = new LinkPair();
    final Recorder userEvents = new Recorder();
    final Recorder netEvents = new Recorder();
    final PriStack user;
    final PriStack net;
    long now = 1_000;

    PriPair() { this(Q931Timers.defaults()); }

    PriPair(Q931Timers timers) {
        user = new PriStack("span1", false, PriStack.e1Timeslots(), link.a, userEvents, timers);
        net = new PriStack("span1-peer", true, PriStack.e1Timeslots(), link.b, netEvents, timers);
        link.a.listener = user;
        link.b.listener = net;
    }

    /** Both sides started and up (RESTARTs exchanged); recorders cleared. */
    PriPair started() {
        user.start(now);
        net.start(now);
        link.pump();
        if (!user.isUp() || !net.isUp()) throw new AssertionError("span did not come up");
        userEvents.clear();
        netEvents.clear();
        return this;
    }

    /** Moves the clock in 20 ms ticks, delivering frames after each. */
    void advance(long ms) {
        long end = now + ms;
        while (now < end) {
            now = Math.min(end, now + 20);
            user.tick(now);
            net.tick(now);
            link.pump();
        }
    }

    void pump() { link.pump(); }

    static PriSetup call(String called) {
        return new PriSetup(PartyNumber.of(called), new PartyNumber("0301234", PartyNumber.TON_NATIONAL, PartyNumber.PLAN_ISDN, 0, 0),
                PriSetup.SPEECH, 0, false);
    }

    /** A user-originated call taken to the active state. Returns {user's call, network's call}. */
    PriCall[] activeFromUser() {
        Optional<PriCall> c = user.setup(call("5551234"), now);
        pump();
        PriCall in = netEvents.lastIncoming();
        net.alerting(in, now);
        pump();
        net.answer(in, now);
        pump();
        return new PriCall[] {c.orElseThrow(), in};
    }
}
