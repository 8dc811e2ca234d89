package dev.lifeline.tdm.pri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the stack answers to odd or hostile input from the far end (Q.931 §5.8), to STATUS
 * and STATUS ENQUIRY, and to the far end's RESTART. The far end is scripted octet by octet.
 */
class PriStackErrorsTest {
    private final RawPeer peer = new RawPeer();
    private final Recorder events = new Recorder();
    private final long now = 1_000;
    private final PriStack user = new PriStack("span1", false, PriStack.e1Timeslots(), peer, events, Q931Timers.defaults());

    PriStackErrorsTest() {
        peer.stack = user;
        user.start(now);
        peer.inject(Q931Message.of(0, true, MessageType.RESTART_ACKNOWLEDGE, Ies.restartIndicator(7)), now);
        events.clear();
        peer.clear();
    }

    private PriCall incoming(int cr, int ts) {
        peer.inject(Q931Message.of(cr, false, MessageType.SETUP, Ies.bearer(0), Ies.channelId(ts, true),
                Ies.partyNumber(InformationElement.CALLED_NUMBER, PartyNumber.of("200"))), now);
        return events.lastIncoming();
    }

    private PriCall active() {
        PriCall c = incoming(7, 5);
        user.answer(c, now);
        peer.inject(Q931Message.of(7, false, MessageType.CONNECT_ACKNOWLEDGE), now);
        assertEquals("U10 ACTIVE", c.stateName());
        peer.clear();
        events.clear();
        return c;
    }

    private static int cause(Q931Message m) { return Ies.cause(m.ie(InformationElement.CAUSE)).value(); }

    @Test
    void statusEnquiryIsAnsweredWithTheCallState() {
        PriCall c = active();
        peer.inject(Q931Message.of(7, false, MessageType.STATUS_ENQUIRY), now);
        Q931Message st = peer.last();
        assertEquals(MessageType.STATUS, st.type());
        assertEquals(7, st.callReference());
        assertTrue(st.toOriginator());
        assertEquals(Cause.RESPONSE_TO_STATUS_ENQUIRY, cause(st));
        assertEquals(10, Ies.callState(st.ie(InformationElement.CALL_STATE)));
        peer.inject(Q931Message.of(99, false, MessageType.STATUS_ENQUIRY), now);
        assertEquals(0, Ies.callState(peer.last().ie(InformationElement.CALL_STATE)), "unknown call: null state");
        assertEquals("U10 ACTIVE", c.stateName());
    }

    @Test
    void statusWithAnIncompatibleStateClearsWithCause101() {
        PriCall c = active();
        events.hangUpOnCleared = user;
        peer.inject(Q931Message.of(7, false, MessageType.STATUS, Ies.cause(2, 30), Ies.callState(10)), now);
        assertEquals(List.of(), peer.messages(), "a matching state changes nothing");
        peer.inject(Q931Message.of(7, false, MessageType.STATUS, Ies.cause(2, 30), Ies.callState(7)), now);
        assertEquals(MessageType.RELEASE, peer.last().type());
        assertEquals(Cause.MESSAGE_NOT_COMPATIBLE_WITH_STATE, cause(peer.last()));
        assertEquals(List.of("cleared 101"), events.events);
        assertEquals("U19 RELEASE REQUEST", c.stateName());
        assertEquals(List.of(), peer.ofType(MessageType.DISCONNECT), "a hang-up from onCleared adds nothing");
        peer.inject(Q931Message.of(7, false, MessageType.RELEASE_COMPLETE), now);
        assertEquals(List.of("cleared 101", "released 101"), events.events);
    }

    @Test
    void statusReportingTheNullStateReleasesLocally() {
        PriCall c = active();
        peer.inject(Q931Message.of(7, false, MessageType.STATUS, Ies.cause(2, 30), Ies.callState(0)), now);
        assertEquals("U0 NULL", c.stateName());
        assertEquals(List.of("cleared 41", "released 41"), events.events);
        assertEquals(List.of(), peer.messages());
    }

    @Test
    void unknownCallReferenceGetsReleaseComplete81() {
        peer.inject(Q931Message.of(42, true, MessageType.CONNECT), now);
        assertEquals(MessageType.RELEASE_COMPLETE, peer.last().type());
        assertEquals(Cause.INVALID_CALL_REFERENCE, cause(peer.last()));
        assertEquals(42, peer.last().callReference());
        peer.clear();
        peer.inject(Q931Message.of(42, true, MessageType.RELEASE_COMPLETE), now);
        assertEquals(List.of(), peer.messages(), "RELEASE COMPLETE for an unknown call is ignored");
    }

    @Test
    void setupWithoutBearerCapabilityIsRefusedWith96AndBadBearerWith100() {
        peer.inject(Q931Message.of(3, false, MessageType.SETUP, Ies.channelId(3, true)), now);
        assertEquals(MessageType.RELEASE_COMPLETE, peer.last().type());
        assertEquals(Cause.MANDATORY_IE_MISSING, cause(peer.last()));
        peer.inject(Q931Message.of(4, false, MessageType.SETUP, InformationElement.of(0x04, 0x80)), now);
        assertEquals(Cause.INVALID_IE_CONTENTS, cause(peer.last()));
        assertTrue(user.calls().isEmpty());
        assertEquals(List.of(), events.events);
    }

    @Test
    void unknownMessageTypeAndUnexpectedMessageGetStatus() {
        active();
        peer.inject(now, 0x08, 0x02, 0x00, 0x07, 0x33);
        assertEquals(MessageType.STATUS, peer.last().type());
        assertEquals(Cause.MESSAGE_TYPE_NOT_IMPLEMENTED, cause(peer.last()));
        peer.inject(Q931Message.of(7, false, MessageType.ALERTING), now);
        assertEquals(Cause.MESSAGE_NOT_COMPATIBLE_WITH_STATE, cause(peer.last()));
        assertEquals(10, Ies.callState(peer.last().ie(InformationElement.CALL_STATE)));
    }

    @Test
    void unknownOptionalElementIsSkippedAndReportedWith99() {
        PriCall c = active();
        // DISCONNECT, unknown IE 0x7F, then cause 16: the call still clears normally.
        peer.inject(now, 0x08, 0x02, 0x00, 0x07, 0x45, 0x08, 0x02, 0x82, 0x90, 0x7F, 0x01, 0x00);
        assertEquals(List.of("cleared 16"), events.events);
        assertEquals("U19 RELEASE REQUEST", c.stateName());
        assertEquals(MessageType.STATUS, peer.last().type());
        assertEquals(Cause.IE_NOT_IMPLEMENTED, cause(peer.last()));
    }

    @Test
    void malformedFramesAreIgnored() {
        PriCall c = active();
        peer.inject(now, 0x08, 0x02);                         // too short
        peer.inject(now, 0x09, 0x02, 0x00, 0x07, 0x45);       // wrong protocol discriminator
        peer.inject(now, 0x08, 0x03, 0x00, 0x00, 0x07, 0x45); // three-octet call reference
        peer.inject(now, 0x08, 0x02, 0x00, 0x07, 0x7B, 0x28, 0x09, 0x41); // INFORMATION, display cut short
        peer.inject(now, 0x08, 0x02, 0x00, 0x07, 0x85);       // message type with bit 8 set
        assertEquals("U10 ACTIVE", c.stateName());
        assertEquals(List.of(), events.events);
        assertEquals(List.of(), peer.messages());
    }

    @Test
    void disconnectWithAnUnreadableCauseStillClearsAndSaysSoInRelease() {
        PriCall c = active();
        peer.inject(now, 0x08, 0x02, 0x00, 0x07, 0x45, 0x08, 0x09, 0x82); // cause element cut short
        assertEquals(List.of("cleared 31"), events.events);
        assertEquals("U19 RELEASE REQUEST", c.stateName());
        assertEquals(MessageType.RELEASE, peer.last().type());
        assertEquals(Cause.INVALID_IE_CONTENTS, cause(peer.last()));
    }

    @Test
    void peerRestartClearsCallsAndIsAcknowledged() {
        PriCall c = active();
        PriCall other = incoming(8, 6);
        peer.clear();
        events.clear();
        peer.inject(Q931Message.of(0, false, MessageType.RESTART, Ies.channelId(6, true), Ies.restartIndicator(0)), now);
        assertEquals(List.of("cleared 41", "released 41"), events.events);
        assertEquals("U0 NULL", other.stateName());
        assertEquals("U10 ACTIVE", c.stateName());
        Q931Message ack = peer.last();
        assertEquals(MessageType.RESTART_ACKNOWLEDGE, ack.type());
        assertEquals(6, Ies.channelId(ack.ie(InformationElement.CHANNEL_ID)).timeslot());
        peer.inject(Q931Message.of(0, false, MessageType.RESTART, Ies.restartIndicator(7)), now);
        assertEquals("U0 NULL", c.stateName());
        assertEquals(MessageType.RESTART_ACKNOWLEDGE, peer.last().type());
        assertTrue(user.channels().stream().allMatch(ch -> ch.state().equals("idle")));
    }

    @Test
    void incomingPreferredChannelInUseGetsAnotherOne() {
        active(); // ts 5
        peer.inject(Q931Message.of(9, false, MessageType.SETUP, Ies.bearer(0), Ies.channelId(5, false)), now);
        assertEquals(MessageType.CALL_PROCEEDING, peer.last().type());
        assertEquals(new Ies.ChannelId(31, true, false), Ies.channelId(peer.last().ie(InformationElement.CHANNEL_ID)));
        assertEquals(31, events.lastIncoming().timeslot());
        peer.inject(Q931Message.of(10, false, MessageType.SETUP, Ies.bearer(0), Ies.channelId(12, false)), now);
        assertEquals(12, events.lastIncoming().timeslot(), "a free preferred channel is taken");
        peer.inject(Q931Message.of(11, false, MessageType.SETUP, Ies.bearer(0), Ies.channelId(16, true)), now);
        assertEquals(Cause.INVALID_IE_CONTENTS, cause(peer.last()), "timeslot 16 is no B-channel");
    }

    @Test
    void incomingExclusiveOnABusyChannelGets44AndNoFreeChannelGets34() {
        active(); // ts 5
        peer.inject(Q931Message.of(9, false, MessageType.SETUP, Ies.bearer(0), Ies.channelId(5, true)), now);
        assertEquals(Cause.REQUESTED_CHANNEL_NOT_AVAILABLE, cause(peer.last()));
        for (int i = 0; i < 29; i++) {
            peer.inject(Q931Message.of(100 + i, false, MessageType.SETUP, Ies.bearer(0), Ies.channelId(5, false)), now);
            assertEquals(MessageType.CALL_PROCEEDING, peer.last().type());
        }
        assertEquals(30, user.calls().size());
        peer.inject(Q931Message.of(200, false, MessageType.SETUP, Ies.bearer(0x10)), now);
        assertEquals(MessageType.RELEASE_COMPLETE, peer.last().type());
        assertEquals(Cause.NO_CIRCUIT, cause(peer.last()));
    }
}
