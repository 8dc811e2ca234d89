package dev.lifeline.sip.registrar;

import dev.lifeline.util.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;

/**
 * Brute-force brake: after {@code maxFailures} failed authentications from one source IP within
 * {@code windowMs}, that source is blocked for {@code blockMs} (the registrar answers it 403
 * without checking credentials). Only real failures count — a wrong digest — never the first
 * unauthenticated round that every phone goes through, nor stale nonces.
 *
 * <p>A success does not reset the count: an attacker holding one valid account must not be able
 * to interleave it with guesses at the others. Blocking is per IP, so phones behind the same NAT
 * share fate; the window and block length are configurable ({@code sip.auth-*}) for that reason.
 * Memory is bounded by purging sources that are neither blocked nor failed recently.
 */
public final class AuthThrottle {
    private static final int PURGE_ABOVE = 10_000;

    private static final class Source {
        final Deque<Long> failures = new ArrayDeque<>();
        long blockedUntil;
    }

    private final int maxFailures;
    private final long windowMs;
    private final long blockMs;
    private final Clock clock;
    private final Map<String, Source> sources = new ConcurrentHashMap<>();

    public AuthThrottle(int maxFailures, long windowMs, long blockMs, Clock clock) {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be >= 1");
        this.maxFailures = maxFailures;
        this.windowMs = windowMs;
        this.blockMs = blockMs;
        this.clock = clock;
    }

    public boolean isBlocked(String source) {
        Source s = sources.get(source);
        if (s == null) return false;
        synchronized (s) {
            return s.blockedUntil > clock.millis();
        }
    }

    /**
     * Records a failed authentication from {@code source} (for user {@code user}, logged — never a
     * credential). Returns true when this failure blocked the source.
     */
    public boolean failure(String source, String user) {
        long now = clock.millis();
        if (sources.size() > PURGE_ABOVE) purge(now);
        Source s = sources.computeIfAbsent(source, k -> new Source());
        synchronized (s) {
            while (!s.failures.isEmpty() && now - s.failures.peekFirst() >= windowMs) s.failures.removeFirst();
            s.failures.addLast(now);
            if (s.failures.size() >= maxFailures && s.blockedUntil <= now) {
                s.blockedUntil = now + blockMs;
                s.failures.clear();
                Logger.warn("security: blocking SIP source {} for {} s after {} failed REGISTER authentications within {} s"
                        + " (last as user '{}')", source, blockMs / 1000, maxFailures, windowMs / 1000, user);
                return true;
            }
            return false;
        }
    }

    private void purge(long now) {
        sources.entrySet().removeIf(e -> {
            Source s = e.getValue();
            synchronized (s) {
                return s.blockedUntil <= now && (s.failures.isEmpty() || now - s.failures.peekLast() >= windowMs);
            }
        });
    }
}
