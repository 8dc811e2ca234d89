package dev.lifeline.sip.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeline.config.OverloadConfig;
import dev.lifeline.sip.overload.Admission.Kind;
import dev.lifeline.sip.overload.Admission.Verdict;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The admission policy on a hand-driven clock: budgets, priority, the queue rule, 503-then-drop. */
class AdmissionTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private int rejectRate = 20_000;

    private Admission admission(int maxRate, int sourceRate) {
        return new Admission(new OverloadConfig(maxRate, sourceRate, 100, 1000, 5, rejectRate, 800), now::get);
    }

    private int admitted(Admission a, String source, Kind kind, int n) {
        int ok = 0;
        for (int i = 0; i < n; i++) if (a.decide(source, kind) == Verdict.ADMIT) ok++;
        return ok;
    }

    @Test
    void theGlobalBudgetAdmitsItsRateAndRefusesTheRestWith503sWhileTheRefusalBudgetLasts() {
        rejectRate = 400;
        Admission a = admission(400, 400);
        // a quarter second of burst: 100 tokens
        assertEquals(100, admitted(a, "10.0.0.1", Kind.NEW, 100));
        int[] refused = refusals(a, "10.0.0.1", 150);
        assertEquals(100, refused[0], "503s: a quarter second of the refusal budget");
        assertEquals(50, refused[1], "beyond it: dropped unanswered");
        now.addAndGet(1000 * MS); // a second later both buckets are full again (capped at 100)
        assertEquals(100, admitted(a, "10.0.0.1", Kind.NEW, 150));
        Admission.Stats s = a.stats();
        assertEquals(200, s.admitted());
        assertEquals(150, s.rejected());
        assertEquals(50, s.dropped());
    }

    @Test
    void theGlobalRefusalBudgetBoundsThe503sOfManySources() {
        rejectRate = 40; // a burst of 10
        Admission a = admission(40, 40);
        admitted(a, "10.0.0.1", Kind.NEW, 10); // the admission budget is spent
        int answered = 0;
        for (int src = 2; src < 30; src++) answered += refusals(a, "10.0.0." + src, 5)[0];
        assertEquals(10, answered, "503s in all, however many sources");
    }

    @Test
    void newWorkTurnedAwayUnreadIsAnsweredWithinTheSameBudgets() {
        rejectRate = 400;
        Admission a = admission(400, 400);
        int rejected = 0;
        for (int i = 0; i < 150; i++) if (a.refuseUnread("10.0.0.7") == Verdict.REJECT) rejected++;
        assertEquals(100, rejected);
        assertEquals(100, a.stats().rejected());
        assertEquals(50, a.stats().dropped());
        assertEquals(0, a.stats().admitted());
    }

    /** {503s, drops} among {@code n} refused NEW requests. */
    private int[] refusals(Admission a, String source, int n) {
        int[] out = new int[2];
        for (int i = 0; i < n; i++) {
            Verdict v = a.decide(source, Kind.NEW);
            if (v == Verdict.REJECT) out[0]++;
            else if (v == Verdict.DROP) out[1]++;
        }
        return out;
    }

    @Test
    void priorityTrafficIsAlwaysAdmittedEvenWhenEverythingElseIsRefused() {
        Admission a = admission(40, 40);
        admitted(a, "10.0.0.9", Kind.NEW, 1000);
        assertEquals(Verdict.ADMIT, a.decide("10.0.0.9", Kind.PRIORITY), "a BYE from the flooding source still passes");
        a.trust(Set.of("192.0.2.1"));
        assertEquals(true, a.trusted("192.0.2.1"));
        assertEquals(false, a.trusted("10.0.0.9"));
    }

    @Test
    void whileBusyOneSourceIsHeldToItsShareAndOthersStillGetIn() {
        Admission a = admission(4000, 1000); // burst: 1000 global, 250 per source
        // the scanner uses its own bucket, then rides on the global one until that falls below half
        int scanner = admitted(a, "10.0.0.66", Kind.NEW, 5000);
        assertEquals(501, scanner, "250 of its own, then the global bucket down to half (1000 - 250 -> 499)");
        // the box is busy now (global below half), but a phone with budget of its own still gets in
        assertEquals(Verdict.ADMIT, a.decide("10.0.0.20", Kind.NEW));
        assertEquals(Verdict.ADMIT, a.decide("10.0.0.21", Kind.NEW));
    }

    @Test
    void newWorkIsRefusedWhenHalfTheQueueWaitsButStartedWorkContinues() {
        Admission a = admission(1000, 1000);
        AtomicInteger depth = new AtomicInteger(51);
        a.queueDepth(depth::get);
        assertEquals(Verdict.REJECT, a.decide("10.0.0.1", Kind.NEW));
        assertEquals(Verdict.ADMIT, a.decide("10.0.0.2", Kind.CONTINUING), "a REGISTER answering our challenge goes on");
        depth.set(50);
        assertEquals(Verdict.ADMIT, a.decide("10.0.0.3", Kind.NEW));
    }

    @Test
    void theSourceTableIsBounded() {
        Admission a = admission(1_000_000, 1_000_000);
        for (int i = 0; i < Admission.MAX_SOURCES * 3; i++) a.decide("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), Kind.NEW);
        assertEquals(Admission.MAX_SOURCES, a.trackedSources());
    }
}
