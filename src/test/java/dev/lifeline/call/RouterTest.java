package dev.lifeline.call;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.Route;
import dev.lifeline.media.AudioSource;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import dev.lifeline.util.ManualClock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing decisions of the call engine per mode: HQ first in NORMAL, skipped otherwise, fallback
 * on "try elsewhere" failures but not on busy / no such number, calls from HQ kept local,
 * emergency-free dial plans, and hairpinned calls ending each other.
 */
class RouterTest {
    private final ManualClock clock = new ManualClock();
    private final AtomicBoolean normal = new AtomicBoolean(true);
    private final List<FakeLeg> hqLegs = new ArrayList<>();
    private Database db;
    private CdrRecorder cdrs;
    private CallEngine engine;
    private FakeLeg fxs1;
    private FakeLeg fxs2;

    /** A leg that records what the engine did to it. */
    static class FakeLeg implements Leg {
        final String id;
        final String number;
        boolean available = true;
        boolean viaHq;
        final List<String> events = new ArrayList<>();
        FakeLeg(String id, String number) { this.id = id; this.number = number; }
        @Override public String id() { return id; }
        @Override public String number() { return number; }
        @Override public String displayName() { return null; }
        @Override public boolean available() { return available; }
        @Override public boolean viaHq() { return viaHq; }
        @Override public void alert(Party caller, long now) { events.add("alert from " + caller.number()); }
        @Override public void ringback(long now) { events.add("ringback"); }
        @Override public void connect(AudioSource peer, long now) { events.add("connect"); }
        @Override public AudioSource audio() { return AudioSource.SILENCE; }
        @Override public void release(int cause, long now) { events.add("release " + cause); }
        @Override public void dispose() { events.add("dispose"); }
        boolean alerted() { return events.stream().anyMatch(e -> e.startsWith("alert")); }
    }

    /** The HQ side of a call, with the correlation a hairpin is recognised by. */
    static final class FakeHqEnd extends FakeLeg implements Hairpins.End {
        final boolean toHq;
        final String token;
        FakeHqEnd(String id, String number, boolean toHq, String token) {
            super(id, number);
            this.toHq = toHq;
            this.token = token;
            this.viaHq = !toHq;
        }
        @Override public boolean toHq() { return toHq; }
        @Override public String hairpinToken() { return token; }
        @Override public InetSocketAddress localMedia() { return null; }
        @Override public InetSocketAddress remoteMedia() { return null; }
    }

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        db = Database.open(tmp.resolve("cdr.db"));
        cdrs = new CdrRecorder(new CdrStore(db), dev.lifeline.store.CdrSpool.in(tmp), dev.lifeline.util.Clock.SYSTEM, CdrBacklog.Health.NONE);
        Directory dir = new Directory();
        engine = new CallEngine(clock, "gw1", dir, n -> n.startsWith("0") ? "+1" + n.substring(1) : n, 60_000, cdrs,
                () -> normal.get() ? "normal" : "survival");
        fxs1 = new FakeLeg("fxs:fxs1", "6000");
        fxs2 = new FakeLeg("fxs:fxs2", "6001");
        dir.add(fxs1);
        dir.add(fxs2);
        engine.router().setRoutes(List.of(
                new Route(Pattern.compile("^60\\d\\d$"), List.of("hq", "local")),
                new Route(Pattern.compile("^8\\d{3}$"), List.of("hq")),
                new Route(Pattern.compile("^7\\d{3}$"), List.of("local", "hq"))));
        engine.router().setHq(normal::get, (caller, number) -> {
            FakeHqEnd l = new FakeHqEnd("hq:" + number, number, true, "tok-" + hqLegs.size());
            hqLegs.add(l);
            return Optional.of(l);
        });
        engine.router().setCallsFromHq(user -> user.equals("u6001") ? Optional.of("6001") : Optional.empty());
    }

    @AfterEach
    void tearDown() {
        cdrs.close();
        db.close();
    }

    private Cdr lastCdr() {
        cdrs.flush();
        return new CdrStore(db).recent(1).get(0);
    }

    @Test
    void inNormalModeARouteViaHqGoesToHq() {
        engine.originate(fxs1, "6001");
        assertEquals(1, hqLegs.size());
        assertTrue(hqLegs.get(0).alerted());
        assertFalse(fxs2.alerted(), "not rung locally");
        assertEquals(hqLegs.get(0), engine.calls().get(0).callee());
    }

    @Test
    void outsideNormalModeHqIsSkippedAndTheCallStaysLocal() {
        normal.set(false);
        engine.originate(fxs1, "6001");
        assertTrue(hqLegs.isEmpty(), "no INVITE towards HQ in survival");
        assertTrue(fxs2.alerted());
    }

    @Test
    void hqUnreachableFallsThroughToTheNextDestination() {
        engine.originate(fxs1, "6001");
        FakeLeg hq = hqLegs.get(0);
        engine.rejected(hq, 102); // INVITE timed out
        assertTrue(hq.events.contains("dispose"));
        assertTrue(fxs2.alerted(), "fell back to the local extension");
        engine.answered(fxs2);
        engine.hungUp(fxs1);
        Cdr cdr = lastCdr();
        assertEquals("fxs:fxs2", cdr.dstLeg());
        assertEquals(16, cdr.q850Cause());
    }

    @Test
    void busyOrUnknownAtAReachableHqEndTheCall() {
        engine.originate(fxs1, "6001");
        engine.rejected(hqLegs.get(0), Q850.USER_BUSY);
        assertFalse(fxs2.alerted(), "busy is an answer, not a reason to try elsewhere");
        assertTrue(fxs1.events.contains("release 17"));
        engine.originate(fxs1, "6001");
        engine.rejected(hqLegs.get(1), Q850.UNALLOCATED_NUMBER);
        assertFalse(fxs2.alerted());
        assertTrue(fxs1.events.contains("release 1"));
    }

    @Test
    void aRouteOnlyViaHqFailsWithNoRouteOutsideNormalMode() {
        normal.set(false);
        engine.originate(fxs1, "8001");
        assertTrue(fxs1.events.contains("release " + Q850.NO_ROUTE), fxs1.events.toString());
        assertEquals("survival", lastCdr().mode());
    }

    @Test
    void aCallPlacedInSurvivalIsRecordedAsSurvivalEvenIfItEndsInNormal() {
        normal.set(false);
        engine.originate(fxs1, "6001");
        engine.answered(fxs2);
        normal.set(true); // the WAN came back while the call went on
        engine.hungUp(fxs1);
        assertEquals("survival", lastCdr().mode(), "the mode the call ran in, not the one it ended in");
    }

    @Test
    void anUnregisteredLocalUserFallsThroughToHq() {
        engine.originate(fxs1, "7001"); // not in the directory: local is unavailable, HQ is next
        assertEquals(1, hqLegs.size());
        assertTrue(hqLegs.get(0).alerted());
    }

    @Test
    void withoutARouteTheDirectoryDecidesAsBefore() {
        engine.router().setRoutes(List.of());
        engine.originate(fxs1, "6001");
        assertTrue(fxs2.alerted());
        engine.hungUp(fxs1);
        engine.originate(fxs1, "5999");
        assertTrue(fxs1.events.contains("release 1"), "no such extension and no PSTN: unallocated");
    }

    @Test
    void aCallFromHqRingsTheLineOfItsUpstreamUserAndNeverGoesBackToHq() {
        FakeLeg fromHq = new FakeLeg("hq:sip:8000@hq", "8000");
        fromHq.viaHq = true;
        engine.originate(fromHq, "u6001");
        assertTrue(fxs2.alerted(), "the upstream user u6001 is fxs2");
        assertTrue(hqLegs.isEmpty());
        FakeLeg unknown = new FakeLeg("hq:sip:8001@hq", "8001");
        unknown.viaHq = true;
        engine.originate(unknown, "6000"); // not an upstream user nor a SIP user: 404
        assertTrue(unknown.events.contains("release 1"), unknown.events.toString());
        assertFalse(fxs1.alerted());
    }

    @Test
    void hairpinnedCallsEndEachOtherLocally() {
        // fxs1 -> HQ (call A) ... HQ -> gateway -> fxs2 (call B), the INVITE carrying A's token
        engine.originate(fxs1, "6001");
        FakeHqEnd out = (FakeHqEnd) hqLegs.get(0);
        FakeHqEnd back = new FakeHqEnd("hq:sip:6000@hq", "6000", false, out.token);
        engine.router().setCallsFromHq(Optional::of);
        engine.originate(back, "6001");
        assertTrue(fxs2.alerted());
        engine.answered(fxs2);
        engine.answered(out);
        assertEquals(2, engine.calls().size());
        // the WAN is gone; fxs1 hangs up: fxs2's call is ended here, not by a BYE through HQ
        engine.hungUp(fxs1);
        assertTrue(engine.calls().isEmpty(), "both calls cleared");
        assertTrue(fxs2.events.contains("release 16"), fxs2.events.toString());
        assertTrue(back.events.contains("release 16"), "HQ's leg of call B is released too (BYE sent, best effort)");
    }

    @Test
    void tryElsewhereCauses() {
        for (int c : new int[] {3, 18, 34, 41, 102}) assertTrue(Router.tryElsewhere(c), "cause " + c);
        for (int c : new int[] {1, 16, 17, 19, 21, 28}) assertFalse(Router.tryElsewhere(c), "cause " + c);
    }

    /** A PRI span as the router sees it, handing out fake legs. */
    static final class FakeSpan implements SpanDialler {
        boolean up = true;
        boolean free = true;
        final List<FakeLeg> legs = new ArrayList<>();
        @Override public boolean up() { return up; }
        @Override public boolean hasFreeChannel() { return free; }
        @Override public Leg outgoing(String digits) {
            FakeLeg l = new FakeLeg("e1:e1a/" + (31 - legs.size()), digits) {
                @Override public boolean isPstn() { return true; }
            };
            legs.add(l);
            return l;
        }
    }

    private FakeSpan spanRoutes(String... via) {
        FakeSpan span = new FakeSpan();
        engine.router().setSpans(java.util.Map.of("e1a", span));
        engine.router().setRoutes(List.of(new Route(Pattern.compile("^\\+1"), List.of(via))));
        return span;
    }

    @Test
    void aSpanRouteTakesAChannelWithTheDigitsDialledAndFallsToTheNextRouteWhenAllAreBusy() {
        FakeSpan span = spanRoutes("hq", "span:e1a");
        normal.set(false); // survival: hq skipped, the span is the breakout
        engine.originate(fxs1, "05555550100");
        assertEquals(1, span.legs.size());
        assertEquals("+15555550100", span.legs.get(0).number(), "no outside prefix configured here: the normalized number");
        assertTrue(span.legs.get(0).alerted());
        engine.hungUp(fxs1);
        span.free = false; // all 30 B-channels busy: cause 34, the last destination of the route
        engine.originate(fxs1, "05555550100");
        assertEquals(1, span.legs.size(), "no leg taken on a full span");
        assertTrue(fxs1.events.contains("release " + Q850.NO_CIRCUIT), fxs1.events.toString());
    }

    @Test
    void aSpanThatIsDownIsSkippedLikeAnUnreachableHq() {
        FakeSpan span = spanRoutes("span:e1a");
        span.up = false;
        engine.originate(fxs1, "05555550100");
        assertTrue(span.legs.isEmpty());
        assertTrue(fxs1.events.contains("release " + Q850.NO_ROUTE), fxs1.events.toString());
    }

    @Test
    void aNoCircuitRejectionFromTheSpanTriesTheNextDestination() {
        FakeSpan span = spanRoutes("span:e1a", "hq");
        engine.originate(fxs1, "05555550100");
        engine.rejected(span.legs.get(0), Q850.NO_CIRCUIT); // glare lost the channel
        assertEquals(1, hqLegs.size(), "then HQ");
    }

    @Test
    void aCallInFromThePstnRingsOnlyALocalExtensionNeverBackOut() {
        FakeSpan span = spanRoutes("span:e1a");
        FakeLeg pstn = new FakeLeg("e1:e1a/1", "5555550123") {
            @Override public boolean isPstn() { return true; }
        };
        engine.originate(pstn, "6001");
        assertTrue(fxs2.alerted());
        engine.hungUp(pstn);
        FakeLeg again = new FakeLeg("e1:e1a/2", "5555550123") {
            @Override public boolean isPstn() { return true; }
        };
        engine.originate(again, "+15555550999"); // an unmapped DID that a route would send out again
        assertTrue(span.legs.isEmpty(), "not tromboned back to the PSTN");
        assertTrue(again.events.contains("release " + Q850.UNALLOCATED_NUMBER), again.events.toString());
        assertEquals("inbound", lastCdr().direction());
    }
}
