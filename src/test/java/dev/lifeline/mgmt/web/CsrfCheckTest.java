package dev.lifeline.mgmt.web;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CsrfCheckTest {
    @Test
    void originMustBeTheConsolesOwn() {
        assertNull(CsrfCheck.originProblem("http://127.0.0.1:8080", "127.0.0.1:8080", false));
        assertNull(CsrfCheck.originProblem("http://GW.example:8080", "gw.example:8080", false), "host names are case-insensitive");
        assertNull(CsrfCheck.originProblem("https://gw.example", "gw.example", true));
        assertEquals("no Origin header", CsrfCheck.originProblem(null, "127.0.0.1:8080", false));
        assertEquals("no Origin header", CsrfCheck.originProblem("", "127.0.0.1:8080", false));
        assertTrue(CsrfCheck.originProblem("http://evil.example", "127.0.0.1:8080", false).startsWith("cross-origin"));
        assertNotNull(CsrfCheck.originProblem("http://127.0.0.1:8081", "127.0.0.1:8080", false), "another port is another origin");
        assertNotNull(CsrfCheck.originProblem("https://127.0.0.1:8080", "127.0.0.1:8080", false), "another scheme too");
        assertNotNull(CsrfCheck.originProblem("http://127.0.0.1:8080", "127.0.0.1:8080", true), "plain http to a TLS console");
        assertNotNull(CsrfCheck.originProblem("null", "127.0.0.1:8080", false), "sandboxed frames and file: pages send null");
        assertNotNull(CsrfCheck.originProblem("http://127.0.0.1:8080", null, false));
    }

    @Test
    void tokenMustMatchTheSessions() {
        assertNull(CsrfCheck.tokenProblem("abcDEF123_-", "abcDEF123_-"));
        assertEquals("no X-CSRF-Token header", CsrfCheck.tokenProblem(null, "abc"));
        assertEquals("no X-CSRF-Token header", CsrfCheck.tokenProblem("", "abc"));
        assertEquals("wrong X-CSRF-Token", CsrfCheck.tokenProblem("abd", "abc"));
        assertEquals("wrong X-CSRF-Token", CsrfCheck.tokenProblem("abc ", "abc"));
        assertEquals("wrong X-CSRF-Token", CsrfCheck.tokenProblem("ab", "abc"));
    }
}
