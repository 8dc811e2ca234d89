package dev.lifeline.tdm.pri;

import static dev.lifeline.tdm.pri.LapdState.AWAITING_ESTABLISHMENT;
import static dev.lifeline.tdm.pri.LapdState.MULTIPLE_FRAME_ESTABLISHED;
import static dev.lifeline.tdm.pri.LapdState.TEI_ASSIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two LAPD entities back to back with a lossy line in between; time passed explicitly, no sleeping. */
class LapdTest {
    private static byte[] msg(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void userSideEstablishes() {
        LapdPair p = new LapdPair();
        p.user.l1Up(0);
        p.net.l1Up(0);
        p.user.establish(0);
        p.deliver();
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.user.state());
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.net.state());
        assertEquals(List.of("up"), p.userL3.events);
        assertEquals(List.of("up"), p.netL3.events);
        assertTrue(p.user.isEstablished() && p.net.isEstablished());
        assertEquals(List.of(TEI_ASSIGNED, AWAITING_ESTABLISHMENT),
                p.user.history().stream().map(t -> t.from()).toList());
    }

    @Test
    void networkSideEstablishes() {
        LapdPair p = new LapdPair();
        p.user.l1Up(0);
        p.net.l1Up(0);
        p.net.establish(0);
        p.deliver();
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.user.state());
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.net.state());
        assertEquals(List.of("up"), p.userL3.events);
        assertEquals(List.of("up"), p.netL3.events);
    }

    @Test
    void bothSidesEstablishingAtOnceStillComeUpOnce() {
        LapdPair p = new LapdPair();
        p.user.l1Up(0);
        p.net.l1Up(0);
        p.user.establish(0);
        p.net.establish(0);
        p.deliver();
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.user.state());
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.net.state());
        assertEquals(List.of("up"), p.userL3.events);
        assertEquals(List.of("up"), p.netL3.events);
    }

    @Test
    void iFramesFlowInOrderBothWaysBeyondTheWindowAndAreAcknowledged() {
        LapdPair p = new LapdPair().up();
        List<String> up = numbered("u", 0, 300); // wraps the modulo-128 sequence numbers twice
        List<String> down = numbered("n", 0, 300);
        for (int i = 0; i < 300; i++) {
            p.user.send(msg(up.get(i)), p.now);
            p.net.send(msg(down.get(i)), p.now);
            if (i % 40 == 39) p.deliver();
        }
        p.deliver();
        assertEquals(up, p.netL3.data);
        assertEquals(down, p.userL3.data);
        assertEquals(0, p.user.queued(), "everything acknowledged");
        assertEquals(0, p.net.queued(), "everything acknowledged");
        assertEquals(0, p.user.counters().retransmissions());
        p.advance(500);
        assertEquals(up.size(), p.netL3.data.size(), "nothing delivered twice");
    }

    @Test
    void noMoreThanSevenUnacknowledgedIFramesAreOutstanding() {
        LapdPair p = new LapdPair().up();
        p.fromUser.clear();
        for (int i = 0; i < 10; i++) p.user.send(msg("m" + i), p.now); // not delivered: no acks come back
        assertEquals(7, p.fromUser.stream().filter(LapdPair::isIFrame).count());
        p.deliver();
        assertEquals(numbered("m", 0, 10), p.netL3.data);
    }

    @Test
    void lostIFrameIsRecoveredByRej() {
        LapdPair p = new LapdPair().up();
        boolean[] dropped = {false};
        p.dropToNet = f -> {
            if (!dropped[0] && LapdPair.isIFrame(f) && LapdPair.ns(f) == 1) return dropped[0] = true;
            return false;
        };
        for (int i = 0; i < 5; i++) p.user.send(msg("m" + i), p.now);
        p.deliver();
        assertTrue(dropped[0]);
        assertTrue(p.fromNet.stream().anyMatch(LapdPair::isRej), "network answered the gap with REJ");
        assertEquals(numbered("m", 0, 5), p.netL3.data);
        assertTrue(p.user.counters().retransmissions() >= 1);
        assertEquals(0, p.user.queued());
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.user.state());
    }

    @Test
    void lostLastIFrameIsRecoveredByT200() {
        LapdPair p = new LapdPair().up();
        boolean[] dropped = {false};
        p.dropToNet = f -> !dropped[0] && LapdPair.isIFrame(f) && (dropped[0] = true);
        p.user.send(msg("only"), p.now);
        p.deliver();
        assertEquals(List.of(), p.netL3.data);
        p.advance(900);
        assertEquals(List.of(), p.netL3.data, "T200 is 1 s");
        p.advance(200);
        assertEquals(List.of("only"), p.netL3.data);
        assertEquals(1, p.user.counters().retransmissions());
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.user.state(), "back from timer recovery");
        assertEquals(0, p.user.queued());
    }

    @Test
    void idleLinkIsKeptAliveByT203Polls() {
        LapdPair p = new LapdPair().up();
        p.fromUser.clear();
        p.fromNet.clear();
        p.advance(9_900);
        assertFalse(p.fromUser.stream().anyMatch(LapdPair::isRrPoll) || p.fromNet.stream().anyMatch(LapdPair::isRrPoll),
                "no poll before T203");
        p.advance(200);
        assertTrue(p.fromUser.stream().anyMatch(LapdPair::isRrPoll) || p.fromNet.stream().anyMatch(LapdPair::isRrPoll),
                "RR poll after 10 s idle");
        p.advance(120_000);
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.user.state());
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.net.state());
        assertEquals(List.of("up"), p.userL3.events);
        assertEquals(List.of("up"), p.netL3.events);
    }

    @Test
    void silentPeerIsReleasedAfterN200AndTheLinkComesBackByItself() {
        LapdPair p = new LapdPair().up();
        p.cut(true);
        p.advance(17_000); // T203 10 s + poll and 3 retries, then SABME and 3 retries at 1 s each
        assertEquals(List.of("up"), p.userL3.events, "still retrying at 17 s");
        p.advance(1_100);
        assertEquals(List.of("up", "down"), p.userL3.events);
        assertEquals(List.of("up", "down"), p.netL3.events);
        assertFalse(p.user.isEstablished());
        p.advance(30_000);
        assertEquals(List.of("up", "down"), p.userL3.events, "failed retries are not repeated to layer 3");
        p.cut(false);
        p.advance(10_000);
        assertEquals(List.of("up", "down", "up"), p.userL3.events);
        assertEquals(List.of("up", "down", "up"), p.netL3.events);
        p.user.send(msg("again"), p.now);
        p.deliver();
        assertEquals(List.of("again"), p.netL3.data);
    }

    @Test
    void discReleasesBothEndsAndAReleasedEndRefusesThePeer() {
        LapdPair p = new LapdPair().up();
        p.user.release(p.now);
        assertFalse(p.user.isEstablished());
        p.deliver();
        assertEquals(TEI_ASSIGNED, p.user.state());
        assertEquals(TEI_ASSIGNED, p.net.state());
        assertEquals(List.of("up", "down"), p.userL3.events);
        assertEquals(List.of("up", "down"), p.netL3.events);
        p.user.send(msg("lost"), p.now);
        assertEquals(1, p.user.counters().dropped());
        p.advance(20_000); // the network side retries; the user side answers DM
        assertEquals(TEI_ASSIGNED, p.user.state());
        assertEquals(List.of("up", "down"), p.userL3.events);
        p.user.establish(p.now);
        p.deliver();
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.user.state());
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.net.state());
    }

    @Test
    void layer1DownReleasesAtOnceAndLayer1UpReestablishes() {
        LapdPair p = new LapdPair().up();
        p.cut(true); // the line fails: what is in flight is lost
        p.user.send(msg("queued"), p.now);
        p.user.l1Down(p.now);
        assertEquals(TEI_ASSIGNED, p.user.state());
        assertEquals(List.of("up", "down"), p.userL3.events);
        assertEquals(0, p.user.queued(), "queue discarded");
        p.advance(30_000);
        assertEquals(List.of("up", "down"), p.netL3.events, "the far end noticed the silence");
        p.cut(false);
        int sent = p.fromUser.size();
        p.advance(10_000);
        assertEquals(sent, p.fromUser.size(), "nothing sent while layer 1 is down");
        p.user.l1Up(p.now);
        p.deliver();
        p.advance(6_000);
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.user.state());
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.net.state());
        assertEquals(List.of("up", "down", "up"), p.userL3.events);
        assertEquals(List.of(), p.netL3.data, "the message queued before the drop was discarded");
    }

    @Test
    void sendQueueIsBoundedAndDropsTheOldest() {
        LapdPair p = new LapdPair();
        p.user.l1Up(0);
        p.net.l1Up(0);
        p.cut(true);
        p.user.establish(0);
        p.deliver();
        assertEquals(AWAITING_ESTABLISHMENT, p.user.state());
        List<String> all = new ArrayList<>(numbered("m", 0, 100));
        for (String m : all) p.user.send(msg(m), p.now);
        assertEquals(64, p.user.queued());
        assertEquals(36, p.user.counters().dropped());
        p.cut(false);
        p.advance(1_100); // SABME retransmitted by T200, answered this time
        assertEquals(MULTIPLE_FRAME_ESTABLISHED, p.user.state());
        assertEquals(all.subList(36, 100), p.netL3.data);
    }

    @Test
    void retransmittedSabmeFinallyFailsAndIsRetriedPeriodically() {
        LapdPair p = new LapdPair();
        p.user.l1Up(0);
        p.net.l1Up(0);
        p.cut(true);
        p.user.establish(0);
        p.advance(4_100);
        assertEquals(TEI_ASSIGNED, p.user.state(), "1 + N200 SABMEs, then give up");
        assertEquals(4, p.fromUser.size());
        assertEquals(List.of(), p.userL3.events, "layer 3 never heard up, so no down either");
        p.advance(5_000);
        assertEquals(AWAITING_ESTABLISHMENT, p.user.state(), "retried after 5 s");
        p.cut(false);
        p.advance(1_100);
        assertEquals(List.of("up"), p.userL3.events);
    }
}
