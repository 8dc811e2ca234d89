package dev.lifeline.sip.session;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The Replaces value (RFC 3891 §6.1): parsed from an INVITE header, escaped into and out of a Refer-To URI. */
class ReplacesHeaderTest {
    @Test
    void parsesTheRfcExampleInAnyParameterOrder() {
        Replaces r = Replaces.parse("425928@bobster.example.org;to-tag=7743;from-tag=6472");
        assertEquals(new Replaces("425928@bobster.example.org", "7743", "6472"), r);
        assertEquals(r, Replaces.parse(" 425928@bobster.example.org ; from-tag=6472;early-only; TO-TAG=7743"));
    }

    @Test
    void aValueWithoutTheCallIdOrATagIsNone() {
        assertNull(Replaces.parse("425928@bobster.example.org;to-tag=7743"));
        assertNull(Replaces.parse(";to-tag=1;from-tag=2"));
        assertNull(Replaces.parse(null));
    }

    @Test
    void escapingForAReferToUriRoundTripsAndLeavesNoDelimiters() {
        Replaces r = new Replaces("a+b/c@host.example", "t1", "f-2");
        String esc = r.escaped();
        assertFalse(esc.contains("@") || esc.contains(";") || esc.contains("=") || esc.contains("+") || esc.contains("/"), esc);
        assertTrue(esc.startsWith("a%2Bb%2Fc%40host.example%3Bto-tag%3Dt1"), esc);
        assertEquals(r, Replaces.parseEscaped(esc));
        assertEquals(r, Replaces.parseEscaped("a+b/c@host.example%3Bto-tag%3Dt1%3Bfrom-tag%3Df-2"), "a literal + stays a +");
    }
}
