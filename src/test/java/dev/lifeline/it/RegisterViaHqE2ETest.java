package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lifeline.config.SipConfig;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.registrar.AuthThrottle;
import dev.lifeline.sip.registrar.Binding;
import dev.lifeline.sip.registrar.DigestAuthenticator;
import dev.lifeline.sip.registrar.LocationStore;
import dev.lifeline.sip.registrar.RegisterForwarder;
import dev.lifeline.sip.registrar.Registrar;
import dev.lifeline.sip.upstream.HqHealth;
import dev.lifeline.store.Database;
import dev.lifeline.survival.Mode;
import dev.lifeline.util.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Branch phones registered at HQ (Kamailio, test-rigs/hq) through the gateway, across a real WAN
 * cut ({@link WanRig}): HQ's challenge reaches the phone, HQ keeps the binding with the gateway's
 * Path and calls the phone through it; the gateway keeps a shadow binding that survival routing
 * uses the moment the WAN goes; survival registrations are digest-authenticated and short; after
 * recovery the phone's next REGISTER goes to HQ again.
 */
@Tag("e2e")
class RegisterViaHqE2ETest {
    private static final Path HOME = TestGateway.HOME;

    @Test
    void hqCallsAPhoneRegisteredThroughTheGatewayAlongThePath(@TempDir Path tmp) throws Exception {
        Peers.requireKamailio();
        Sipp.assumeInstalled();
        int port = FreePorts.udpAndTcp();
        AtomicReference<Request> invite = new AtomicReference<>();
        try (WanRig rig = WanRig.start(port); Database db = Database.open(tmp.resolve("gw.db"));
             LocationStore store = new LocationStore(db, Clock.SYSTEM);
             SipHost gw = new SipHost(rig.gatewayHost(), port, 4)) {
            String ctl = kamailio(rig, tmp);
            SipConfig cfg = new SipConfig(rig.gatewayHost(), port, port, "branch", 60, 3600, 3600, 5, 60_000, 300_000,
                    List.of("MD5"));
            AuthThrottle throttle = new AuthThrottle(5, 60_000, 300_000, Clock.SYSTEM);
            Registrar registrar = new Registrar(cfg, dev.lifeline.sip.registrar.RegistrarHarness.users("branch"), store, new DigestAuthenticator(Clock.SYSTEM,
                    DigestAuthenticator.DEFAULT_NONCE_TTL_MS, List.of("MD5")), throttle, Clock.SYSTEM);
            registrar.attach(gw);
            UpstreamConfig up = new UpstreamConfig(List.of(new UpstreamConfig.Server(rig.hqHost(), rig.hqPort(),
                    UpstreamConfig.Transport.UDP, 1)), "hq.example", 600, rig.advertise());
            try (RegisterForwarder fwd = new RegisterForwarder(gw, up, () -> true, new HqHealth(up, Clock.SYSTEM), store,
                    throttle, Clock.SYSTEM, 60)) {
                registrar.forwardWith(fwd);
                gw.handle(Request.INVITE, (h, e) -> {   // the stand-in for the B2BUA: note the INVITE, answer busy
                    invite.compareAndSet(null, e.getRequest());
                    h.respond(e, h.messages().createResponse(Response.BUSY_HERE, e.getRequest()));
                });
                gw.start();

                int phonePort = FreePorts.udpAndTcp();
                try {
                    register(rig, port, "7000", phonePort);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n== kamailio\n" + java.nio.file.Files.readString(tmp.resolve("kamailio.log")), e);
                }
                List<Binding> b = store.lookup("7000");
                assertEquals(1, b.size(), b.toString());
                assertTrue(b.get(0).shadow(), "a shadow of HQ's binding: " + b);
                String contact = "sip:7000@127.0.0.1:" + phonePort;
                assertEquals(contact, b.get(0).contact());
                String atHq = kamcmd(ctl, "ul.dump");
                assertTrue(atHq.contains(contact), "7000 is registered at Kamailio:\n" + atHq);
                String path = rig.advertise() != null ? rig.advertise() : rig.gatewayHost() + ":" + port;
                assertTrue(atHq.contains("sip:" + path + ";lr"), "with the gateway's Path:\n" + atHq);

                Process call = rig.startOnHq(rig.onHq(List.of("sipp", "-sf", HOME.resolve("test-rigs/sipp/hq-call-busy.xml")
                                .toString(), "-s", "7000", "-au", "7009", "-ap", "lifeline7009", "-i", rig.hqSideHost(), "-p",
                        String.valueOf(FreePorts.udpAndTcp()), "-m", "1", "-timeout", "15s", "-timeout_error", "-nostdin",
                        rig.hqSideHost() + ":" + rig.kamailioPort()))
                        .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("hq-call.out").toFile()));
                assertTrue(call.waitFor(20, TimeUnit.SECONDS), "the HQ call ended");
                assertEquals(0, call.exitValue(), "HQ's caller got the gateway's 486 back through Kamailio\n"
                        + java.nio.file.Files.readString(tmp.resolve("hq-call.out")));
                Request got = invite.get();
                assertNotNull(got, "Kamailio's INVITE reached the gateway along the Path");
                assertEquals(contact, got.getRequestURI().toString(), "addressed to the phone's contact");
            }
        }
    }

    @Test
    void wanCutKeepsTheShadowBindingUsableAndRecoveryMovesThePhoneBack(@TempDir Path tmp) throws Exception {
        Peers.requireKamailio();
        Sipp.assumeInstalled();
        int port = FreePorts.udpAndTcp();
        try (WanRig rig = WanRig.start(port)) {
            String ctl = kamailio(rig, tmp);
            try (TestGateway gw = TestGateway.start("demo.yaml", site(rig, 3, 60), port)) {
                awaitMode(gw, Mode.NORMAL, 5_000);
                Thread.sleep(1_500); // a round of probes answered
                int phonePort = FreePorts.udpAndTcp();
                register(rig, port, "7000", phonePort);
                assertEquals("hq", via(gw, "7000"), "shadow binding: " + gw.gateway().registrations());
                assertTrue(kamcmd(ctl, "ul.dump").contains("sip:7000@127.0.0.1:" + phonePort), "registered at HQ");

                VirtualPhone a = gw.phone("fxs1");
                VirtualPhone b = gw.phone("fxs2");
                TestGateway.liftAndDial(a, "6001"); // a local call that must survive both transitions
                assertTrue(b.awaitRinging(Duration.ofSeconds(5)), "fxs2 rings");
                b.offHook();
                Thread.sleep(500);
                a.playTone(1000, -10);
                b.playTone(1500, -10);
                assertTrue(b.hears(1000, Duration.ofSeconds(1)) || awaitHears(b, 1000), "audio a -> b before the cut");

                long cutAt = System.currentTimeMillis();
                rig.cut();
                awaitMode(gw, Mode.SURVIVAL, 5_000);
                assertTrue(System.currentTimeMillis() - cutAt < 5_000, "SURVIVAL within 5 s");
                assertEquals("hq", via(gw, "7000"), "the shadow binding is still there");
                assertTrue(awaitHears(b, 1000) && awaitHears(a, 1500), "the local call is still up, audio both ways");

                // fxs3 calls 7000 at once: the shadow binding routes it, 7000 never re-registered
                try (Sipp uas = Sipp.startOn(phonePort, "uas-answer.xml", port, "-s", "7000")) {
                    VirtualPhone c = gw.phone("fxs3");
                    TestGateway.liftAndDial(c, "7000");
                    Thread.sleep(3_000);
                    c.onHook();
                    assertEquals(0, uas.await(20), "7000 was called through its shadow binding\n" + uas.output());
                }

                try (Sipp refused = Sipp.startAt(rig.gatewayHost(), port, "register-refused.xml", "-s", "7001", "-au", "7001",
                        "-ap", "not-the-password")) {
                    assertEquals(0, refused.await(15), "survival: unauthenticated 401, wrong password 401\n" + refused.output());
                }
                assertEquals(0, gw.gateway().registeredContacts("7001"), "nothing registered without credentials");

                register(rig, port, "7000", phonePort);
                assertEquals("local", via(gw, "7000"), "registered locally in survival: " + gw.gateway().registrations());
                long left = expiresIn(gw, "7000");
                assertTrue(left <= 60, "survival.register-expires caps the local grant: " + left);

                rig.restore();
                awaitMode(gw, Mode.RECOVERING, 5_000);
                awaitMode(gw, Mode.NORMAL, 3_000 + 3_000);
                assertTrue(awaitHears(b, 1000) && awaitHears(a, 1500), "the local call survived the recovery too");
                a.onHook();
                b.onHook();

                register(rig, port, "7000", phonePort);
                assertEquals("hq", via(gw, "7000"), "the next REGISTER went to HQ again: " + gw.gateway().registrations());
            }
        }
    }

    /** demo.yaml on the rig: SIP on the gateway side, MD5 only (SIPp), HQ upstream, short hold-down and survival expiry. */
    static java.util.function.UnaryOperator<String> site(WanRig rig, int holdDownS, int survivalExpires) {
        return s -> s.replace("listen-host: 127.0.0.1", "listen-host: " + rig.gatewayHost() + "\n  digest-algorithms: [MD5]")
                + rig.upstreamYaml("hq.example")
                + "\nsurvival:\n  hold-down: " + holdDownS + "s\n  register-expires: " + survivalExpires + "\n";
    }

    /** Kamailio as HQ on the rig, with a control socket; returns the socket for kamcmd. */
    static String kamailio(WanRig rig, Path tmp) throws Exception {
        String ctl = "unix:" + tmp.resolve("kam.ctl");
        rig.startKamailio(HOME.resolve("test-rigs/hq/kamailio-hq.cfg"), tmp, tmp.resolve("kamailio.log"),
                "-A", "CTL_SOCKET=\"" + ctl + "\"");
        return ctl;
    }

    static String kamcmd(String ctl, String... cmd) throws Exception {
        List<String> full = new ArrayList<>(List.of("kamcmd", "-s", ctl));
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(5, TimeUnit.SECONDS);
        return out;
    }

    /** SIPp registers {@code ext} through the gateway with its contact on {@code contactPort}. */
    static void register(WanRig rig, int gatewayPort, String ext, int contactPort) throws Exception {
        try (Sipp reg = Sipp.startAt(rig.gatewayHost(), gatewayPort, "register-as.xml", "-s", ext, "-au", ext, "-ap",
                "lifeline" + ext, "-key", "contact_port", String.valueOf(contactPort))) {
            assertEquals(0, reg.await(15), "REGISTER of " + ext + " (401, digest, 200)\n" + reg.output());
        }
    }

    static String via(TestGateway gw, String ext) {
        return gw.gateway().registrations().stream().filter(m -> ext.equals(m.get("extension")))
                .map(m -> String.valueOf(m.get("via"))).findFirst().orElse("none");
    }

    static long expiresIn(TestGateway gw, String ext) {
        return gw.gateway().registrations().stream().filter(m -> ext.equals(m.get("extension")))
                .mapToLong(m -> ((Number) m.get("expiresInSeconds")).longValue()).findFirst().orElse(-1);
    }

    static void awaitMode(TestGateway gw, Mode mode, long maxMs) throws InterruptedException {
        WanRigE2ETest.await("mode " + mode + " (is " + gw.gateway().mode() + ")", maxMs, () -> gw.gateway().mode() == mode);
    }

    static boolean awaitHears(VirtualPhone p, double hz) throws InterruptedException {
        long end = System.currentTimeMillis() + 2_000;
        while (System.currentTimeMillis() < end) {
            if (p.hears(hz, Duration.ofMillis(300))) return true;
            Thread.sleep(50);
        }
        return false;
    }

}
