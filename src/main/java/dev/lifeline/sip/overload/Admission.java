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
 *     refused.</li>
 * <li>Beyond the global budget: refused.</li>
 * </ol>
 * A refusal is a 503 with Retry-After while the refusal budget lasts — {@code reject-rate} a
 * second in all — and a silent drop beyond it, so a flood cannot make the box spend itself on
 * replies (or reflect more than that at a forged source). Not per source: the phones of a
 * branch behind one NAT are one source, and each of them should learn to come back later.
 * Answering is the rule, not the exception: a request that goes unanswered is retransmitted up
 * to ten times by its sender, a 503 ends it.
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

        Source(OverloadConfig cfg, long now) {
            this.bucket = new TokenBucket(cfg.sourceRate(), now);
        }
    }

    private final OverloadConfig cfg;
    private final LongSupplier nanos;
    private final TokenBucket global;
    private final TokenBucket refusals;
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
        this.refusals = new TokenBucket(cfg.rejectRate(), nanos.getAsLong());
    }

    public OverloadConfig config() { return cfg; }

    /** Source IPs whose requests are always admitted (the HQ servers); replaced whole on config change. */
    public void trust(Set<String> ips) { trusted = Set.copyOf(ips); }

    public boolean trusted(String ip) { return trusted.contains(ip); }

    void queueDepth(IntSupplier depth) { queueDepth = depth; }

    /** Datagrams waiting for a worker. */
    int load() { return queueDepth.getAsInt(); }

    public Verdict decide(String source, Kind kind) {
        Verdict v = verdict(source, kind);
        (v == Verdict.ADMIT ? admitted : v == Verdict.REJECT ? rejected : dropped).incrementAndGet();
        return v;
    }

    /**
     * For new work the receive thread turns away unread (its queue is filling): REJECT (answer
     * 503) or DROP, by the refusal budgets; counted like {@link #decide}'s refusals.
     */
    public Verdict refuseUnread(String source) {
        Verdict v;
        synchronized (this) {
            long now = nanos.getAsLong();
            v = refuse(source(source, now), now);
        }
        (v == Verdict.REJECT ? rejected : dropped).incrementAndGet();
        return v;
    }

    /** Counts new work the receive thread dropped unread during a short spike (see BoundedDatagramQueue). */
    Verdict dropUnread() {
        dropped.incrementAndGet();
        return Verdict.DROP;
    }

    private Source source(String source, long now) {
        return sources.computeIfAbsent(source, k -> new Source(cfg, now));
    }

    private synchronized Verdict verdict(String source, Kind kind) {
        if (kind == Kind.PRIORITY || kind == Kind.CONTINUING) return Verdict.ADMIT;
        long now = nanos.getAsLong();
        Source s = source(source, now);
        if (load() * 2 > cfg.queue()) return refuse(s, now);
        boolean ownBudget = s.bucket.take(now);
        if (!ownBudget && global.fill(now) < 0.5) return refuse(s, now);
        if (!global.take(now)) return refuse(s, now);
        return Verdict.ADMIT;
    }

    /** A 503 while the refusal budget lasts, else a silent drop. */
    private Verdict refuse(Source s, long now) {
        return refusals.take(now) ? Verdict.REJECT : Verdict.DROP;
    }

    synchronized int trackedSources() { return sources.size(); }

    public Stats stats() {
        return new Stats(admitted.get(), rejected.get(), dropped.get(), queueFull.get(), stale.get(), queueDepth.getAsInt(),
                cfg.queue());
    }
}
