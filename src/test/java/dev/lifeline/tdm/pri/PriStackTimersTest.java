package dev.lifeline.tdm.pri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layer-3 timers against a scripted far end that answers only what the test tells it to:
 * T303, T305, T308, T310, T313 and T316, each at its Q.931 default.
 */
class PriStackTimersTest {
    private final RawPeer peer = new RawPeer();
    private final Recorder events = new Recorder();
    private long now = 1_000;
    private PriStack user = stack(false);

    private PriStack stack(boolean network) {
        PriStack s = new PriStack("span1", network, PriStack.e1Timeslots(), peer, events, Q931Timers.defaults());
        peer.stack = s;
        return s;
    }

    /** Starts the stack and acknowledges its RESTART like a real peer. */
    private void up(PriStack s) {
        s.start(now);
        peer.inject(Q931Message.of(0, true, MessageType.RESTART_ACKNOWLEDGE, Ies.restartIndicator(7)), now);
        assertTrue(s.isUp());
        events.clear();
        peer.clear();
    }

    private void advance(PriStack s, long ms) {
        long end = now + ms;
        while (now < end) {
            now = Math.min(end, now + 20);
            s.tick(now);
        }
    }

    @Test
    void t303ResendsSetupOnceThenClearsWith102() {
        up(user);
        PriCall c = user.setup(PriPair.call("123"), now).orElseThrow();
        advance(user, 3_980);
        assertEquals(1, peer.ofType(MessageType.SETUP).size());
        advance(user, 40);
        assertEquals(2, peer.ofType(MessageType.SETUP).size(), "SETUP resent on the first T303 expiry");
        assertEquals(List.of(), events.events);
        advance(user, 4_000);
        assertEquals(List.of("cleared 102", "released 102"), events.events);
        assertEquals("U0 NULL", c.stateName());
        Q931Message rc = peer.last();
        assertEquals(MessageType.RELEASE_COMPLETE, rc.type());
        assertEquals(102, Ies.cause(rc.ie(InformationElement.CAUSE)).value());
        assertEquals("idle", user.channels().get(29).state());
    }

    @Test
    void t305SendsReleaseAndT308RetriesOnceThenFreesTheChannel() {
        up(user);
        PriCall c = user.setup(PriPair.call("123"), now).orElseThrow();
        peer.inject(Q931Message.of(c.callReference(), true, MessageType.CALL_PROCEEDING, Ies.channelId(31, true)), now);
        user.hangup(c, Cause.NORMAL_CLEARING, now);
        assertEquals("U11 DISCONNECT REQUEST", c.stateName());
        advance(user, 30_020);
        assertEquals("U19 RELEASE REQUEST", c.stateName());
        assertEquals(1, peer.ofType(MessageType.RELEASE).size());
        advance(user, 4_000);
        assertEquals(2, peer.ofType(MessageType.RELEASE).size());
        assertEquals("U19 RELEASE REQUEST", c.stateName());
        advance(user, 4_000);
        assertEquals("U0 NULL", c.stateName());
        assertEquals(List.of("released 16"), events.events);
        assertTrue(user.calls().isEmpty());
    }

    @Test
    void t310ClearsAProceedingCallThatGoesNoFurther() {
        up(user);
        events.hangUpOnCleared = user;
        PriCall c = user.setup(PriPair.call("123"), now).orElseThrow();
        peer.inject(Q931Message.of(c.callReference(), true, MessageType.CALL_PROCEEDING), now);
        advance(user, 29_980);
        assertEquals("U3 OUTGOING CALL PROCEEDING", c.stateName());
        advance(user, 40);
        assertEquals(List.of("cleared 102"), events.events);
        assertEquals("U11 DISCONNECT REQUEST", c.stateName());
        assertEquals(102, Ies.cause(peer.last().ie(InformationElement.CAUSE)).value());
        assertEquals(1, peer.ofType(MessageType.DISCONNECT).size(), "a hang-up from onCleared adds nothing");
    }

    @Test
    void t313ClearsAnAnswerThatIsNeverAcknowledged() {
        up(user);
        peer.inject(Q931Message.of(5, false, MessageType.SETUP, Ies.bearer(0), Ies.channelId(3, true),
                Ies.partyNumber(InformationElement.CALLED_NUMBER, PartyNumber.of("200"))), now);
        PriCall in = events.lastIncoming();
        assertEquals(3, in.timeslot());
        user.answer(in, now);
        advance(user, 4_020);
        assertEquals(List.of("incoming ts=3 200", "cleared 102"), events.events);
        assertEquals(MessageType.DISCONNECT, peer.last().type());
    }

    @Test
    void t316ResendsRestartThenComesUpAnyway() {
        user.start(now);
        assertEquals(1, peer.ofType(MessageType.RESTART).size());
        advance(user, 120_020);
        assertEquals(2, peer.ofType(MessageType.RESTART).size());
        assertFalse(user.isUp());
        advance(user, 120_000);
        assertEquals(3, peer.ofType(MessageType.RESTART).size());
        assertFalse(user.isUp());
        advance(user, 120_000);
        assertTrue(user.isUp(), "after the retries the span comes up without an acknowledgement");
        assertEquals(List.of("up"), events.events);
    }
}
