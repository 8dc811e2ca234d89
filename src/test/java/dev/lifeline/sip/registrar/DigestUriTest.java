package dev.lifeline.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which digest uris a registrar listening on 5070 takes for which Request-URIs. */
class DigestUriTest {
    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', value = {
            "sip:127.0.0.1|sip:127.0.0.1",
            "sip:127.0.0.1|sip:127.0.0.1:5060",                 // SIPp's default digest uri
            "sip:127.0.0.1:5060|sip:127.0.0.1",
            "sips:gw.example|sips:gw.example:5061",
            "sip:127.0.0.1|sip:127.0.0.1:5070",                 // a port-less URI reached us on 5070
            "sip:127.0.0.1:5070|sip:127.0.0.1",
            "sip:GW.Example.com|sip:gw.example.com",
            "sip:7000@127.0.0.1|sip:7000@127.0.0.1:5060;transport=udp",
            "sip:127.0.0.1;transport=tcp|sip:127.0.0.1",
            "sip:[::1]|sip:[::1]:5060",
            "<sip:127.0.0.1>|sip:127.0.0.1:5060",
    })
    void equivalent(String requestUri, String digestUri) {
        assertTrue(DigestUri.equivalent(requestUri, digestUri, 5070));
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource(delimiter = '|', value = {
            "sip:127.0.0.1|sip:127.0.0.2",                       // another host
            "sip:127.0.0.1|sip:127.0.0.1:5080",                  // another port, not ours
            "sip:127.0.0.1:5060|sip:127.0.0.1:5070",             // both explicit and different
            "sip:127.0.0.1|sips:127.0.0.1",                      // another scheme
            "sip:7000@127.0.0.1|sip:7001@127.0.0.1",             // another user
            "sip:7000@127.0.0.1|sip:127.0.0.1",
            "sip:127.0.0.1|sip:127.0.0.1;maddr=10.0.0.1",        // maddr sends it elsewhere
            "sip:127.0.0.1|tel:+4930123",
            "sip:127.0.0.1|sip:127.0.0.1:0",
            "sip:127.0.0.1|garbage",
    })
    void notEquivalent(String requestUri, String digestUri) {
        assertFalse(DigestUri.equivalent(requestUri, digestUri, 5070));
    }
}
