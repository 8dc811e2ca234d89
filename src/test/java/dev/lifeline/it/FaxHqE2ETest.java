package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.FaxTerminal;
import dev.lifeline.dsp.T38Options;
import dev.lifeline.rig.fax.FaxMedia;
import dev.lifeline.rig.fax.SipFaxEndpoint;
import dev.lifeline.rig.fax.TestPages;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fax in normal mode, where a branch's calls go through HQ (Kamailio, test-rigs/hq): fxs1 faxes
 * a T.38 fax server registered at HQ. The call leaves as an HQ leg; on the fax's CNG the gateway
 * re-INVITEs to T.38 within the dialog, through HQ's record-route, and the pages arrive equal.
 */
@Tag("e2e")
@Tag("serial")
class FaxHqE2ETest {
    @TempDir Path dir;

    @Test
    void aFaxThroughHqSwitchesToT38() throws Exception {
        Path sent = TestPages.write(dir.resolve("sent.tif"), 2, 250);
        Path got = dir.resolve("got.tif");
        int modems = FaxTerminal.V17 | FaxTerminal.V29 | FaxTerminal.V27TER;
        try (KamailioHq hq = KamailioHq.start("demo-branch");
             TestGateway gw = TestGateway.start("demo.yaml", UpstreamE2ETest.site(hq.port()));
             FaxTerminal tx = FaxTerminal.sender(sent, true, true, modems);
             SipFaxEndpoint server = new SipFaxEndpoint(hq.port(), "7000", "lifeline7000", SipFaxEndpoint.Mode.T38,
                     FaxMedia.t38Receiver(got, false, T38Options.of(14400, true), 0))) {
            UpstreamE2ETest.awaitRegistered(gw, 4);
            assertTrue(server.register(), "the fax server registers at HQ\n" + hq.log());
            VirtualPhone a = gw.phone("fxs1");
            TestGateway.liftAndDial(a, "7000");
            a.attachFax(tx);
            assertTrue(server.answer(15_000), "the fax server answers the call HQ routed to it\n" + hq.log());
            assertTrue(server.awaitT38(15_000), "the gateway re-INVITEs to T.38 on the fax's CNG\n" + hq.log());
            // the first INVITE to the AoR, then the re-INVITE to the server's contact, both through HQ
            assertTrue(hq.requests("INVITE", "6000").stream().anyMatch(l -> l.contains("INVITE sip:7000@127.0.0.1 ")),
                    "the call went through HQ, from 6000 (fxs1)\n" + hq.log());
            assertTrue(hq.requests("INVITE", "6000").stream().anyMatch(l -> l.contains("INVITE sip:7000@127.0.0.1:")),
                    "the T.38 re-INVITE followed HQ's record-route\n" + hq.log());
            FaxSipE2ETest.await(tx::status, () -> server.media().status(), server.media(), Duration.ofSeconds(120));
            assertEquals(2, server.media().status().pagesReceived());
            a.stopPlaying();
            a.onHook();
            Cdr cdr = gw.awaitCdrs(1, Duration.ofSeconds(10)).get(0);
            assertTrue(cdr.dstLeg().startsWith("hq:"), "an HQ leg: " + cdr.dstLeg());
            assertEquals("t38", cdr.fax(), "the CDR says the fax went over T.38");
        }
        FaxSipE2ETest.assertPagesEqual(sent, got);
    }
}
