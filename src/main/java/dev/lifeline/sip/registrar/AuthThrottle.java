package dev.lifeline.sip.registrar;

import dev.lifeline.util.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;

/**
 * Brute-force brake, per source IP <em>and</em> user: after {@code maxFailures} failed
 * authentications for one user from one source within {@code windowMs}, that pair is blocked for
 * {@code blockMs} (answered 403 without checking credentials). A phone with a stale password
 * behind the branch's NAT so blocks only itself, not every phone sharing that address. A source
 * that fails for many users — a scanner guessing extensions — is blocked as a whole after
 * {@link #SOURCE_FACTOR} × {@code maxFailures} failures within the window.
 *
 * <p>Only real failures count (a wrong digest), never the first unauthenticated round every
 * phone goes through, nor stale nonces. A success does not reset the count: an attacker holding
 * one valid account must not be able to interleave it with guesses at the others. Blocks are
 * listed by {@link #blocked} (status) and lifted by {@link #lift} (the {@code unblock} command).
 * Memory is bounded by purging entries that are neither blocked nor failed recently, and by a
 * hard cap on what is tracked.
 */
public final class AuthThrottle {
    /** A source is blocked as a whole after this many times {@code maxFailures}, across users. */
    static final int SOURCE_FACTOR = 4;
    private static final int PURGE_ABOVE = 10_000;
    private static final int MAX_TRACKED = 50_000;
    /** The user part of a source-wide entry. */
    private static final String ANY = "*";

    /** A block in force: {@code user} null when the whole source is blocked. */
    public record Block(String source, String user, long secondsLeft) { }

    private static final class Entry {
        final Deque<Long> failures = new ArrayDeque<>();
        long blockedUntil;
    }

    private final int maxFailures;
    private final long windowMs;
    private final long blockMs;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public AuthThrottle(int maxFailures, long windowMs, long blockMs, Clock clock) {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be >= 1");
        this.maxFailures = maxFailures;
        this.windowMs = windowMs;
        this.blockMs = blockMs;
        this.clock = clock;
    }

    private static String key(String source, String user) { return source + " " + (user == null ? "" : user); }

    /** Whether {@code user} (null: not known) from {@code source} is refused without a look at its credentials. */
    public boolean isBlocked(String source, String user) {
        long now = clock.millis();
        return blocked(entries.get(key(source, ANY)), now) || (user != null && blocked(entries.get(key(source, user)), now));
    }

    private static boolean blocked(Entry e, long now) {
        if (e == null) return false;
        synchronized (e) {
            return e.blockedUntil > now;
        }
    }

    /**
     * Records a failed authentication from {@code source} as {@code user} (logged — never a
     * credential). Returns true when this failure blocked the pair or the whole source.
     */
    public boolean failure(String source, String user) {
        long now = clock.millis();
        if (entries.size() > PURGE_ABOVE) purge(now);
        String u = user == null || user.isEmpty() ? "-" : user;
        boolean pair = count(key(source, u), maxFailures, now);
        boolean all = count(key(source, ANY), maxFailures * SOURCE_FACTOR, now);
        if (pair) {
            Logger.warn("security: blocking SIP user '{}' from source {} for {} s after {} failed authentications within {} s",
                    u, source, blockMs / 1000, maxFailures, windowMs / 1000);
        }
        if (all) {
            Logger.warn("security: blocking SIP source {} for {} s after {} failed authentications for several users within {} s"
                    + " (last as user '{}')", source, blockMs / 1000, maxFailures * SOURCE_FACTOR, windowMs / 1000, u);
        }
        return pair || all;
    }

    private boolean count(String key, int limit, long now) {
        if (entries.size() >= MAX_TRACKED && !entries.containsKey(key)) return false; // full: purge will make room
        Entry e = entries.computeIfAbsent(key, k -> new Entry());
        synchronized (e) {
            while (!e.failures.isEmpty() && now - e.failures.peekFirst() >= windowMs) e.failures.removeFirst();
            e.failures.addLast(now);
            if (e.failures.size() >= limit && e.blockedUntil <= now) {
                e.blockedUntil = now + blockMs;
                e.failures.clear();
                return true;
            }
            return false;
        }
    }

    /** The blocks in force, longest remaining first. */
    public List<Block> blocked() {
        long now = clock.millis();
        List<Block> out = new ArrayList<>();
        entries.forEach((k, e) -> {
            long until;
            synchronized (e) {
                until = e.blockedUntil;
            }
            if (until > now) {
                int sp = k.indexOf(' ');
                String user = k.substring(sp + 1);
                out.add(new Block(k.substring(0, sp), user.equals(ANY) ? null : user, (until - now + 999) / 1000));
            }
        });
        out.sort(Comparator.comparingLong(Block::secondsLeft).reversed());
        return out;
    }

    /**
     * Lifts the blocks of {@code source}: of {@code user} only, or (user null) all of them and the
     * source-wide one; their failure counts start again from zero. Returns how many were lifted.
     */
    public int lift(String source, String user) {
        long now = clock.millis();
        int lifted = 0;
        for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
            var en = it.next();
            String k = en.getKey();
            int sp = k.indexOf(' ');
            if (!k.substring(0, sp).equals(source)) continue;
            String u = k.substring(sp + 1);
            if (user != null && !u.equals(user) && !u.equals(ANY)) continue;
            if (blocked(en.getValue(), now)) lifted++;
            it.remove();
        }
        if (lifted > 0) Logger.warn("security: block of {} lifted by the operator", user == null ? "source " + source : "user '" + user + "' from " + source);
        return lifted;
    }

    private void purge(long now) {
        entries.entrySet().removeIf(en -> {
            Entry e = en.getValue();
            synchronized (e) {
                return e.blockedUntil <= now && (e.failures.isEmpty() || now - e.failures.peekLast() >= windowMs);
            }
        });
    }
}
