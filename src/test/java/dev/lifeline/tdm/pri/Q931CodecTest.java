package dev.lifeline.tdm.pri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The codec against octets written out by hand from Q.931 §4 / ETSI EN 300 403, including
 * frames that are wrong in every way §5.8 names. Decoding must never throw.
 */
class Q931CodecTest {

    private static byte[] bytes(int... octets) {
        byte[] b = new byte[octets.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) octets[i];
        return b;
    }

    /** SETUP, call reference 1 from the originator: sending complete, speech A-law, exclusive ts 1, calling 0301234 (national, allowed, not screened), called 5551234. */
    private static final byte[] SETUP = bytes(
            0x08, 0x02, 0x00, 0x01, 0x05,
            0xA1,
            0x04, 0x03, 0x80, 0x90, 0xA3,
            0x18, 0x03, 0xA9, 0x83, 0x81,
            0x6C, 0x09, 0x21, 0x80, '0', '3', '0', '1', '2', '3', '4',
            0x70, 0x08, 0x81, '5', '5', '5', '1', '2', '3', '4');

    @Test
    void decodesASetupAsAnExchangeSendsIt() {
        Q931Codec.Decoded d = Q931Codec.decode(SETUP);
        assertFalse(d.ignored());
        Q931Message m = d.message();
        assertEquals(1, m.callReference());
        assertFalse(m.toOriginator());
        assertEquals(MessageType.SETUP, m.type());
        assertTrue(m.has(InformationElement.SENDING_COMPLETE));
        assertEquals(PriSetup.SPEECH, Ies.bearerCapability(m.ie(InformationElement.BEARER_CAPABILITY)));
        assertEquals(new Ies.ChannelId(1, true, false), Ies.channelId(m.ie(InformationElement.CHANNEL_ID)));
        assertEquals(new PartyNumber("0301234", PartyNumber.TON_NATIONAL, PartyNumber.PLAN_ISDN, 0, 0),
                Ies.partyNumber(m.ie(InformationElement.CALLING_NUMBER)));
        assertEquals(new PartyNumber("5551234", PartyNumber.TON_UNKNOWN, PartyNumber.PLAN_ISDN, -1, -1),
                Ies.partyNumber(m.ie(InformationElement.CALLED_NUMBER)));
        assertEquals(List.of(), d.unknownIes());
        assertEquals(-1, d.truncatedIe());
    }

    @Test
    void encodesTheSameSetup() {
        Q931Message m = Q931Message.of(1, false, MessageType.SETUP,
                new InformationElement(0, InformationElement.SENDING_COMPLETE, null),
                Ies.bearer(PriSetup.SPEECH),
                Ies.channelId(1, true),
                Ies.partyNumber(InformationElement.CALLING_NUMBER, new PartyNumber("0301234", 2, 1, 0, 0)),
                Ies.partyNumber(InformationElement.CALLED_NUMBER, PartyNumber.of("5551234")));
        assertArrayEquals(SETUP, m.encode());
    }

    @Test
    void bearerAndChannelVariants() {
        assertArrayEquals(bytes(0x04, 0x03, 0x90, 0x90, 0xA3), body(Ies.bearer(PriSetup.AUDIO_3_1K)));
        assertArrayEquals(bytes(0x18, 0x03, 0xA1, 0x83, 0x9F), body(Ies.channelId(31, false)));
        assertEquals(new Ies.ChannelId(17, false, false), Ies.channelId(InformationElement.of(0x18, 0xA1, 0x83, 0x91)));
        assertEquals(new Ies.ChannelId(0, false, false), Ies.channelId(InformationElement.of(0x18, 0xA3)), "any channel");
        assertEquals(new Ies.ChannelId(0, true, true), Ies.channelId(InformationElement.of(0x18, 0xA8)), "no channel");
        assertEquals(new Ies.ChannelId(4, true, false), Ies.channelId(InformationElement.of(0x18, 0xE9, 0x81, 0x83, 0x84)), "interface id skipped");
        assertNull(Ies.channelId(InformationElement.of(0x18, 0x89)), "basic-rate form on a PRI");
        assertNull(Ies.channelId(InformationElement.of(0x18, 0xA9, 0x83, 0x90)), "timeslot 16 is the D-channel");
        assertNull(Ies.channelId(InformationElement.of(0x18, 0xA9, 0x93, 0x81)), "slot map not supported");
        assertNull(Ies.channelId(InformationElement.of(0x18, 0xA9, 0x83)), "channel number missing");
        assertEquals(-1, Ies.bearerCapability(InformationElement.of(0x04, 0x80)));
    }

    private static byte[] body(InformationElement ie) {
        byte[] all = Q931Message.of(0, false, 1, ie).encode();
        return java.util.Arrays.copyOfRange(all, 5, all.length);
    }

    @Test
    void causeProgressCallStateRestartAndDisplay() {
        Q931Message m = Q931Codec.decode(bytes(0x08, 0x02, 0x80, 0x05, 0x45,
                0x08, 0x03, 0x02, 0x80, 0x91,      // cause: location 2 with octet 3a, value 17
                0x1E, 0x02, 0x82, 0x88,            // progress: in-band information available
                0x14, 0x01, 0x0C,                  // call state 12
                0x28, 0x04, 0xB1, 'B', 'o', 'b')).message();
        assertEquals(5, m.callReference());
        assertTrue(m.toOriginator());
        assertEquals(new Ies.CauseIe(2, 17), Ies.cause(m.ie(InformationElement.CAUSE)));
        assertTrue(Ies.inband(m));
        assertEquals(12, Ies.callState(m.ie(InformationElement.CALL_STATE)));
        assertEquals("Bob", Ies.display(m.ie(InformationElement.DISPLAY)));
        assertArrayEquals(bytes(0x08, 0x03, 0x80, 0xE5, 0x1E), body(Ies.cause(0, 101, 0x1E)));
        assertEquals(new Ies.CauseIe(0, 101), Ies.cause(Ies.cause(0, 101, 0x1E)));
        assertNull(Ies.cause(InformationElement.of(0x08, 0x02)));
        assertArrayEquals(bytes(0x79, 0x01, 0x87), body(Ies.restartIndicator(Ies.RESTART_ALL_INTERFACES)));
        assertEquals(-1, Ies.restartClass(InformationElement.of(0x79, 0x83)));
    }

    @Test
    void partyNumbers() {
        PartyNumber restricted = new PartyNumber("123", PartyNumber.TON_SUBSCRIBER, PartyNumber.PLAN_ISDN, 1, 3);
        assertArrayEquals(bytes(0x6C, 0x05, 0x41, 0xA3, '1', '2', '3'), body(Ies.partyNumber(0x6C, restricted)));
        assertEquals(restricted, Ies.partyNumber(Ies.partyNumber(0x6C, restricted)));
        assertTrue(Ies.partyNumber(Ies.partyNumber(0x6C, restricted)).restricted());
        assertNull(Ies.partyNumber(InformationElement.of(0x70, 0x81, '1', 'x')), "not IA5 digits");
        assertNull(Ies.partyNumber(InformationElement.of(0x6C, 0x21)), "octet 3a announced but missing");
        assertEquals("", Ies.partyNumber(InformationElement.of(0x70, 0x81)).digits());
    }

    @Test
    void callReferenceIsFifteenBitsWithTheFlagApart() {
        Q931Message m = Q931Codec.decode(bytes(0x08, 0x02, 0xFF, 0xFF, 0x5A)).message();
        assertEquals(0x7FFF, m.callReference());
        assertTrue(m.toOriginator());
        assertArrayEquals(bytes(0x08, 0x02, 0xFF, 0xFF, 0x5A), m.encode());
        Q931Message global = Q931Codec.decode(bytes(0x08, 0x02, 0x00, 0x00, 0x46, 0x79, 0x01, 0x87)).message();
        assertTrue(global.global());
        assertEquals(3, Q931Codec.decode(bytes(0x08, 0x01, 0x03, 0x4D)).message().callReference(), "one-octet form read too");
    }

    @Test
    void shiftsAndSingleOctetElementsAreSkippedCorrectly() {
        Q931Codec.Decoded d = Q931Codec.decode(bytes(0x08, 0x02, 0x00, 0x01, 0x05,
                0xA1,                          // sending complete
                0xD1,                          // repeat indicator (type 1)
                0x04, 0x03, 0x80, 0x90, 0xA3,
                0x9E, 0x08, 0x01, 0x55,        // non-locking shift to 6: its "cause" is a codeset-6 element
                0x18, 0x03, 0xA9, 0x83, 0x82,  // back in codeset 0
                0x95,                          // locking shift to codeset 5
                0x70, 0x02, 0x81, '9',         // codeset 5: not our called number
                0x94));                        // locking shift to a lower codeset: ignored
        Q931Message m = d.message();
        assertNotNull(m);
        assertEquals(2, Ies.channelId(m.ie(InformationElement.CHANNEL_ID)).timeslot());
        assertNull(m.ie(InformationElement.CAUSE), "the codeset 6 element is not the cause");
        assertNull(m.ie(InformationElement.CALLED_NUMBER), "the codeset 5 element is not the called number");
        assertEquals(List.of(), d.unknownIes());
        assertTrue(m.has(InformationElement.SENDING_COMPLETE));
    }

    @Test
    void unknownAndTruncatedElementsAreReported() {
        Q931Codec.Decoded d = Q931Codec.decode(bytes(0x08, 0x02, 0x00, 0x01, 0x05,
                0x04, 0x03, 0x80, 0x90, 0xA3, 0x7F, 0x01, 0x00, 0x70, 0x05, 0x81));
        assertEquals(List.of(0x7F), d.unknownIes());
        assertFalse(d.comprehensionRequiredUnknown());
        assertEquals(0x70, d.truncatedIe());
        assertNotNull(d.message().ie(InformationElement.BEARER_CAPABILITY));
        Q931Codec.Decoded req = Q931Codec.decode(bytes(0x08, 0x02, 0x00, 0x01, 0x05, 0x0A, 0x01, 0x00));
        assertTrue(req.comprehensionRequiredUnknown(), "identifiers 0000xxxx must be understood");
        assertEquals(Cause.MANDATORY_IE_MISSING, CallSignalling.mandatoryProblem(req.message(), req));
        Q931Codec.Decoded cut = Q931Codec.decode(bytes(0x08, 0x02, 0x00, 0x01, 0x05, 0x04));
        assertEquals(0x04, cut.truncatedIe());
        assertEquals(Cause.INVALID_IE_CONTENTS, CallSignalling.mandatoryProblem(cut.message(), cut));
    }

    @Test
    void framesToIgnore() {
        assertTrue(Q931Codec.decode(null).ignored());
        assertTrue(Q931Codec.decode(bytes()).ignored());
        assertTrue(Q931Codec.decode(bytes(0x08, 0x02, 0x00)).ignored(), "too short");
        assertTrue(Q931Codec.decode(bytes(0x08, 0x02, 0x00, 0x01)).ignored(), "no message type");
        assertTrue(Q931Codec.decode(bytes(0x41, 0x02, 0x00, 0x01, 0x05)).ignored(), "protocol discriminator");
        assertTrue(Q931Codec.decode(bytes(0x08, 0x12, 0x00, 0x01, 0x05)).ignored(), "bits 5-8 of the length octet");
        assertTrue(Q931Codec.decode(bytes(0x08, 0x03, 0x00, 0x00, 0x01, 0x05)).ignored(), "call reference too long");
        assertTrue(Q931Codec.decode(bytes(0x08, 0x00, 0x05)).ignored(), "dummy call reference");
        assertTrue(Q931Codec.decode(new byte[Q931Message.MAX_LENGTH + 1]).ignored(), "longer than an I frame carries");
    }

    @Test
    void neverThrowsOnGarbageAndStaysBounded() {
        Random r = new Random(931);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) b[0] = 0x08;
            if (b.length > 1 && r.nextBoolean()) b[1] = 0x02;
            Q931Codec.Decoded d = Q931Codec.decode(b);
            if (!d.ignored()) {
                assertTrue(d.message().ies().size() <= Q931Codec.MAX_IES);
                d.message().ies().forEach(ie -> {
                    Ies.channelId(ie);
                    Ies.partyNumber(ie);
                    Ies.cause(ie);
                    Ies.display(ie);
                });
                CallSignalling.mandatoryProblem(d.message(), d);
            }
        }
        byte[] many = new byte[5 + 2 * 120];
        many[0] = 0x08;
        many[1] = 0x02;
        many[4] = 0x7B;
        for (int i = 5; i < many.length; i += 2) many[i] = 0x28; // 120 empty display elements
        assertEquals(Q931Codec.MAX_IES, Q931Codec.decode(many).message().ies().size());
    }
}
