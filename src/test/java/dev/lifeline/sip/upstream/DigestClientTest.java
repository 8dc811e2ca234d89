package dev.lifeline.sip.upstream;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.Ha1;
import dev.lifeline.config.SipUser;
import dev.lifeline.sip.registrar.DigestAuthenticator;
import dev.lifeline.sip.registrar.DigestCredentials;
import dev.lifeline.util.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The digest client against the RFCs' published examples and against the gateway's own registrar check. */
class DigestClientTest {
    private static Map<String, String> params(String authorization) {
        assertTrue(authorization.startsWith("Digest "), authorization);
        return DigestCredentials.params(authorization.substring(7));
    }

    @Test
    void rfc2617Section3_5Example() {
        DigestClient c = new DigestClient(DigestSecret.ofPassword("Mufasa", "Circle Of Life"), () -> "0a4f113b");
        String h = c.respond(List.of("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""),
                "GET", "/dir/index.html").orElseThrow();
        Map<String, String> p = params(h);
        assertEquals("6629fae49393a05397450978507c4ef1", p.get("response"));
        assertEquals("00000001", p.get("nc"));
        assertEquals("auth", p.get("qop"));
        assertEquals("0a4f113b", p.get("cnonce"));
        assertEquals("5ccc069c403ebaf9f0171e9517f40e41", p.get("opaque"));
        assertEquals("/dir/index.html", p.get("uri"));
    }

    @Test
    void rfc7616Section3_9_1ExamplesPreferSha256() {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        String common = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", nonce=\"" + nonce + "\", opaque=\"" + opaque + "\"";
        List<String> both = List.of(common + ", algorithm=MD5", common + ", algorithm=SHA-256");
        DigestClient sha = new DigestClient(DigestSecret.ofPassword("Mufasa", "Circle of Life"), () -> cnonce);
        Map<String, String> p = params(sha.respond(both, "GET", "/dir/index.html").orElseThrow());
        assertEquals("SHA-256", p.get("algorithm"));
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", p.get("response"));

        DigestClient md5 = new DigestClient(DigestSecret.ofPassword("Mufasa", "Circle of Life"), () -> cnonce);
        p = params(md5.respond(List.of(common + ", algorithm=MD5"), "GET", "/dir/index.html").orElseThrow());
        assertEquals("MD5", p.get("algorithm"));
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", p.get("response"));
    }

    @Test
    void anHa1AnswersOnlyItsRealmAndAlgorithm() {
        String ha1 = Ha1.md5("Mufasa", "testrealm@host.com", "Circle Of Life");
        DigestClient c = new DigestClient(DigestSecret.ofHa1("Mufasa", "testrealm@host.com", ha1, null), () -> "0a4f113b");
        String challenge = "Digest realm=\"testrealm@host.com\", qop=\"auth\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
        // SHA-256 is offered first but there is no SHA-256 hash: MD5 is answered, with the RFC 2617 result
        Map<String, String> p = params(c.respond(List.of(challenge + ", algorithm=SHA-256", challenge), "GET", "/dir/index.html").orElseThrow());
        assertEquals("6629fae49393a05397450978507c4ef1", p.get("response"));
        DigestClient other = new DigestClient(DigestSecret.ofHa1("Mufasa", "testrealm@host.com", ha1, null));
        assertTrue(other.respond(List.of("Digest realm=\"elsewhere\", nonce=\"n\", qop=\"auth\""), "GET", "/").isEmpty(),
                "an HA1 cannot answer another realm");
    }

    @Test
    void rfc2069ChallengeWithoutQop() {
        DigestClient c = new DigestClient(DigestSecret.ofPassword("Mufasa", "Circle Of Life"));
        Map<String, String> p = params(c.respond(List.of("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\""),
                "GET", "/dir/index.html").orElseThrow());
        String ha1 = Ha1.md5("Mufasa", "testrealm@host.com", "Circle Of Life");
        assertEquals(DigestClient.hash("MD5", ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:" + DigestClient.hash("MD5", "GET:/dir/index.html")),
                p.get("response"));
        assertNull(p.get("qop"));
        assertNull(p.get("nc"));
    }

    @Test
    void theGatewaysOwnRegistrarAcceptsTheAnswersAndRefusesNone() {
        ManualClock clock = new ManualClock();
        for (String alg : List.of("MD5", "SHA-256")) {
            DigestAuthenticator server = new DigestAuthenticator(clock, 30_000, List.of(alg));
            SipUser user = new SipUser("7000", null, "7000", Ha1.md5("7000", "branch", "pw7000"), Ha1.sha256("7000", "branch", "pw7000"));
            DigestClient c = new DigestClient(DigestSecret.ofPassword("7000", "pw7000"));
            String h = c.respond(server.challenge("branch", false), "INVITE", "sip:6001@hq.example").orElseThrow();
            DigestCredentials cred = DigestCredentials.parse(h).orElseThrow();
            assertEquals(alg, cred.algorithm());
            assertEquals(DigestAuthenticator.Outcome.OK, server.verify(cred, "INVITE", "branch", user, u -> u.equals("sip:6001@hq.example")));
            // a refresh on the same challenge: the next nonce count is accepted, a replay is not
            DigestCredentials again = DigestCredentials.parse(c.preemptive("INVITE", "sip:6001@hq.example").orElseThrow()).orElseThrow();
            assertEquals(2, again.nc());
            assertEquals(DigestAuthenticator.Outcome.OK, server.verify(again, "INVITE", "branch", user, u -> true));
            assertEquals(DigestAuthenticator.Outcome.REPLAY, server.verify(again, "INVITE", "branch", user, u -> true));
        }
    }

    @Test
    void aFreshChallengeToCredentialsJustSentIsNotAnsweredTwiceButAStaleOneIs() {
        DigestClient c = new DigestClient(DigestSecret.ofPassword("7000", "wrong"));
        String ch = "Digest realm=\"hq\", nonce=\"n1\", qop=\"auth\"";
        assertTrue(c.respond(List.of(ch), "REGISTER", "sip:hq").isPresent());
        assertTrue(c.respond(List.of("Digest realm=\"hq\", nonce=\"n2\", qop=\"auth\", stale=true"), "REGISTER", "sip:hq").isPresent(),
                "stale nonce: answer again");
        assertTrue(c.respond(List.of("Digest realm=\"hq\", nonce=\"n3\", qop=\"auth\""), "REGISTER", "sip:hq").isEmpty(),
                "challenged afresh after answering: the credentials are wrong, give up");
        c.accepted();
        assertTrue(c.respond(List.of("Digest realm=\"hq\", nonce=\"n4\", qop=\"auth\""), "REGISTER", "sip:hq").isPresent(),
                "after a success, a new challenge (nonce expired at HQ) is answered");
        assertTrue(c.toString().indexOf("wrong") < 0);
    }

    @Test
    void challengeParsing() {
        DigestChallenge c = DigestChallenge.parse("Proxy-Authenticate: Digest realm=\"hq\", nonce=\"abc\", qop=\"auth,auth-int\", stale=TRUE, algorithm=md5")
                .orElseThrow();
        assertEquals(new DigestChallenge("hq", "abc", "MD5", List.of("auth", "auth-int"), null, true), c);
        assertTrue(DigestChallenge.parse("Basic realm=\"x\"").isEmpty());
        assertTrue(DigestChallenge.parse("Digest nonce=\"x\"").isEmpty(), "no realm");
    }
}
