package dev.lifeline.it;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.config.HuntGroup.Strategy;
import dev.lifeline.rig.co.CentralOffice;
import dev.lifeline.rig.co.Subscriber;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hunt groups and call pickup judged by what the phones hear (issue #13): every strategy with an
 * absent member (SIP user 7000 not registered, fxs3's phone unplugged) and the overflow; ring-all
 * answered by the second member; a PSTN call from the virtual CO to a hunt group through
 * {@code trunks.fxo.ring}; group pickup, directed pickup and pickup with nothing ringing, in
 * NORMAL and SURVIVAL.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class HuntPickupE2ETest {
    /** Each test runs with the gateway in NORMAL mode and forced into SURVIVAL (issue #13). */
    @Parameter
    Mode mode;

    private static final Duration S5 = Duration.ofSeconds(5);
    private static final String DEMO_GROUP =
            "{ pilot: \"6100\", strategy: linear, members: [\"6001\", \"6002\", \"7000\"], member-timeout: 15s, overflow: \"6003\" }";

    private static UnaryOperator<String> group(String strategy, String members, String overflow) {
        return s -> s.replace(DEMO_GROUP, "{ pilot: \"6100\", strategy: " + strategy + ", members: " + members
                + ", member-timeout: 2s" + (overflow == null ? "" : ", overflow: \"" + overflow + "\"") + " }");
    }

    /** Off hook, the mode's dial tone (stutter in SURVIVAL), then the digits. */
    private static void lift(VirtualPhone p, String digits) throws Exception {
        p.offHook();
        Thread.sleep(400);
        assertTrue(p.awaitDialTone(Duration.ofSeconds(3)), p.portId() + " hears the mode's dial tone");
        p.dialDtmf(digits);
    }

    private static void assertTalk(VirtualPhone x, VirtualPhone y) throws Exception {
        x.playTone(1000, -10);
        assertTrue(FxsCallE2ETest.awaitHears(y, 1000), x.portId() + " heard on " + y.portId());
        x.stopPlaying();
        y.playTone(1500, -10);
        assertTrue(FxsCallE2ETest.awaitHears(x, 1500), y.portId() + " heard on " + x.portId());
        y.stopPlaying();
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void eachStrategySkipsAbsentMembersAndOverflowsWhenNobodyAnswers(Strategy strategy) throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", group(strategy.key(), "[\"7000\", \"6002\", \"6001\"]", "6003")).inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), d = gw.phone("fxs4"); // fxs3: no phone plugged in
            lift(a, "6100");
            assertTrue(b.awaitRinging(Duration.ofSeconds(6)), strategy + ": 6001 rings (7000 is not registered, 6002 has no phone)");
            assertTrue(d.awaitRinging(Duration.ofSeconds(10)), strategy + ": nobody answers: the overflow 6003 rings");
            Thread.sleep(500);
            assertFalse(b.isRinging(), "6001 rings no more");
            d.offHook();
            assertTalk(a, d);
            a.onHook();
            d.onHook();
            Cdr cdr = gw.awaitCdrs(1, S5).get(0);
            assertEquals("fxs:fxs4", cdr.dstLeg(), cdr.toString());
            assertEquals("6100", cdr.forwardedFrom());
        }
    }

    @Test
    void ringAllAnsweredByTheSecondMember() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", group("ring-all", "[\"6001\", \"6002\"]", null)).inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3");
            lift(a, "6100");
            assertTrue(b.awaitRinging(Duration.ofSeconds(4)) && c.awaitRinging(Duration.ofSeconds(4)), "both members ring");
            c.offHook();
            Thread.sleep(1500);
            assertFalse(b.isRinging(), "the other member stops ringing");
            assertTalk(a, c);
            a.onHook();
            c.onHook();
            Cdr cdr = gw.awaitCdrs(1, S5).get(0);
            assertEquals("fxs:fxs3", cdr.dstLeg());
            assertEquals("6100", cdr.calledDialled());
        }
    }

    @Test
    void aPstnCallThroughTheFxoTrunkHuntsTheGroup() throws Exception {
        UnaryOperator<String> site = group("linear", "[\"6001\", \"6002\"]", null)
                .andThen(s -> s.replace("number: \"+15555550100\" }", "number: \"+15555550100\", ring: [\"6100\"] }"))::apply;
        try (TestGateway gw = TestGateway.start("demo.yaml", site).inMode(mode); CentralOffice co = new CentralOffice("us")) {
            co.plug("127.0.0.1", gw.gateway().simPort(), "fxo1", "5550100");
            Subscriber alice = co.addSubscriber("5551234", "Alice");
            VirtualPhone b = gw.phone("fxs2"), c = gw.phone("fxs3");
            alice.call("5550100");
            assertTrue(b.awaitRinging(Duration.ofSeconds(10)), "the first member rings: " + co.events());
            assertTrue(c.awaitRinging(Duration.ofSeconds(6)), "no answer within 2 s: the second member rings");
            c.offHook();
            c.playTone(1000, -10);
            assertTrue(alice.awaitHears(1000, Duration.ofSeconds(3)), "fxs3 reaches the PSTN caller");
            c.stopPlaying();
            c.onHook();
            Cdr cdr = gw.awaitCdrs(1, S5).get(0);
            assertEquals("inbound", cdr.direction());
            assertEquals("fxs:fxs3", cdr.dstLeg());
        }
    }

    @Test
    void groupAndDirectedPickupAndNothingToPickUp() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3"), d = gw.phone("fxs4");
            // group pickup: 6001 calls 6000; 6002, in the same pickup group, dials *8#
            lift(b, "6000");
            assertTrue(a.awaitRinging(Duration.ofSeconds(4)));
            lift(c, "*8#");
            Thread.sleep(1500);
            assertFalse(a.isRinging(), "6000 stops ringing");
            assertTalk(b, c);
            b.onHook();
            c.onHook();
            Cdr picked = gw.awaitCdrs(1, S5).get(0);
            assertEquals("fxs:fxs3", picked.dstLeg(), picked.toString());
            assertEquals("6000", picked.calledDialled());
            assertEquals(mode == Mode.SURVIVAL ? "survival" : "normal", picked.mode());
            Thread.sleep(900);
            // directed pickup: 6000 calls 6002; the lobby (in no group) dials **6002
            lift(a, "6002");
            assertTrue(c.awaitRinging(Duration.ofSeconds(4)));
            lift(d, "**6002");
            Thread.sleep(1500);
            assertFalse(c.isRinging(), "6002 stops ringing");
            assertTalk(a, d);
            a.onHook();
            d.onHook();
            assertEquals("fxs:fxs4", gw.awaitCdrs(2, S5).get(1).dstLeg());
            Thread.sleep(900);
            // nothing ringing
            lift(c, "*8#");
            assertTrue(c.awaitTone(ToneKind.CONGESTION, S5), "nothing to pick up: reorder");
            c.onHook();
            assertEquals(20, gw.awaitCdrs(3, S5).get(2).q850Cause());
            assertEquals(0, gw.gateway().activeCalls());
        }
    }
}
