package dev.lifeline.tdm.pri;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Octets on the wire against frames built by hand from Q.921 §3: address octet 1 is
 * SAPI&lt;&lt;2 | C/R&lt;&lt;1 | EA0, octet 2 TEI&lt;&lt;1 | EA1. Commands from the network carry C/R=1,
 * from the user C/R=0; responses the opposite (§3.3.2 table 1). So for SAPI 0 TEI 0 a user
 * command or a network response starts {@code 00 01}, a network command or a user response
 * {@code 02 01}. U control: SABME 0x7F (P=1), UA 0x73 (F=1), DISC 0x53, DM 0x1F; S control
 * RR 0x01, RNR 0x05, REJ 0x09 then N(R)&lt;&lt;1|P/F; I control N(S)&lt;&lt;1 then N(R)&lt;&lt;1|P.
 */
class LapdWireTest {
    private final List<byte[]> out = new ArrayList<>();
    private final LapdPair.Recorder l3 = new LapdPair.Recorder();

    private static byte[] b(int... v) {
        byte[] r = new byte[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (byte) v[i];
        return r;
    }

    private Lapd lapd(boolean network) {
        Lapd l = new Lapd("span1", network, out::add, l3, LapdTimers.defaults());
        l.l1Up(0);
        return l;
    }

    private byte[] last() { return out.get(out.size() - 1); }

    /** A user side established by a hand-built exchange: our SABME, the network's UA. */
    private Lapd establishedUser() {
        Lapd u = lapd(false);
        u.establish(0);
        u.receive(b(0x00, 0x01, 0x73), 0);
        assertTrue(u.isEstablished());
        out.clear();
        return u;
    }

    @Test
    void userSabmeIsCommandWithCr0AndOnlyAUaWithResponseCrEstablishes() {
        Lapd u = lapd(false);
        u.establish(0);
        assertArrayEquals(b(0x00, 0x01, 0x7F), out.get(0));
        u.receive(b(0x02, 0x01, 0x73), 10); // UA with C/R=1 from the network would be a command: invalid
        assertEquals(LapdState.AWAITING_ESTABLISHMENT, u.state());
        u.receive(b(0x00, 0x01, 0x73), 20);
        assertEquals(LapdState.MULTIPLE_FRAME_ESTABLISHED, u.state());
        assertEquals(List.of("up"), l3.events);
    }

    @Test
    void networkSabmeHasCr1AndNetworkAnswersUserSabmeWithUaCr0() {
        Lapd n = lapd(true);
        n.establish(0);
        assertArrayEquals(b(0x02, 0x01, 0x7F), out.get(0));

        out.clear();
        Lapd n2 = lapd(true);
        n2.receive(b(0x02, 0x01, 0x7F), 0); // "SABME" with C/R=1 from the user is a response: not a SABME
        assertEquals(List.of(), out);
        assertEquals(LapdState.TEI_ASSIGNED, n2.state());
        n2.receive(b(0x00, 0x01, 0x7F), 0);
        assertArrayEquals(b(0x00, 0x01, 0x73), last());
        assertEquals(LapdState.MULTIPLE_FRAME_ESTABLISHED, n2.state());
    }

    @Test
    void userAnswersNetworkSabmeWithUaCr1() {
        Lapd u = lapd(false);
        u.receive(b(0x02, 0x01, 0x7F), 0);
        assertArrayEquals(b(0x02, 0x01, 0x73), last());
        assertTrue(u.isEstablished());
    }

    @Test
    void iFramesAndTheirAcknowledgement() {
        Lapd u = establishedUser();
        u.send("AB".getBytes(), 0);
        assertArrayEquals(b(0x00, 0x01, 0x00, 0x00, 'A', 'B'), last(), "I command N(S)=0 N(R)=0 P=0");
        u.receive(b(0x02, 0x01, 0x00, 0x02, 'x'), 5); // network I: N(S)=0, N(R)=1 acknowledges ours
        assertEquals(List.of("x"), l3.data);
        assertArrayEquals(b(0x02, 0x01, 0x01, 0x02), last(), "RR response N(R)=1 F=0");
        assertEquals(0, u.queued());
        u.receive(b(0x02, 0x01, 0x02, 0x03, 'y'), 6); // N(S)=1 with P=1 wants RR F=1
        assertArrayEquals(b(0x02, 0x01, 0x01, 0x05), last(), "RR response N(R)=2 F=1");
        u.receive(b(0x02, 0x01, 0x06, 0x02, 'z'), 7); // N(S)=3 skips 2: REJ N(R)=2
        assertArrayEquals(b(0x02, 0x01, 0x09, 0x04), last());
        assertEquals(List.of("x", "y"), l3.data);
    }

    @Test
    void t203PollsWithRrCommandAndAFinalRrEndsTimerRecovery() {
        Lapd u = establishedUser();
        u.tick(9_980);
        assertEquals(List.of(), out);
        u.tick(10_000);
        assertArrayEquals(b(0x00, 0x01, 0x01, 0x01), last(), "RR command N(R)=0 P=1");
        assertEquals(LapdState.TIMER_RECOVERY, u.state());
        u.receive(b(0x00, 0x01, 0x01, 0x01), 10_050); // RR response F=1 from the network
        assertEquals(LapdState.MULTIPLE_FRAME_ESTABLISHED, u.state());
    }

    @Test
    void rnrStopsIFramesUntilThePeerIsReadyAgain() {
        Lapd u = establishedUser();
        u.receive(b(0x00, 0x01, 0x05, 0x00), 0); // RNR response N(R)=0
        u.send("w".getBytes(), 10);
        assertEquals(List.of(), out, "no I frame to a busy peer");
        u.tick(1_000);
        assertArrayEquals(b(0x00, 0x01, 0x01, 0x01), last(), "T200 polls the busy peer");
        u.receive(b(0x00, 0x01, 0x01, 0x01), 1_010); // RR F=1: no longer busy
        assertArrayEquals(b(0x00, 0x01, 0x00, 0x00, 'w'), last());
        assertEquals(LapdState.MULTIPLE_FRAME_ESTABLISHED, u.state());
    }

    @Test
    void discIsAnsweredWithUaAndReleases() {
        Lapd n = lapd(true);
        n.receive(b(0x00, 0x01, 0x7F), 0);
        n.receive(b(0x00, 0x01, 0x53), 5); // DISC command P=1 from the user
        assertArrayEquals(b(0x00, 0x01, 0x73), last());
        assertEquals(LapdState.TEI_ASSIGNED, n.state());
        assertEquals(List.of("up", "down"), l3.events);
        n.receive(b(0x00, 0x01, 0x53), 6); // DISC when already released: DM F=1
        assertArrayEquals(b(0x00, 0x01, 0x1F), last());
        n.release(7);
        n.receive(b(0x00, 0x01, 0x7F), 8); // released by layer 3: refuse
        assertArrayEquals(b(0x00, 0x01, 0x1F), last());
        assertEquals(LapdState.TEI_ASSIGNED, n.state());
    }

    @Test
    void discWithResponseCrAsLibpriSendsItStillReleases() {
        Lapd u = establishedUser();
        u.receive(b(0x00, 0x01, 0x53), 5); // libpri's network-side DISC carries C/R=0
        assertArrayEquals(b(0x02, 0x01, 0x73), last(), "UA response from the user side");
        assertEquals(LapdState.TEI_ASSIGNED, u.state());
        assertEquals(List.of("up", "down"), l3.events);
    }

    @Test
    void ourReleaseSendsDiscCommand() {
        Lapd u = establishedUser();
        u.release(0);
        assertArrayEquals(b(0x00, 0x01, 0x53), last());
        u.receive(b(0x00, 0x01, 0x73), 5);
        assertEquals(LapdState.TEI_ASSIGNED, u.state());
        assertEquals(List.of("up", "down"), l3.events);
    }

    @Test
    void framesForAnotherSapiOrTeiAreIgnored() {
        Lapd n = lapd(true);
        n.receive(b(0xFC, 0x01, 0x7F), 0); // SAPI 63
        n.receive(b(0x00, 0xFF, 0x7F), 0); // TEI 127
        n.receive(b(0x00, 0x03, 0x7F), 0); // TEI 1
        n.receive(b(0x01, 0x01, 0x7F), 0); // EA0 set: broken address
        assertEquals(List.of(), out);
        assertEquals(LapdState.TEI_ASSIGNED, n.state());
    }

    @Test
    void invalidNrAndOversizedIFieldCauseReestablishment() {
        Lapd u = establishedUser();
        u.receive(b(0x00, 0x01, 0x01, 0x0A), 0); // RR N(R)=5 but nothing was sent
        assertArrayEquals(b(0x00, 0x01, 0x7F), last());
        assertEquals(LapdState.AWAITING_ESTABLISHMENT, u.state());

        out.clear();
        Lapd u2 = establishedUser();
        byte[] ok = new byte[4 + 260];
        ok[0] = 0x02;
        ok[1] = 0x01;
        u2.receive(ok, 0);
        assertEquals(1, l3.data.size(), "260 octets is N201, accepted");
        byte[] tooLong = Arrays.copyOf(ok, ok.length + 1);
        tooLong[2] = 0x02; // N(S)=1
        u2.receive(tooLong, 1);
        assertEquals(1, l3.data.size());
        assertArrayEquals(b(0x00, 0x01, 0x7F), last());
        assertEquals(LapdState.AWAITING_ESTABLISHMENT, u2.state());
        assertTrue(u2.counters().errors() > 0);
    }

    @Test
    void peerSabmeWhileEstablishedResetsSequenceNumbersAndDiscardsUnacknowledged() {
        Lapd u = establishedUser();
        u.send("a".getBytes(), 0);
        u.receive(b(0x02, 0x01, 0x7F), 5); // network re-establishes with our I frame unacknowledged
        assertArrayEquals(b(0x02, 0x01, 0x73), last());
        assertEquals(List.of("up", "up"), l3.events, "layer 3 told: messages may be lost");
        assertEquals(0, u.queued());
        u.send("b".getBytes(), 6);
        assertArrayEquals(b(0x00, 0x01, 0x00, 0x00, 'b'), last(), "V(S)=V(R)=0 again");
    }
}
