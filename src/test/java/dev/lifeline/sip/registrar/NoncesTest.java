package dev.lifeline.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeline.util.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nonce replay protection in bounded memory: a storm of fresh nonces cannot grow the table. */
class NoncesTest {
    @Test
    void aNonceCountIsUsedOnceAndANonceExpires() {
        ManualClock clock = new ManualClock();
        Nonces n = new Nonces(clock, 30_000);
        String nonce = n.mint();
        assertEquals(Nonces.Check.FRESH, n.use(nonce, 1));
        assertEquals(Nonces.Check.REPLAY, n.use(nonce, 1));
        assertEquals(Nonces.Check.FRESH, n.use(nonce, 2));
        String tampered = nonce.substring(0, 10) + (nonce.charAt(10) == 'A' ? 'B' : 'A') + nonce.substring(11);
        assertEquals(Nonces.Check.FORGED, n.use(tampered, 3), "a nonce this gateway did not issue");
        clock.advance(31_000);
        assertEquals(Nonces.Check.STALE, n.use(nonce, 3));
        assertEquals(Nonces.Check.FRESH, n.use(n.mint(), 1));
        assertEquals(1, n.tracked(), "the expired nonce was purged");
    }

    @Test
    void theTableIsBoundedAndAForgottenNonceIsStaleNeverReplayable() {
        ManualClock clock = new ManualClock();
        Nonces n = new Nonces(clock, 30_000);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < Nonces.MAX_TRACKED + 100; i++) {
            String nonce = n.mint();
            assertEquals(Nonces.Check.FRESH, n.use(nonce, 1));
            used.add(nonce);
            if (i % 1000 == 0) clock.advance(1);
        }
        assertEquals(Nonces.MAX_TRACKED, n.tracked());
        assertEquals(Nonces.Check.STALE, n.use(used.get(0), 1), "forgotten: challenged again, not accepted twice");
        assertEquals(Nonces.Check.REPLAY, n.use(used.get(used.size() - 1), 1), "still remembered");
    }
}
