package dev.lifeline.sip.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.it.TestCa;
import dev.lifeline.util.Pem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 5922 §7.1 matching on certificates openssl made: DNS, IP and sip: URI subjectAltNames; no wildcards; CN only without SANs. */
class ServerNamesTest {
    @TempDir
    Path dir;

    private X509Certificate cert(TestCa ca, String cn, List<String> sans) throws Exception {
        return Pem.certificates(ca.issue(cn, sans).cert()).get(0);
    }

    @Test
    void theConfiguredHostMustBeASubjectAltName() throws Exception {
        TestCa ca = TestCa.create(dir, "Names CA");
        X509Certificate c = cert(ca, "hq", List.of("DNS:HQ.example.net", "IP:192.0.2.10", "URI:sip:sip.example.org"));
        assertTrue(ServerNames.matches(c, "hq.example.net"), "DNS, case-insensitive");
        assertTrue(ServerNames.matches(c, "192.0.2.10"), "IP");
        assertTrue(ServerNames.matches(c, "sip.example.org"), "the host of a sip: URI");
        assertFalse(ServerNames.matches(c, "hq"), "the CN does not count when there are SANs");
        assertFalse(ServerNames.matches(c, "192.0.2.11"));
        assertFalse(ServerNames.matches(c, "example.net"));
        assertEquals("dns:hq.example.net, ip:192.0.2.10, uri:sip:sip.example.org", ServerNames.describe(c));
    }

    @Test
    void wildcardsAndUserUrisDoNotMatch() throws Exception {
        TestCa ca = TestCa.create(dir, "Names CA");
        X509Certificate c = cert(ca, "wild", List.of("DNS:*.example.net", "URI:sip:alice@example.com"));
        assertFalse(ServerNames.matches(c, "hq.example.net"), "RFC 5922 §7.2: no wildcard match");
        assertFalse(ServerNames.matches(c, "example.com"), "a sip: URI with a user identifies a user, not a domain");
    }
}
