package dev.lifeline.tdm.pri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whole calls between a user-side and a network-side stack over an in-memory link: both
 * directions, refusals, glare, a full span, start-up RESTART and the T309 rules for a lost
 * data link. The listener callbacks are checked in order on both sides.
 */
class PriStackCallTest {

    @Test
    void startUpRestartBringsChannelsIdleAndIsAcknowledged() {
        PriPair p = new PriPair();
        p.user.start(p.now);
        p.net.start(p.now);
        assertFalse(p.user.isUp(), "not up before the RESTART is acknowledged");
        // Frames are queued but not delivered yet: channels are held out of service meanwhile.
        assertTrue(p.user.channels().stream().allMatch(c -> c.state().equals("out-of-service")));
        p.pump();
        assertEquals(List.of("up"), p.userEvents.events);
        assertEquals(List.of("up"), p.netEvents.events);
        assertEquals(30, p.user.channels().size());
        assertTrue(p.user.channels().stream().allMatch(c -> c.state().equals("idle")));
        for (LinkPair.End end : List.of(p.link.a, p.link.b)) {
            List<LinkPair.Sent> restarts = p.link.sentBy(end, MessageType.RESTART);
            assertEquals(1, restarts.size());
            Q931Message r = restarts.get(0).message();
            assertTrue(r.global());
            assertEquals(Ies.RESTART_ALL_INTERFACES, Ies.restartClass(r.ie(InformationElement.RESTART_INDICATOR)));
            assertEquals(1, p.link.sentBy(end, MessageType.RESTART_ACKNOWLEDGE).size());
        }
    }

    @Test
    void userOriginatedCallAlertsAnswersAndClears() {
        PriPair p = new PriPair().started();
        PriCall out = p.user.setup(PriPair.call("5551234"), p.now).orElseThrow();
        assertEquals(31, out.timeslot(), "user side hunts from the highest timeslot");
        assertEquals("U1 CALL INITIATED", out.stateName());
        p.pump();
        PriCall in = p.netEvents.lastIncoming();
        assertEquals(31, in.timeslot());
        assertEquals("N3 OUTGOING CALL PROCEEDING", in.stateName());
        assertEquals("0301234", in.setup().calling().digits());
        assertEquals(0, in.setup().calling().presentation());
        assertEquals(PartyNumber.TON_NATIONAL, in.setup().calling().typeOfNumber());
        assertEquals(PriSetup.SPEECH, in.setup().bearer());
        assertEquals("U3 OUTGOING CALL PROCEEDING", out.stateName());

        p.net.alerting(in, p.now);
        p.pump();
        assertEquals("U4 CALL DELIVERED", out.stateName());
        p.net.answer(in, p.now);
        p.pump();
        assertEquals("U10 ACTIVE", out.stateName());
        assertEquals("N10 ACTIVE", in.stateName());
        assertEquals(List.of("alerting inband=true", "answered"), p.userEvents.events);

        p.user.hangup(out, Cause.NORMAL_CLEARING, p.now);
        p.pump();
        assertEquals(List.of("alerting inband=true", "answered", "released 16"), p.userEvents.events);
        assertEquals(List.of("incoming ts=31 5551234", "cleared 16", "released 16"), p.netEvents.events);
        assertTrue(p.user.calls().isEmpty());
        assertTrue(p.net.calls().isEmpty());
        assertTrue(p.user.channels().stream().allMatch(c -> c.state().equals("idle")));
        // DISCONNECT -> RELEASE -> RELEASE COMPLETE, each once.
        assertEquals(1, p.link.sentBy(p.link.a, MessageType.DISCONNECT).size());
        assertEquals(1, p.link.sentBy(p.link.b, MessageType.RELEASE).size());
        assertEquals(1, p.link.sentBy(p.link.a, MessageType.RELEASE_COMPLETE).size());
        assertEquals(1, p.link.sentBy(p.link.a, MessageType.CONNECT_ACKNOWLEDGE).size());
        Ies.CauseIe cause = Ies.cause(p.link.sentBy(p.link.a, MessageType.DISCONNECT).get(0).message().ie(InformationElement.CAUSE));
        assertEquals(new Ies.CauseIe(Cause.LOC_USER, 16), cause);
    }

    @Test
    void networkOriginatedCallIsAnsweredByTheUserAndClearedByTheNetwork() {
        PriPair p = new PriPair().started();
        PriCall out = p.net.setup(PriPair.call("201"), p.now).orElseThrow();
        assertEquals(1, out.timeslot(), "network side hunts from the lowest timeslot");
        assertEquals("N6 CALL PRESENT", out.stateName());
        p.pump();
        PriCall in = p.userEvents.lastIncoming();
        assertEquals(1, in.timeslot());
        assertEquals("U9 INCOMING CALL PROCEEDING", in.stateName());
        p.user.progress(in, p.now);
        p.user.alerting(in, p.now);
        p.pump();
        p.user.answer(in, p.now);
        assertEquals("U8 CONNECT REQUEST", in.stateName());
        p.pump();
        assertEquals("U10 ACTIVE", in.stateName());
        assertEquals("N10 ACTIVE", out.stateName());
        assertEquals(List.of("progress inband=true", "alerting inband=true", "answered"), p.netEvents.events);

        p.net.hangup(out, Cause.NORMAL_CLEARING, p.now);
        p.pump();
        assertEquals(List.of("incoming ts=1 201", "cleared 16", "released 16"), p.userEvents.events);
        assertEquals(List.of("progress inband=true", "alerting inband=true", "answered", "released 16"), p.netEvents.events);
        Ies.CauseIe cause = Ies.cause(p.link.sentBy(p.link.b, MessageType.DISCONNECT).get(0).message().ie(InformationElement.CAUSE));
        assertEquals(new Ies.CauseIe(Cause.LOC_PUBLIC_LOCAL, 16), cause);
    }

    @Test
    void busyAndUnallocatedReachTheCallerWithTheirCause() {
        for (int cause : new int[] {Cause.USER_BUSY, Cause.UNALLOCATED_NUMBER}) {
            PriPair p = new PriPair().started();
            p.userEvents.hangUpOnCleared = p.user;
            PriCall out = p.user.setup(PriPair.call("5550000"), p.now).orElseThrow();
            p.pump();
            p.net.hangup(p.netEvents.lastIncoming(), cause, p.now);
            p.pump();
            assertEquals(List.of("cleared " + cause, "released " + cause), p.userEvents.events);
            assertEquals(List.of("incoming ts=31 5550000", "released " + cause), p.netEvents.events);
            assertEquals("U0 NULL", out.stateName());
            assertTrue(p.user.calls().isEmpty() && p.net.calls().isEmpty());
        }
    }

    @Test
    void glareTheNetworkSideWins() {
        PriPair p = new PriPair().started();
        PriSetup want20 = new PriSetup(PartyNumber.of("1"), null, PriSetup.SPEECH, 20, true);
        PriCall userCall = p.user.setup(want20, p.now).orElseThrow();
        PriCall netCall = p.net.setup(want20, p.now).orElseThrow();
        assertEquals(20, userCall.timeslot());
        assertEquals(20, netCall.timeslot());
        p.pump(); // both SETUPs cross
        assertEquals(List.of("cleared 34", "released 34", "incoming ts=20 1"), p.userEvents.events);
        assertEquals(List.of(), p.netEvents.events, "the network's call goes on, it sees no incoming call");
        Q931Message refusal = p.link.sentBy(p.link.b, MessageType.RELEASE_COMPLETE).get(0).message();
        assertEquals(userCall.callReference(), refusal.callReference());
        assertEquals(Cause.REQUESTED_CHANNEL_NOT_AVAILABLE, Ies.cause(refusal.ie(InformationElement.CAUSE)).value());
        assertEquals(List.of(netCall), p.net.calls());
        assertEquals("N9 INCOMING CALL PROCEEDING", netCall.stateName());
        p.user.answer(p.userEvents.lastIncoming(), p.now);
        p.pump();
        assertEquals("N10 ACTIVE", netCall.stateName());
    }

    @Test
    void glareConfiguredSoTheUserSideWins() {
        PriPair p = new PriPair().started();
        p.user.setGlareRule(GlareRule.USER_WINS);
        p.net.setGlareRule(GlareRule.USER_WINS);
        PriSetup want20 = new PriSetup(PartyNumber.of("1"), null, PriSetup.SPEECH, 20, true);
        PriCall userCall = p.user.setup(want20, p.now).orElseThrow();
        PriCall netCall = p.net.setup(want20, p.now).orElseThrow();
        p.pump();
        assertEquals(List.of("cleared 34", "released 34", "incoming ts=20 1"), p.netEvents.events, "the network side yields");
        assertEquals(List.of(), p.userEvents.events, "the user's call goes on");
        assertEquals(List.of(userCall), p.user.calls());
        assertTrue(p.net.calls().stream().noneMatch(c -> c == netCall));
    }

    @Test
    void fullSpanRefusesOutgoingAndIncomingCalls() {
        PriPair p = new PriPair().started();
        Set<Integer> refs = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            PriCall c = p.user.setup(PriPair.call("1" + i), p.now).orElseThrow();
            assertTrue(refs.add(c.callReference()), "call references are unique while in use");
        }
        p.pump();
        assertEquals(30, p.net.calls().size());
        assertEquals(Optional.empty(), p.user.setup(PriPair.call("99"), p.now));
        assertEquals(Optional.empty(), p.net.setup(PriPair.call("99"), p.now));
        assertTrue(p.user.channels().stream().allMatch(c -> c.state().equals("busy")));
    }

    @Test
    void activeCallsSurviveALinkLossWithinT309AndAreEnquiredAbout() {
        PriPair p = new PriPair().started();
        PriCall[] c = p.activeFromUser();
        PriCall ringing = p.net.setup(PriPair.call("300"), p.now).orElseThrow();
        p.pump();
        p.user.alerting(p.userEvents.lastIncoming(), p.now);
        p.pump();
        p.userEvents.clear();
        p.netEvents.clear();
        int restartsBefore = p.link.sentBy(p.link.a, MessageType.RESTART).size();

        p.link.pull(p.now);
        assertEquals(List.of("cleared 41", "released 41", "down"), p.userEvents.events, "the ringing call is cleared at once");
        assertEquals(List.of("cleared 41", "released 41", "down"), p.netEvents.events);
        assertEquals("U0 NULL", p.userEvents.lastIncoming().stateName());
        assertEquals("N0 NULL", ringing.stateName());
        assertEquals("U10 ACTIVE", c[0].stateName());
        assertFalse(p.user.isUp());
        assertEquals(Optional.empty(), p.user.setup(PriPair.call("1"), p.now));

        p.advance(60_000);
        p.link.plugIn();
        p.advance(6_000); // the stacks ask layer 2 again every 5 s
        assertEquals(List.of("cleared 41", "released 41", "down", "up"), p.userEvents.events);
        assertEquals("U10 ACTIVE", c[0].stateName());
        assertEquals("N10 ACTIVE", c[1].stateName());
        assertEquals(1, p.link.sentBy(p.link.a, MessageType.STATUS_ENQUIRY).size());
        assertEquals(1, p.link.sentBy(p.link.b, MessageType.STATUS_ENQUIRY).size());
        Q931Message status = p.link.sentBy(p.link.b, MessageType.STATUS).get(0).message();
        assertEquals(10, Ies.callState(status.ie(InformationElement.CALL_STATE)));
        assertEquals(restartsBefore, p.link.sentBy(p.link.a, MessageType.RESTART).size(), "no RESTART over kept calls");

        p.advance(60_000); // T309 must have been stopped
        assertEquals("U10 ACTIVE", c[0].stateName());
        p.user.hangup(c[0], Cause.NORMAL_CLEARING, p.now);
        p.pump();
        assertTrue(p.user.calls().isEmpty() && p.net.calls().isEmpty());
    }

    @Test
    void t309ExpiryClearsKeptCallsWithCause41() {
        PriPair p = new PriPair().started();
        PriCall[] c = p.activeFromUser();
        p.userEvents.clear();
        p.netEvents.clear();
        p.link.pull(p.now);
        p.advance(89_000);
        assertEquals(List.of("down"), p.userEvents.events);
        assertEquals("busy", p.user.channels().get(29).state());
        p.advance(1_100);
        assertEquals(List.of("down", "cleared 41", "released 41"), p.userEvents.events);
        assertEquals(List.of("down", "cleared 41", "released 41"), p.netEvents.events);
        assertEquals("U0 NULL", c[0].stateName());
        assertTrue(p.user.channels().stream().allMatch(ch -> ch.state().equals("out-of-service")), "span is down");
        p.link.plugIn();
        p.advance(6_000);
        assertTrue(p.user.isUp(), "comes back with a RESTART when nothing was kept");
        assertTrue(p.user.channels().stream().allMatch(ch -> ch.state().equals("idle")));
        assertEquals(2, p.link.sentBy(p.link.a, MessageType.RESTART).size());
    }
}
