package dev.lifeline.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.config.Ha1;
import dev.lifeline.util.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registrar over real UDP with a hand-written phone that computes its own digests. */
class RegistrarTest {
    @TempDir Path dir;
    private final ManualClock clock = new ManualClock();
    private RegistrarHarness rig;
    private TestPhone phone;

    @BeforeEach
    void start() throws Exception {
        rig = new RegistrarHarness(dir.resolve("gw.db"), clock, 0, 3);
        phone = new TestPhone(rig.port, "7000", "lifeline7000");
    }

    @AfterEach
    void stop() {
        phone.close();
        rig.close();
    }

    private String contactLine(String extra) { return "Contact: " + phone.contact() + extra + "\r\n"; }

    @Test
    void challengeOffersSha256FirstThenMd5() throws Exception {
        TestPhone.Msg r = phone.exchange(phone.register("7000", contactLine("")));
        assertEquals(401, r.status(), r.raw());
        List<String> w = r.all("www-authenticate");
        assertEquals(2, w.size(), r.raw());
        assertTrue(w.get(0).contains("algorithm=SHA-256"), w.get(0));
        assertTrue(w.get(1).contains("algorithm=MD5"), w.get(1));
        assertTrue(w.get(0).contains("qop=\"auth\"") && w.get(0).contains("realm=\"" + RegistrarHarness.REALM + "\""), w.get(0));
        assertTrue(rig.store.lookup("7000").isEmpty(), "an unauthenticated REGISTER binds nothing");
    }

    @Test
    void sha256RegisterRefreshAndUnregister() throws Exception {
        TestPhone.Msg ok = phone.registerWithAuth(contactLine("") + "Expires: 600\r\n", "SHA-256");
        assertEquals(200, ok.status(), ok.raw());
        assertTrue(ok.first("contact").contains("expires=600"), ok.raw());
        List<Binding> b = rig.store.lookup("7000");
        assertEquals(1, b.size());
        assertEquals("sip:7000@127.0.0.1:" + phone.localPort(), b.get(0).contact());
        assertEquals("127.0.0.1:" + phone.localPort(), b.get(0).received());
        assertEquals("TestPhone", b.get(0).userAgent());

        clock.advance(100_000);
        TestPhone.Msg refresh = phone.exchange(phone.register("7000", contactLine("") + "Expires: 600\r\n"
                + phone.authorization("SHA-256", ++phone.nc)));
        assertEquals(401, refresh.status(), "the first nonce is 100 s old: stale");
        assertTrue(refresh.first("www-authenticate").contains("stale=true"), refresh.raw());
        phone.takeChallenge(refresh, "SHA-256");
        refresh = phone.exchange(phone.register("7000", contactLine("") + "Expires: 600\r\n"
                + phone.authorization("SHA-256", ++phone.nc)));
        assertEquals(200, refresh.status(), refresh.raw());
        assertEquals(1, rig.store.lookup("7000").size());
        assertEquals(600, rig.store.lookup("7000").get(0).remainingSeconds(clock.now().toEpochMilli()));

        TestPhone.Msg gone = phone.exchange(phone.register("7000", contactLine("") + "Expires: 0\r\n"
                + phone.authorization("SHA-256", ++phone.nc)));
        assertEquals(200, gone.status(), gone.raw());
        assertTrue(gone.all("contact").isEmpty(), gone.raw());
        assertTrue(rig.store.lookup("7000").isEmpty());
    }

    @Test
    void md5Works() throws Exception {
        TestPhone.Msg ok = phone.registerWithAuth(contactLine(""), "MD5");
        assertEquals(200, ok.status(), ok.raw());
        assertTrue(ok.first("contact").contains("expires=3600"), "default expiry: " + ok.raw());
    }

    @Test
    void replayedNonceCountIsRefused() throws Exception {
        assertEquals(200, phone.registerWithAuth(contactLine(""), "SHA-256").status());
        String again = phone.authorization("SHA-256", phone.nc); // same nc as the accepted request
        TestPhone.Msg r = phone.exchange(phone.register("7000", contactLine("") + again));
        assertEquals(401, r.status(), r.raw());
        TestPhone.Msg lower = phone.exchange(phone.register("7000", contactLine("") + phone.authorization("SHA-256", 0)));
        assertEquals(401, lower.status(), lower.raw());
        TestPhone.Msg next = phone.exchange(phone.register("7000", contactLine("") + phone.authorization("SHA-256", phone.nc + 1)));
        assertEquals(200, next.status(), "a higher nc on the same nonce is fine: " + next.raw());
    }

    @Test
    void expiresBelowMinimumGets423AndAboveMaximumIsClamped() throws Exception {
        TestPhone.Msg brief = phone.registerWithAuth(contactLine("") + "Expires: 30\r\n", "SHA-256");
        assertEquals(423, brief.status(), brief.raw());
        assertEquals("60", brief.first("min-expires"), brief.raw());
        assertTrue(rig.store.lookup("7000").isEmpty());

        TestPhone.Msg perContact = phone.exchange(phone.register("7000", contactLine(";expires=5") + "Expires: 600\r\n"
                + phone.authorization("SHA-256", ++phone.nc)));
        assertEquals(423, perContact.status(), "the Contact expires parameter wins over the header: " + perContact.raw());

        TestPhone.Msg clamped = phone.exchange(phone.register("7000", contactLine("") + "Expires: 99999\r\n"
                + phone.authorization("SHA-256", ++phone.nc)));
        assertEquals(200, clamped.status(), clamped.raw());
        assertTrue(clamped.first("contact").contains("expires=3600"), clamped.raw());
    }

    @Test
    void severalContactsAreOrderedByQ() throws Exception {
        String contacts = "Contact: <sip:7000@10.0.0.1:5060>;q=0.5, <sip:7000@10.0.0.2:5060>;q=0.9\r\n"
                + "Contact: <sip:7000@10.0.0.3:5060>\r\n";
        TestPhone.Msg ok = phone.registerWithAuth(contacts, "SHA-256");
        assertEquals(200, ok.status(), ok.raw());
        List<Binding> b = rig.store.lookup("7000");
        assertEquals(List.of("sip:7000@10.0.0.3:5060", "sip:7000@10.0.0.2:5060", "sip:7000@10.0.0.1:5060"),
                b.stream().map(Binding::contact).toList());
        assertEquals(0.9, b.get(1).q(), 1e-6);
        assertEquals(3, ok.raw().split("sip:7000@10.0.0.").length - 1, "200 OK lists all contacts: " + ok.raw());
        assertEquals(List.of("7000"), List.copyOf(rig.store.snapshot().keySet()));
    }

    @Test
    void wildcardRemovesAllOnlyWithExpiresZero() throws Exception {
        String contacts = "Contact: <sip:7000@10.0.0.1:5060>, <sip:7000@10.0.0.2:5060>\r\n";
        assertEquals(200, phone.registerWithAuth(contacts, "SHA-256").status());
        assertEquals(2, rig.store.lookup("7000").size());
        TestPhone.Msg bad = phone.exchange(phone.register("7000", "Contact: *\r\nExpires: 60\r\n"
                + phone.authorization("SHA-256", ++phone.nc)));
        assertEquals(400, bad.status(), bad.raw());
        assertEquals(2, rig.store.lookup("7000").size());
        TestPhone.Msg all = phone.exchange(phone.register("7000", "Contact: *\r\nExpires: 0\r\n"
                + phone.authorization("SHA-256", ++phone.nc)));
        assertEquals(200, all.status(), all.raw());
        assertTrue(rig.store.lookup("7000").isEmpty());
    }

    @Test
    void sameCallIdWithLowerCSeqGets500() throws Exception {
        assertEquals(200, phone.registerWithAuth(contactLine(""), "SHA-256").status());
        phone.cseq = 1; // lower than the stored binding's CSeq (2), same Call-ID
        TestPhone.Msg r = phone.exchange(phone.register("7000", contactLine("") + phone.authorization("SHA-256", ++phone.nc)));
        assertEquals(500, r.status(), r.raw());
        phone.callId = "other@test"; // another Call-ID may register the same contact with any CSeq
        r = phone.exchange(phone.register("7000", contactLine("") + phone.authorization("SHA-256", ++phone.nc)));
        assertEquals(200, r.status(), r.raw());
    }

    @Test
    void pathIsStoredWhenSupported() throws Exception {
        TestPhone.Msg ok = phone.registerWithAuth(contactLine("") + "Supported: path\r\nPath: <sip:edge.example.net;lr>\r\n",
                "SHA-256");
        assertEquals(200, ok.status(), ok.raw());
        assertEquals(List.of("<sip:edge.example.net;lr>"), rig.store.lookup("7000").get(0).path());
        assertTrue(ok.raw().contains("Path: <sip:edge.example.net;lr>"), ok.raw());
    }

    @Test
    void unknownUserAndWrongPasswordLookTheSame() throws Exception {
        try (TestPhone stranger = new TestPhone(rig.port, "7999", "whatever");
             TestPhone wrong = new TestPhone(rig.port, "7001", "not-the-password")) {
            TestPhone.Msg a = stranger.registerWithAuth("Contact: " + stranger.contact() + "\r\n", "SHA-256");
            TestPhone.Msg b = wrong.registerWithAuth("Contact: " + wrong.contact() + "\r\n", "SHA-256");
            assertEquals(401, a.status(), a.raw());
            assertEquals(a.raw().lines().findFirst(), b.raw().lines().findFirst());
            assertEquals(a.names(), b.names());
            assertEquals(a.all("www-authenticate").size(), b.all("www-authenticate").size());
            assertEquals(a.first("www-authenticate").replaceAll("nonce=\"[^\"]*\"", ""),
                    b.first("www-authenticate").replaceAll("nonce=\"[^\"]*\"", ""));
        }
    }

    @Test
    void repeatedFailuresBlockThatUserFromThatSourceWith403ButNotItsNeighbours() throws Exception {
        phone.password = "guess";
        assertEquals(401, phone.registerWithAuth(contactLine(""), "MD5").status());
        assertEquals(401, phone.registerWithAuth(contactLine(""), "MD5").status());
        assertEquals(403, phone.registerWithAuth(contactLine(""), "MD5").status(), "third failure blocks (auth-failures 3)");
        phone.password = "lifeline7000";
        TestPhone.Msg r = phone.exchange(phone.register("7000", contactLine("")));
        assertEquals(403, r.status(), "blocked: even the right password is not looked at");
        assertTrue(rig.store.lookup("7000").isEmpty());
        String log = Files.readString(dev.lifeline.it.TestGateway.log());
        assertTrue(log.contains("security: blocking SIP user '7000' from source 127.0.0.1"), "security line in the test log");
        assertEquals(List.of(new AuthThrottle.Block("127.0.0.1", "7000", 300)), rig.registrar.throttle().blocked());

        // another phone behind the same address (the branch's NAT) is not locked out with it
        try (TestPhone neighbour = new TestPhone(rig.port, "7001", "lifeline7001")) {
            assertEquals(200, neighbour.registerWithAuth("Contact: " + neighbour.contact() + "\r\n", "MD5").status());
        }
        clock.advance(300_001);
        assertEquals(200, phone.registerWithAuth(contactLine(""), "MD5").status(), "block lifted after auth-block");
    }

    @Test
    void theOperatorLiftsABlockAndAScannerGuessingManyUsersBlocksItsWholeSource() throws Exception {
        phone.password = "guess";
        for (int i = 0; i < 3; i++) phone.registerWithAuth(contactLine(""), "MD5");
        assertTrue(rig.registrar.throttle().isBlocked("127.0.0.1", "7000"));
        assertEquals(1, rig.registrar.throttle().lift("127.0.0.1", "7000"));
        phone.password = "lifeline7000";
        assertEquals(200, phone.registerWithAuth(contactLine(""), "MD5").status(), "lifted: served again at once");

        // 4 x auth-failures wrong answers for different users: the source as a whole is blocked
        AuthThrottle t = rig.registrar.throttle();
        for (int i = 0; i < 3 * AuthThrottle.SOURCE_FACTOR; i++) t.failure("192.0.2.66", "70" + (10 + i));
        assertTrue(t.isBlocked("192.0.2.66", "7099"), "even a user it never tried");
        assertTrue(t.blocked().stream().anyMatch(b -> b.source().equals("192.0.2.66") && b.user() == null));
        assertTrue(t.lift("192.0.2.66", null) >= 1);
        assertFalse(t.isBlocked("192.0.2.66", "7099"));
    }

    @Test
    void challengesAreNotCountedAsFailures() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertEquals(401, phone.exchange(phone.register("7000", contactLine(""))).status());
        }
        assertEquals(200, phone.registerWithAuth(contactLine(""), "SHA-256").status());
    }

    @Test
    void garbageDoesNotStopService() throws Exception {
        Random rnd = new Random(7);
        String good = phone.register("7000", contactLine(""));
        for (int i = 0; i < 1000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[1 + rnd.nextInt(600)];
                rnd.nextBytes(b);
            } else {
                byte[] g = good.getBytes(StandardCharsets.UTF_8);
                b = java.util.Arrays.copyOf(g, 1 + rnd.nextInt(g.length - 1));
            }
            phone.socket.send(new java.net.DatagramPacket(b, b.length, java.net.InetAddress.getLoopbackAddress(), rig.port));
        }
        phone.socket.setSoTimeout(200);
        try {
            while (true) phone.receive(); // drain 400s for the truncated requests
        } catch (java.net.SocketTimeoutException drained) {
            // done
        }
        phone.socket.setSoTimeout(3000);
        TestPhone.Msg ok = phone.registerWithAuth(contactLine(""), "SHA-256");
        assertEquals(200, ok.status(), ok.raw());
    }

    @Test
    void logNeverCarriesPasswordsOrHashes() throws Exception {
        phone.registerWithAuth(contactLine(""), "SHA-256");
        phone.registerWithAuth(contactLine(""), "MD5");
        try (TestPhone wrong = new TestPhone(rig.port, "7002", "bad-password-xyz")) {
            wrong.registerWithAuth("Contact: " + wrong.contact() + "\r\n", "MD5");
        }
        String log = Files.readString(dev.lifeline.it.TestGateway.log());
        assertTrue(log.contains("registrar: 7000 registered contact at 127.0.0.1"), "binding change logged");
        for (String secret : List.of("lifeline7000", "bad-password-xyz",
                Ha1.md5("7000", RegistrarHarness.REALM, "lifeline7000"),
                Ha1.sha256("7000", RegistrarHarness.REALM, "lifeline7000"), "response=")) {
            assertFalse(log.contains(secret), "log contains " + secret);
        }
        assertNotEquals(-1, log.indexOf("registrar:"));
    }
}
