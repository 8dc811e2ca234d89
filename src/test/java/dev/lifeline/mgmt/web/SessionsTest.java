package dev.lifeline.mgmt.web;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.WebUser.Role;
import dev.lifeline.util.ManualClock;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final ManualClock clock = new ManualClock();

    @Test
    void idsAndTokensAre128RandomBits() {
        Sessions s = new Sessions(clock, 60_000, 100, new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Sessions.Session x = s.create("u" + i, Role.STAFF);
            assertEquals(22, x.id.length(), "16 bytes in URL-safe Base64");
            assertTrue(x.id.matches("[A-Za-z0-9_-]{22}"), x.id);
            assertNotEquals(x.id, x.csrf);
            assertTrue(seen.add(x.id) && seen.add(x.csrf));
        }
    }

    @Test
    void anIdleSessionExpiresAndUseKeepsItAlive() {
        Sessions s = new Sessions(clock, 60_000, 10, new SecureRandom());
        Sessions.Session a = s.create("admin", Role.ADMIN);
        assertTrue(a.admin());
        clock.advance(59_000);
        assertTrue(s.use(a.id).isPresent(), "used within the idle time");
        clock.advance(59_000);
        assertTrue(s.use(a.id).isPresent(), "the last use counts, not the login");
        clock.advance(60_000);
        assertTrue(s.use(a.id).isEmpty(), "idle for the whole timeout: gone");
        assertTrue(s.use(a.id).isEmpty());
        assertEquals(0, s.size());
        assertTrue(s.use(null).isEmpty());
        assertTrue(s.use("not-a-session").isEmpty());
    }

    @Test
    void peekDoesNotKeepASessionAlive() {
        Sessions s = new Sessions(clock, 60_000, 10, new SecureRandom());
        Sessions.Session a = s.create("staff", Role.STAFF);
        for (int i = 0; i < 5; i++) {
            clock.advance(20_000);
            if (i < 2) assertTrue(s.peek(a.id).isPresent());
        }
        assertTrue(s.peek(a.id).isEmpty(), "a live view alone does not keep an unattended session");
    }

    @Test
    void theTableIsBoundedAndDropsTheLeastRecentlyUsed() {
        Sessions s = new Sessions(clock, 600_000, 3, new SecureRandom());
        Sessions.Session a = s.create("a", Role.STAFF);
        clock.advance(1);
        Sessions.Session b = s.create("b", Role.STAFF);
        clock.advance(1);
        Sessions.Session c = s.create("c", Role.STAFF);
        clock.advance(1);
        assertTrue(s.use(a.id).isPresent()); // a is now the most recently used; b the least
        Sessions.Session d = s.create("d", Role.ADMIN);
        assertEquals(3, s.size());
        assertTrue(s.use(b.id).isEmpty(), "least recently used dropped");
        assertTrue(s.use(a.id).isPresent() && s.use(c.id).isPresent() && s.use(d.id).isPresent());
        s.remove(d.id);
        assertTrue(s.use(d.id).isEmpty(), "logged out");
    }
}
