package dev.lifeline.call;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.call.RouterTest.FakeLeg;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import dev.lifeline.util.ManualClock;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INVITEs with Replaces in the engine ({@link CallEngine#replacing}, {@link AttendedRefers}): without
 * a transfer handed out the newcomer takes the named leg's place (RFC 3891); after a line's attended
 * transfer between two "SIP" legs the transferee's old leg is the one replaced and the third party's
 * leg stays; a refused REFER leaves the gateway's bridge. Fake legs, a real CDR store.
 */
class ReplacesTest {
    private final ManualClock clock = new ManualClock();
    private Database db;
    private CdrRecorder cdrs;
    private CallEngine engine;

    /** A leg that can be asked to REFER with Replaces; the answer is given by the test. */
    static final class ReferringLeg extends FakeLeg {
        Consumer<Boolean> answer;
        Leg referredTo;
        ReferringLeg(String id, String number) { super(id, number); }
        @Override
        public boolean referReplacing(Leg third, String referredBy, Consumer<Boolean> accepted) {
            events.add("REFER replacing " + third.id() + " by " + referredBy);
            referredTo = third;
            answer = accepted;
            return true;
        }
    }

    private final FakeLeg line = new FakeLeg("fxs:fxs1", "6000");
    private final ReferringLeg held = new ReferringLeg("sip:7000", "7000");
    private final ReferringLeg third = new ReferringLeg("sip:7001", "7001");
    private final FakeLeg newcomer = new FakeLeg("sip:7000@new", "7000");

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        db = Database.open(tmp.resolve("cdr.db"));
        cdrs = new CdrRecorder(new CdrStore(db), dev.lifeline.store.CdrSpool.in(tmp), dev.lifeline.util.Clock.SYSTEM,
                CdrBacklog.Health.NONE);
        Directory dir = new Directory();
        for (FakeLeg l : List.of(line, held, third)) dir.add(l);
        engine = new CallEngine(clock, "gw1", dir, n -> n, 30_000, cdrs, () -> "normal");
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
    void withoutATransferTheNewcomerTakesTheNamedLegsPlace() {
        engine.originate(line, "7001");
        engine.answered(third);
        assertTrue(engine.replacing(third, newcomer));
        assertTrue(third.events.contains("release 16") && third.events.contains("dispose"), "the named dialog ends: " + third.events);
        assertTrue(newcomer.events.contains("connect"), "the newcomer is answered and hears the line");
        engine.hungUp(line);
        assertTrue(newcomer.events.contains("release 16"));
        assertEquals("sip:7000@new", lastCdr().dstLeg(), "one CDR, the newcomer in the named leg's place");
    }

    @Test
    void aNamedLegInNoAnsweredCallIsRefused() {
        assertFalse(engine.replacing(third, newcomer), "in no call: 481");
        engine.originate(line, "7001"); // ringing, not answered
        assertFalse(engine.replacing(third, newcomer), "early: 481");
        assertFalse(engine.replacing(null, newcomer));
    }

    /** The line calls 7000, holds it (as LineCalls does: a second leg of the line), calls 7001, and transfers. */
    private void attendedTransfer() {
        FakeLeg lineSecond = new FakeLeg("fxs:fxs1#2", "6000");
        engine.originate(line, "7000");
        engine.answered(held);
        engine.originate(lineSecond, "7001");
        engine.answered(third);
        assertTrue(engine.transfer(line, lineSecond));
        assertEquals("REFER replacing sip:7001 by 6000", held.events.get(held.events.size() - 1), held.events.toString());
        assertSame(third, held.referredTo);
    }

    @Test
    void afterTheLinesAttendedTransferTheTransfereesOldLegIsReplacedAndTheThirdStays() {
        attendedTransfer();
        held.answer.accept(true);
        assertTrue(engine.replacing(third, newcomer));
        assertTrue(held.events.contains("release 16"), "the transferee's old dialog ends: " + held.events);
        assertFalse(third.events.contains("release 16"), "the third party's dialog stays: " + third.events);
        assertTrue(newcomer.events.contains("connect"));
        engine.hungUp(third);
        Cdr cdr = lastCdr();
        assertEquals("sip:7000@new", cdr.srcLeg(), "the call to 7001 is the newcomer's: " + cdr);
        assertEquals("sip:7001", cdr.dstLeg());
    }

    @Test
    void aRefusedReferLeavesTheGatewaysBridge() {
        attendedTransfer();
        held.answer.accept(false);
        assertEquals(1, engine.calls().size(), "7000 and 7001 bridged by the gateway");
        assertFalse(held.events.contains("release 16"));
        engine.hungUp(held);
        assertTrue(third.events.contains("release 16"), "one hangs up, the other is released");
    }
}
