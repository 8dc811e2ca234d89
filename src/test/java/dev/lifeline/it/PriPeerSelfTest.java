package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pri-peer rig by itself: two of them back to back over the sim line protocol, one as the
 * network (connecting, like the exchange plugging into the gateway) and one as the CPE (listening,
 * in the gateway's place). Q.921 comes up, a call goes through with its numbers, audio passes both
 * ways at the level sent, the far end sees the clearing cause, and a D-channel outage takes layer 2
 * down and back up.
 */
@Tag("e2e")
class PriPeerSelfTest {
    private static final Duration T = Duration.ofSeconds(5);
    /* Short Q.921 timers so that a 2 s outage is noticed: at most T203 + (N200 + 1) x T200 = 1.3 s. */
    private static final String[] TIMERS = {"--t200", "200", "--t203", "500", "--n200", "3"};

    @Test
    void callAudioClearingAndLayer2RecoveryBetweenTwoRigs() throws Exception {
        try (PriPeer cpe = PriPeer.listen("e1a", "cpe", TIMERS);
             PriPeer net = PriPeer.connect("127.0.0.1", cpe.port(), "e1a", "net", TIMERS)) {
            net.await("^READY$", T);
            cpe.await("^READY$", T);
            net.await("^L2 UP$", T);
            cpe.await("^L2 UP$", T);

            String netId = net.ask("call 5551234 0301234567", "^CALL (\\d+) called=5551234 calling=0301234567$").group(1);
            Matcher ring = cpe.await("^RING (\\d+) ts=(\\d+) called=(\\S*) calling=(\\S*) ton=(\\S+) pres=(\\S+) bearer=(\\S+)$", T);
            String cpeId = ring.group(1);
            String ts = ring.group(2);
            assertEquals("5551234", ring.group(3), "called number at the CPE");
            assertEquals("0301234567", ring.group(4), "calling number at the CPE");
            assertEquals("national", ring.group(5), "type of the calling number");
            assertEquals("allowed", ring.group(6), "presentation");
            assertEquals("speech", ring.group(7), "bearer");

            cpe.send("alert " + cpeId);
            net.await("^ALERTING " + netId + "$", T);
            cpe.send("answer " + cpeId);
            net.await("^CONNECT " + netId + " ts=" + ts + "$", T);
            cpe.await("^ANSWERED " + cpeId + "$", T);

            net.send("tone " + netId + " 1004");
            cpe.send("tone " + cpeId + " 697");
            Thread.sleep(800);   // the measurements look at the last 400 ms
            assertAbove(-20, level(cpe, cpeId, 1004), "1004 Hz sent by the network, heard at the CPE");
            assertBelow(-40, level(cpe, cpeId, 697), "697 Hz (not sent towards the CPE) at the CPE");
            assertAbove(-20, level(net, netId, 697), "697 Hz sent by the CPE, heard at the network");
            assertBelow(-40, level(net, netId, 1004), "1004 Hz (not sent towards the network) at the network");
            assertEquals(1004, peak(cpe, cpeId), 5, "dominant frequency at the CPE");
            assertEquals(697, peak(net, netId), 5, "dominant frequency at the network");

            net.send("hangup " + netId + " 17");
            assertEquals("17", cpe.await("^HANGUP " + cpeId + " cause=(\\S+)$", T).group(1), "cause seen by the CPE");
            net.await("^RELEASED " + netId + "$", T);
            net.ask("status", "^STATUS l2=up calls=0$");
            cpe.ask("status", "^STATUS l2=up calls=0$");

            net.send("mute 2000");
            net.await("^L2 DOWN$", T);
            cpe.await("^L2 DOWN$", T);
            net.await("^L2 UP$", T);
            cpe.await("^L2 UP$", T);

            assertEquals(List.of(), net.errors(), "PRIERROR/ERROR lines of the network rig");
            assertEquals(List.of(), cpe.errors(), "PRIERROR/ERROR lines of the CPE rig");
        }
    }

    private static double level(PriPeer rig, String id, int hz) {
        return Double.parseDouble(rig.ask("measure " + id + " " + hz, "^MEASURE " + id + " hz=" + hz + " dbm0=(\\S+)$").group(1));
    }

    private static double peak(PriPeer rig, String id) {
        return Double.parseDouble(rig.ask("peak " + id, "^PEAK " + id + " hz=(\\S+) dbm0=\\S+$").group(1));
    }

    private static void assertAbove(double min, double dbm0, String what) {
        assertTrue(dbm0 > min, what + ": " + dbm0 + " dBm0, expected above " + min);
    }

    private static void assertBelow(double max, double dbm0, String what) {
        assertTrue(dbm0 < max, what + ": " + dbm0 + " dBm0, expected below " + max);
    }
}
