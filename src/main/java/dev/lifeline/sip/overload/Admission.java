package dev.lifeline.sip.overload;

import dev.lifeline.config.OverloadConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Decides, before the stack spends any work on a request, whether to take it. The policy, in the
 * order it is applied:
 * <ol>
 * <li>{@link Kind#PRIORITY} (ACK, CANCEL, in-dialog requests, anything from an HQ server) is
 *     always admitted: calls that are up keep working and HQ's probes keep being answered, which
 *     keeps the branch out of a false WAN-lost.</li>
 * <li>{@link Kind#CONTINUING} work — a REGISTER or INVITE that answers our challenge, an OPTIONS
 *     (answered statelessly, nearly free) — is admitted: the box first finishes what it started,
 *     which is what keeps goodput up under overload. (Such a request that is a forgery costs one
 *     digest check and counts towards its source's failed-authentication block.)</li>
 * <li>{@link Kind#NEW} work is refused while half of the UDP queue is waiting (the queue itself
 *     already drops new work unread at a quarter: this is the backstop for what got in): new work
 *     admitted beyond it would only push the work already started past its sender's
 *     retransmission timer.</li>
 * <li>While the box is busy (the global budget below half) a source over its own budget is
 *     refused: first with a 503, then — if it keeps sending within the same second — silently,
 *     so a flood costs us no replies.</li>
 * <li>Beyond the global budget: 503 with Retry-After.</li>
 * </ol>
 * Memory is bounded: at most {@link #MAX_SOURCES} sources are tracked, the least recently seen
 * forgotten first. Thread-safe (one lock; a decision is a few arithmetic operations).
 */
public final class Admission {
    static final int MAX_SOURCES = 4096;

    /** What a request is, for admission. */
    public enum Kind { PRIORITY, CONTINUING, NEW }

    /** What to do with it. */
    public enum Verdict { ADMIT, REJECT, DROP }

    /** Counters since start, for status and the bench. */
    public record Stats(long admitted, long rejected, long dropped, long queueFull, long stale, int queued, int queueLimit) { }

    private static final class Source {
        final TokenBucket bucket;
        long rejectedAt;

        Source(TokenBucket bucket, long now) {
            this.bucket = bucket;
            this.rejectedAt = now - 2_000_000_000L; // not refused within the last second
        }
    }

    private final OverloadConfig cfg;
    private final LongSupplier nanos;
    private final TokenBucket global;
    private final Map<String, Source> sources = new LinkedHashMap<>(256, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Source> e) { return size() > MAX_SOURCES; }
    };
    private volatile Set<String> trusted = Set.of();
    private volatile IntSupplier queueDepth = () -> 0;
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    final AtomicLong queueFull = new AtomicLong();
    final AtomicLong stale = new AtomicLong();

    public Admission(OverloadConfig cfg, LongSupplier nanos) {
        this.cfg = cfg;
        this.nanos = nanos;
        this.global = new TokenBucket(cfg.maxRate(), nanos.getAsLong());
    }

    public OverloadConfig config() { return cfg; }

    /** Source IPs whose requests are always admitted (the HQ servers); replaced whole on config change. */
    public void trust(Set<String> ips) { trusted = Set.copyOf(ips); }

    public boolean trusted(String ip) { return trusted.contains(ip); }

    void queueDepth(IntSupplier depth) { queueDepth = depth; }

    public Verdict decide(String source, Kind kind) {
        Verdict v = verdict(source, kind);
        (v == Verdict.ADMIT ? admitted : v == Verdict.REJECT ? rejected : dropped).incrementAndGet();
        return v;
    }

    private synchronized Verdict verdict(String source, Kind kind) {
        if (kind == Kind.PRIORITY || kind == Kind.CONTINUING) return Verdict.ADMIT;
        long now = nanos.getAsLong();
        Source s = sources.computeIfAbsent(source, k -> new Source(new TokenBucket(cfg.sourceRate(), now), now));
        if (queueDepth.getAsInt() * 2 > cfg.queue()) return refuse(s, now);
        boolean ownBudget = s.bucket.take(now);
        if (!ownBudget && global.fill(now) < 0.5) return refuse(s, now);
        if (!global.take(now)) return refuse(s, now);
        return Verdict.ADMIT;
    }

    /** A 503 once a second per source; what the source sends on within that second is dropped unanswered. */
    private Verdict refuse(Source s, long now) {
        if (now - s.rejectedAt < 1_000_000_000L) return Verdict.DROP;
        s.rejectedAt = now;
        return Verdict.REJECT;
    }

    synchronized int trackedSources() { return sources.size(); }

    public Stats stats() {
        return new Stats(admitted.get(), rejected.get(), dropped.get(), queueFull.get(), stale.get(), queueDepth.getAsInt(),
                cfg.queue());
    }
}
