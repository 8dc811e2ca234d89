package dev.lifeline.tdm.pri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both sides driven at random by their call layers (calls, answers, hang-ups in any order,
 * including from inside callbacks) with the link dropping now and then. Whatever happened, once
 * every call is hung up and the timers have run, both sides must agree the span is empty: no
 * call left, every channel idle, and every call the listener heard of released exactly once.
 */
class PriStackPairFuzzTest {

    @Test
    void twoStacksAlwaysEndClean() {
        for (long seed = 1; seed <= 20; seed++) run(seed);
    }

    private void run(long seed) {
        Random r = new Random(seed);
        PriPair p = new PriPair().started();
        if (r.nextBoolean()) p.userEvents.hangUpOnCleared = p.user;
        if (r.nextBoolean()) p.netEvents.hangUpOnCleared = p.net;
        java.util.Map<PriStack, List<PriCall>> made = new java.util.IdentityHashMap<>();
        made.put(p.user, new java.util.ArrayList<>());
        made.put(p.net, new java.util.ArrayList<>());
        for (int i = 0; i < 1_500; i++) {
            PriStack side = r.nextBoolean() ? p.user : p.net;
            List<PriCall> calls = side.calls();
            int a = r.nextInt(12);
            if (a < 3) {
                side.setup(new PriSetup(PartyNumber.of("1"), null, PriSetup.SPEECH, r.nextInt(4) == 0 ? 1 + r.nextInt(31) : 0,
                        r.nextBoolean()), p.now).ifPresent(made.get(side)::add);
            } else if (a < 9 && !calls.isEmpty()) {
                PriCall c = calls.get(r.nextInt(calls.size()));
                switch (a) {
                    case 3, 4 -> side.alerting(c, p.now);
                    case 5, 6 -> side.answer(c, p.now);
                    case 7 -> side.progress(c, p.now);
                    default -> side.hangup(c, r.nextBoolean() ? 16 : 17, p.now);
                }
            } else if (a == 9 && r.nextInt(40) == 0) {
                p.link.pull(p.now);
                p.link.plugIn();
            }
            if (r.nextInt(3) == 0) p.pump(); // let messages cross now and then, not always
            if (r.nextInt(20) == 0) p.advance(r.nextInt(6_000));
        }
        p.pump();
        for (PriStack side : List.of(p.user, p.net)) for (PriCall c : side.calls()) side.hangup(c, 16, p.now);
        p.advance(200_000);
        for (PriStack side : List.of(p.user, p.net)) {
            assertEquals(List.of(), side.calls(), "seed " + seed);
            assertTrue(side.isUp(), "seed " + seed);
            assertTrue(side.channels().stream().allMatch(ch -> ch.state().equals("idle")), "seed " + seed);
        }
        for (PriStack side : List.of(p.user, p.net)) {
            Recorder rec = side == p.user ? p.userEvents : p.netEvents;
            List<PriCall> all = new java.util.ArrayList<>(made.get(side));
            all.addAll(rec.incoming);
            for (PriCall c : all) assertEquals(1, rec.released.getOrDefault(c, 0), "released exactly once: " + c + ", seed " + seed);
            assertEquals(all.size(), rec.released.size(), "only calls the listener knew of are released, seed " + seed);
            assertTrue(all.size() > 20, "the run made calls, seed " + seed);
        }
    }
}
