package dev.lifeline.sip.registrar;

import dev.lifeline.store.Database;
import dev.lifeline.util.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.tinylog.Logger;

/**
 * Where each extension can be reached: the bindings of every address-of-record, kept apart from
 * REGISTER handling like Kamailio's usrloc is from its registrar, so the upstream-registration
 * shadow bindings and the survival router can use the same store.
 *
 * <ul>
 *   <li><b>Memory first, write-through.</b> Lookups read an in-memory map (immutable lists per
 *       AOR). Every change is also written to SQLite by a {@link GroupCommitWriter}; the future
 *       returned by {@link #update} completes only when the change is committed, so a caller
 *       that answers after it (the registrar's 200 OK) never confirms a binding a crash could lose.</li>
 *   <li><b>Restore.</b> On construction the table is read back; bindings that lapsed while the
 *       gateway was down are deleted, the rest keep their remaining lifetime (expiry is stored
 *       as wall-clock time).</li>
 *   <li><b>Expiry.</b> A timer sweeps every {@code sweepMs} and removes lapsed bindings,
 *       telling listeners {@code expired}; lookups never return a lapsed binding even between
 *       sweeps. Time is read through {@link Clock#now()} so tests move it without sleeping.</li>
 *   <li><b>Thread safety.</b> Changes to one AOR are atomic ({@link ConcurrentHashMap#compute})
 *       and are queued for the writer inside that atomic step, so the database sees them in the
 *       same order as memory.</li>
 * </ul>
 */
public final class LocationStore implements AutoCloseable {
    /** Highest q first; equal q: the most recently refreshed (latest expiry) first. */
    static final Comparator<Binding> ORDER = Comparator.comparingDouble(Binding::q).reversed()
            .thenComparing(Comparator.comparingLong(Binding::expiresAt).reversed());

    private final BindingTable table;
    private final Clock clock;
    private final Map<String, List<Binding>> bindings = new ConcurrentHashMap<>();
    private final List<LocationListener> listeners = new CopyOnWriteArrayList<>();
    private final GroupCommitWriter writer;
    private final ScheduledExecutorService sweeper;

    /** A store with a 1 s expiry sweep. */
    public LocationStore(Database db, Clock clock) { this(db, clock, 1_000); }

    /**
     * @param sweepMs how often lapsed bindings are removed (and {@code expired} fired); 0 = no timer
     *                (tests call {@link #expire()} themselves)
     */
    public LocationStore(Database db, Clock clock, long sweepMs) {
        this.table = new BindingTable(db);
        this.clock = clock;
        restore();
        this.writer = new GroupCommitWriter("location-writer", table::apply, this::fire);
        if (sweepMs > 0) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "location-expiry");
                t.setDaemon(true);
                return t;
            });
            sweeper.scheduleWithFixedDelay(this::sweepQuietly, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
        } else {
            sweeper = null;
        }
    }

    private void restore() {
        long now = nowMs();
        int kept = 0;
        int dropped = 0;
        Map<String, List<Binding>> byAor = new TreeMap<>();
        for (Binding b : table.loadAll()) {
            if (b.expiredAt(now)) {
                dropped++;
            } else {
                kept++;
                byAor.computeIfAbsent(b.aor(), k -> new ArrayList<>()).add(b);
            }
        }
        if (dropped > 0) table.deleteExpired(now);
        byAor.forEach((aor, list) -> bindings.put(aor, sorted(list)));
        Logger.info("location store: restored {} bindings of {} extensions, dropped {} that expired while down",
                kept, byAor.size(), dropped);
    }

    public void addListener(LocationListener l) { listeners.add(l); }

    public void removeListener(LocationListener l) { listeners.remove(l); }

    /** The unexpired bindings of {@code aor}, highest q first; empty if none. */
    public List<Binding> lookup(String aor) {
        List<Binding> list = bindings.get(aor);
        if (list == null) return List.of();
        long now = nowMs();
        return list.stream().filter(b -> !b.expiredAt(now)).toList();
    }

    /** Every AOR with its unexpired bindings (sorted by AOR), for status views and sync. */
    public Map<String, List<Binding>> snapshot() {
        Map<String, List<Binding>> out = new TreeMap<>();
        for (String aor : bindings.keySet()) {
            List<Binding> l = lookup(aor);
            if (!l.isEmpty()) out.put(aor, l);
        }
        return out;
    }

    /** Number of unexpired bindings. */
    public int size() {
        return snapshot().values().stream().mapToInt(List::size).sum();
    }

    /**
     * Atomically replaces the bindings of {@code aor} by {@code change.apply(current)} (current =
     * unexpired, highest q first). {@code change} may throw to abort (nothing changes); it runs
     * under the AOR's lock and must be quick. Lapsed bindings it drops are reported as expired,
     * others it drops as deleted. The future gives the new bindings once they are committed.
     */
    public CompletableFuture<List<Binding>> update(String aor, UnaryOperator<List<Binding>> change) {
        AtomicReference<CompletableFuture<List<Binding>>> result = new AtomicReference<>();
        bindings.compute(aor, (k, old) -> {
            long now = nowMs();
            List<LocationChange> changes = new ArrayList<>();
            List<Binding> current = new ArrayList<>();
            for (Binding b : old == null ? List.<Binding>of() : old) {
                if (b.expiredAt(now)) changes.add(new LocationChange(LocationChange.Kind.EXPIRED, b));
                else current.add(b);
            }
            List<Binding> next = sorted(change.apply(List.copyOf(current)));
            Map<String, Binding> before = new LinkedHashMap<>();
            for (Binding b : current) before.put(b.key(), b);
            Map<String, Binding> after = new LinkedHashMap<>();
            for (Binding b : next) {
                if (!b.aor().equals(aor)) throw new IllegalArgumentException("binding of " + b.aor() + " under " + aor);
                after.put(b.key(), b);
            }
            for (Binding b : after.values()) {
                Binding was = before.get(b.key());
                if (was == null) changes.add(new LocationChange(LocationChange.Kind.INSERTED, b));
                else if (!was.equals(b)) changes.add(new LocationChange(LocationChange.Kind.UPDATED, b));
            }
            for (Binding b : before.values()) {
                if (!after.containsKey(b.key())) changes.add(new LocationChange(LocationChange.Kind.DELETED, b));
            }
            List<Binding> stored = List.copyOf(after.values());
            result.set(writer.submit(changes).thenApply(v -> stored));
            return stored.isEmpty() ? null : stored;
        });
        return result.get();
    }

    /** Adds or replaces (same {@link Binding#key()}) one binding. */
    public CompletableFuture<List<Binding>> upsert(Binding binding) {
        return update(binding.aor(), current -> {
            List<Binding> next = new ArrayList<>(current);
            next.removeIf(b -> b.key().equals(binding.key()));
            next.add(binding);
            return next;
        });
    }

    /** Removes the binding of {@code aor} with this key (instance id or contact URI). */
    public CompletableFuture<List<Binding>> remove(String aor, String key) {
        return update(aor, current -> current.stream().filter(b -> !b.key().equals(key)).toList());
    }

    public CompletableFuture<List<Binding>> removeAll(String aor) {
        return update(aor, current -> List.of());
    }

    /**
     * Removes every lapsed binding now (the timer calls this); listeners hear {@code expired}.
     * Returns a future completed when the removals are committed.
     */
    public CompletableFuture<Void> expire() {
        long now = nowMs();
        List<CompletableFuture<List<Binding>>> pending = new ArrayList<>();
        for (Map.Entry<String, List<Binding>> e : bindings.entrySet()) {
            if (e.getValue().stream().anyMatch(b -> b.expiredAt(now))) {
                pending.add(update(e.getKey(), UnaryOperator.identity()));
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    private void sweepQuietly() {
        try {
            expire();
        } catch (RuntimeException e) {
            Logger.warn(e, "location store: expiry sweep failed");
        }
    }

    private void fire(List<LocationChange> changes) {
        for (LocationChange c : changes) {
            for (LocationListener l : listeners) {
                try {
                    c.tell(l);
                } catch (RuntimeException e) {
                    Logger.warn(e, "location listener {} failed on {}", l, c.kind());
                }
            }
        }
    }

    long nowMs() { return clock.now().toEpochMilli(); }

    private static List<Binding> sorted(List<Binding> list) {
        List<Binding> copy = new ArrayList<>(list);
        copy.sort(ORDER);
        return copy;
    }

    /** Stops the expiry timer and commits what is queued. The database stays open (its owner closes it). */
    @Override
    public void close() {
        if (sweeper != null) sweeper.shutdownNow();
        writer.close();
    }
}
