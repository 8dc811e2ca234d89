package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A PRI DID routed to a hunt pilot (issue #13: "a hunt group can be the destination of ... DIDs"),
 * in NORMAL and SURVIVAL: libpri as the exchange ({@link PriPeer}) on the {@code demo-e1} site,
 * with a linear group 6100 (6001, then 6002; 6 s each) reached by a {@code dids} entry and by
 * {@code did-digits}. The first member rings unanswered, the second answers and talks with the
 * exchange; the exchange sees ALERTING and CONNECT; the CDR names the member.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class PriHuntE2ETest {
    private static final Duration S5 = Duration.ofSeconds(5);
    private static final String DIDS = "dids: { \"5555550201\": \"6001\", \"5555550270\": \"7000\" }";

    @Parameter
    Mode mode;

    private TestGateway gw;
    private PriPeer peer;

    private static final UnaryOperator<String> HUNT = s -> {
        if (!s.contains(DIDS)) throw new IllegalStateException("the demo-e1 DIDs changed");
        return s.replace(DIDS, "dids: { \"5555550201\": \"6001\", \"5555550210\": \"6100\" }")
                + "\nhunt-groups:\n  - { pilot: \"6100\", strategy: linear, members: [\"6001\", \"6002\"], member-timeout: 6s }\n";
    };

    private void start() throws Exception {
        gw = TestGateway.start("sim-4fxs-2fxo-1e1", "demo-e1.yaml", HUNT, dev.lifeline.sip.FreePorts.udpAndTcp(),
                Files.createTempDirectory("lifeline-pri"));
        if (mode == Mode.SURVIVAL) gw.gateway().survivability().force(Mode.SURVIVAL, "test");
        peer = PriPeer.connect("127.0.0.1", gw.gateway().simPort(), "e1a", "net");
        peer.await("^L2 UP", Duration.ofSeconds(10));
        for (int i = 0; i < 200 && !spanUp(); i++) Thread.sleep(50);
        assertTrue(spanUp(), "span up");
    }

    private boolean spanUp() throws Exception {
        return gw.gateway().engine().call(() -> gw.gateway().priTrunks().get(0).span().status(), 2000).up();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (peer != null) assertEquals(List.of(), peer.errors(), "libpri saw nothing wrong");
        } finally {
            if (peer != null) peer.close();
            if (gw != null) gw.close();
        }
    }

    @Test
    void aDidMappedToThePilotHuntsTheGroup() throws Exception {
        huntsFrom("5555550210");
    }

    @Test
    void aDidWhoseLastDigitsAreThePilotHuntsTheGroup() throws Exception {
        huntsFrom("5555556100"); // did-digits: 4
    }

    private void huntsFrom(String did) throws Exception {
        start();
        VirtualPhone b = gw.phone("fxs2"), c = gw.phone("fxs3");
        peer.send("call " + did + " 3125550147");
        String id = peer.await("^CALL (\\d+)", S5).group(1);
        assertTrue(b.awaitRinging(Duration.ofSeconds(8)), "the first member, fxs2 (6001), rings");
        peer.await("^ALERTING " + id, S5);
        CallerId cid = b.awaitCallerId(Duration.ofSeconds(5));
        assertTrue(cid != null && "3125550147".equals(cid.number()), "the member sees the PSTN caller: " + cid);
        assertTrue(c.awaitRinging(Duration.ofSeconds(8)), "unanswered for 6 s: the second member, fxs3 (6002), rings");
        Thread.sleep(300);
        assertFalse(b.isRinging(), "fxs2 rings no more");
        c.offHook();
        peer.await("^CONNECT " + id, S5);
        peer.send("tone " + id + " 1004");
        assertTrue(FxsCallE2ETest.awaitHears(c, 1004), "the exchange's 1 kHz reaches fxs3");
        c.playTone(1336, -10);
        Thread.sleep(600);
        double level = Double.parseDouble(peer.ask("measure " + id + " 1336", "^MEASURE " + id + " hz=1336 dbm0=(\\S+)").group(1));
        assertTrue(level > -25, "fxs3's tone reaches the exchange: " + level);
        c.onHook();
        assertEquals("16", peer.await("^HANGUP " + id + " cause=(\\d+)", S5).group(1));
        Cdr cdr = gw.awaitCdrs(1, S5).get(0);
        assertEquals("inbound", cdr.direction());
        assertEquals("fxs:fxs3", cdr.dstLeg(), cdr.toString());
        assertEquals("6100", cdr.calledDialled(), "the pilot the DID named");
        assertEquals(mode == Mode.SURVIVAL ? "survival" : "normal", cdr.mode());
    }
}
