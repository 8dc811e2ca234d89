package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.FaxTerminal;
import dev.lifeline.dsp.T38Options;
import dev.lifeline.rig.fax.FaxEnds;
import dev.lifeline.rig.fax.FaxMedia;
import dev.lifeline.rig.fax.FaxPaths;
import dev.lifeline.rig.fax.FaxPaths.Case;
import dev.lifeline.rig.fax.FaxPaths.Route;
import dev.lifeline.rig.fax.FaxRun;
import dev.lifeline.rig.fax.SipFaxEndpoint;
import dev.lifeline.rig.fax.TestPages;
import dev.lifeline.rig.phone.VirtualPhone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faxes between analog lines and a SIP fax endpoint (the rigs' {@link SipFaxEndpoint}, its own
 * raw-UDP SIP user agent), in real time on the sim: over T.38 (the endpoint re-INVITEs to
 * image/t38 once the call is up, the gateway answers and runs spandsp's T.38 gateway between the
 * line and UDPTL), with UDPTL loss, and over G.711 when T.38 is refused. Every page arrives equal
 * to the page sent, as an image. The paths are {@link FaxPaths}', which the bench series
 * ({@code scripts/bench --fax-only}) runs many times.
 */
@Tag("e2e")
@Tag("serial")
class FaxSipE2ETest {
    @TempDir Path dir;

    /**
     * 3 pages fxs1 → SIP T.38 endpoint (registered as 7000), 14,400 bit/s with ECM: the gateway
     * hears the calling fax's CNG and re-INVITEs to T.38 itself.
     */
    @Test
    void fromFxs1ToTheSipT38Endpoint() throws Exception {
        FaxRun run;
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s)) {
            run = FaxPaths.send(gw.faxView(), Route.FXS1_TO_T38, new Case(14400, true), dir);
            FaxEnds.assertEnded(run);
            assertEquals(3, run.receiver().pagesReceived());
            // V.17 end to end; T.30 may step 14,400 down to 12,000 after one failed training check on a loaded box
            assertTrue(run.bitRate() >= 12_000, "V.17 through the T.38 gateway, got " + run.bitRate());
            assertTrue(run.ecm(), "with ECM");
            assertEquals("t38", lastCdr(gw).fax(), "the CDR says the fax went over T.38");
        }
        assertTrue(run.pages().equal(), run.pages().toString());
    }

    /** 3 pages SIP T.38 endpoint → fxs2, 9,600 bit/s without ECM; the endpoint re-INVITEs to T.38 and the gateway accepts. */
    @Test
    void fromTheSipT38EndpointToFxs2() throws Exception {
        FaxRun r = endpointToFxs2(9600, false, 0);
        assertEquals(9_600, r.bitRate());
        assertFalse(r.ecm(), "without ECM");
    }

    /**
     * As above at 14,400 with ECM, with 2 % of the endpoint's UDPTL datagrams lost: redundancy
     * (depth 3 both ways) and the repeated indicators carry the fax through ({@link FaxPaths}
     * checks that datagrams were in fact dropped).
     */
    @Test
    void t38SurvivesTwoPercentUdptlLoss() throws Exception {
        FaxRun r = endpointToFxs2(14400, true, 0.02);
        assertTrue(r.bitRate() >= 12_000, "V.17, got " + r.bitRate());
        assertTrue(r.ecm(), "with ECM");
    }

    private FaxRun endpointToFxs2(int rate, boolean ecm, double loss) throws Exception {
        FaxRun run;
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s)) {
            run = FaxPaths.send(gw.faxView(), Route.T38_TO_FXS2, new Case(rate, ecm), loss, dir);
        }
        FaxEnds.assertEnded(run);
        assertEquals(3, run.receiver().pagesReceived());
        assertTrue(run.pages().equal(), run.pages().toString());
        return run;
    }

    /**
     * Glare: the endpoint's own T.38 re-INVITE crosses the gateway's (each side answers the other's
     * 491, RFC 3261 §14.2); the gateway tries again after its random 2.1-4 s, the endpoint takes it,
     * and 3 pages go fxs1 → endpoint over T.38 at 9,600 with ECM.
     */
    @Test
    void crossingReInvitesAreResolvedAnd491IsRetried() throws Exception {
        FaxPaths.Glare g;
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s)) {
            g = FaxPaths.sendWithGlare(gw.faxView(), new Case(9600, true), dir);
            assertEquals(1, g.crossed(), "one crossing");
            assertEquals(491, g.reinviteStatus(), "the gateway answered our crossing re-INVITE 491");
            FaxEnds.assertEnded(g.run());
            assertEquals(3, g.run().receiver().pagesReceived());
            assertEquals("t38", lastCdr(gw).fax());
        }
        assertTrue(g.run().pages().equal(), g.run().pages().toString());
    }

    /**
     * 3 pages fxs1 → a SIP endpoint that refuses T.38 (488): the call stays on G.711, the gateway in
     * data mode (fixed jitter buffer, no PLC); 14,400 bit/s with ECM.
     */
    @Test
    void fromFxs1ViaG711PassThroughToAnEndpointThatRefusesT38() throws Exception {
        FaxRun run;
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s)) {
            run = FaxPaths.send(gw.faxView(), Route.FXS1_PASS_THROUGH, new Case(14400, true), dir);
            FaxEnds.assertEnded(run);
            assertEquals(3, run.receiver().pagesReceived());
            assertTrue(run.ecm(), "with ECM");
            assertTrue(run.bitRate() >= 12_000, "V.17 over G.711, got " + run.bitRate());
            assertEquals("pass-through", lastCdr(gw).fax(), "the CDR says the fax went over G.711 pass-through");
        }
        assertTrue(run.pages().equal(), run.pages().toString());
    }

    /** With {@code sip.fax.mode: pass-through} the gateway refuses a far end's T.38 re-INVITE with 488 and the call stays up on audio. */
    @Test
    void passThroughPolicyRefusesT38Offers() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replaceFirst("(?m)^sip:\\s*$", "sip:\n  fax: { mode: pass-through }"));
             SipFaxEndpoint ep = new SipFaxEndpoint(gw.sipPort(), "7001", "lifeline7001", SipFaxEndpoint.Mode.T38,
                     FaxMedia.t38Sender(TestPages.write(dir.resolve("p.tif"), 1, 250), true, T38Options.of(9600, false), 0))) {
            VirtualPhone b = gw.phone("fxs2");
            Thread answerer = Thread.ofVirtual().start(() -> {
                try {
                    if (b.awaitRinging(Duration.ofSeconds(15))) b.offHook();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(ep.call("6001", 20_000), "fxs2 answers");
            answerer.join();
            assertFalse(ep.reinviteToT38(5_000), "T.38 refused");
            assertEquals(488, ep.reinviteStatus());
            assertFalse(ep.ended(), "the call stays up");
            assertFalse(ep.media().onT38());
            b.onHook();
        }
    }

    private static dev.lifeline.store.Cdr lastCdr(TestGateway gw) throws Exception {
        List<dev.lifeline.store.Cdr> cdrs = gw.awaitCdrs(1, Duration.ofSeconds(10));
        assertEquals(1, cdrs.size(), "one CDR: " + cdrs);
        return cdrs.get(0);
    }

    /** For the fax tests that set up their own path (FaxHqE2ETest): {@link FaxEnds}' judgement with the endpoint's media notes. */
    static void await(Supplier<FaxTerminal.Status> tx, Supplier<FaxTerminal.Status> rx, FaxMedia ep, Duration timeout)
            throws InterruptedException {
        FaxEnds.await(tx, rx, timeout, () -> " (endpoint media: " + ep.failure() + ", UDPTL " + ep.udptlStats() + ")");
    }

    static void assertPagesEqual(Path sent, Path got) throws Exception { FaxEnds.assertPagesEqual(sent, got); }
}
