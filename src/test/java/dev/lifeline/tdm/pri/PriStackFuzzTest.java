package dev.lifeline.tdm.pri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A far end that sends plausible nonsense: random message types on live and unknown call
 * references, random elements, interleaved with the call layer's own commands, link losses
 * and the passing of time. The stack must never throw (an undeclared transition throws) and
 * its books must balance: every busy channel held by a live call, every live call on one.
 */
class PriStackFuzzTest {
    private static final int[] TYPES = {MessageType.ALERTING, MessageType.CALL_PROCEEDING, MessageType.PROGRESS,
        MessageType.SETUP, MessageType.CONNECT, MessageType.SETUP_ACKNOWLEDGE, MessageType.CONNECT_ACKNOWLEDGE,
        MessageType.DISCONNECT, MessageType.RELEASE, MessageType.RELEASE_COMPLETE, MessageType.STATUS,
        MessageType.STATUS_ENQUIRY, MessageType.RESTART, MessageType.RESTART_ACKNOWLEDGE, MessageType.INFORMATION, 0x33};

    @Test
    void userSideSurvivesRandomPeer() { run(false, 1); }

    @Test
    void networkSideSurvivesRandomPeer() { run(true, 2); }

    private void run(boolean network, long seed) {
        Random r = new Random(seed);
        RawPeer peer = new RawPeer();
        Recorder events = new Recorder();
        PriStack s = new PriStack("fuzz", network, PriStack.e1Timeslots(), peer, events, Q931Timers.defaults());
        peer.stack = s;
        long now = 0;
        s.start(now);
        peer.inject(Q931Message.of(0, true, MessageType.RESTART_ACKNOWLEDGE, Ies.restartIndicator(7)), now);
        List<PriCall> known = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            now += r.nextInt(3) == 0 ? r.nextInt(5_000) : 20;
            int action = r.nextInt(20);
            if (action < 12) {
                peer.inject(randomMessage(r, s), now);
            } else if (action < 14) {
                s.setup(PriPair.call("1"), now).ifPresent(known::add);
            } else if (action < 18 && !s.calls().isEmpty()) {
                PriCall c = s.calls().get(r.nextInt(s.calls().size()));
                switch (action) {
                    case 14 -> s.alerting(c, now);
                    case 15 -> s.answer(c, now);
                    case 16 -> s.progress(c, now);
                    default -> s.hangup(c, 16, now);
                }
            } else if (action == 18 && r.nextInt(50) == 0) {
                peer.up = false;
                s.onReleased(now);
            }
            s.tick(now);
            long busy = s.channels().stream().filter(ch -> ch.state().equals("busy")).count();
            assertEquals(s.calls().size(), busy, "each live call holds exactly one channel");
            assertTrue(s.calls().size() <= 30);
        }
        assertTrue(events.events.contains("up"));
    }

    private static Q931Message randomMessage(Random r, PriStack s) {
        int cr;
        boolean toOrig;
        if (!s.calls().isEmpty() && r.nextBoolean()) {
            PriCall c = s.calls().get(r.nextInt(s.calls().size()));
            cr = c.callReference();
            toOrig = c.outgoing();
        } else {
            cr = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(40);
            toOrig = r.nextInt(4) == 0;
        }
        List<InformationElement> ies = new ArrayList<>();
        if (r.nextInt(4) != 0) ies.add(Ies.bearer(r.nextBoolean() ? 0 : 0x10));
        if (r.nextBoolean()) ies.add(Ies.cause(r.nextInt(16), r.nextInt(128)));
        if (r.nextInt(3) == 0) ies.add(Ies.callState(new int[] {0, 1, 3, 4, 6, 7, 8, 9, 10, 11, 12, 19}[r.nextInt(12)]));
        if (r.nextBoolean()) ies.add(Ies.channelId(1 + r.nextInt(31), r.nextBoolean()));
        if (r.nextInt(3) == 0) ies.add(Ies.progress(2, r.nextBoolean() ? 8 : 2));
        if (r.nextInt(4) == 0) ies.add(Ies.restartIndicator(r.nextBoolean() ? 7 : 0));
        if (r.nextInt(6) == 0) ies.add(InformationElement.of(r.nextInt(128), r.nextInt(256)));
        return new Q931Message(cr, toOrig, TYPES[r.nextInt(TYPES.length)], ies);
    }
}
