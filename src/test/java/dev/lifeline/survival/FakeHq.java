package dev.lifeline.survival;

import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.util.ManualClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** HQ servers behind a WAN the test cuts and restores; answers after {@code rttMs} of clock time. */
final class FakeHq implements WanMonitor.ProbeSender {
    private final ManualClock clock;
    private final Set<String> down = new HashSet<>();
    private final List<Pending> pending = new ArrayList<>();
    long rttMs = 20;
    int status = 200;
    int sent;

    private static final class Pending {
        final long due;
        final WanMonitor.Outcome outcome;
        boolean cancelled;
        Pending(long due, WanMonitor.Outcome outcome) { this.due = due; this.outcome = outcome; }
    }

    FakeHq(ManualClock clock) { this.clock = clock; }

    static UpstreamConfig.Server server(String host) {
        return new UpstreamConfig.Server(host, 5060, UpstreamConfig.Transport.UDP, 1);
    }

    void cut(String host) { down.add(host); }
    void restore(String host) { down.remove(host); }
    void cutAll() { down.add("*"); }
    void restoreAll() { down.clear(); }

    @Override
    public WanMonitor.Cancel send(UpstreamConfig.Server server, WanMonitor.Outcome outcome) {
        sent++;
        if (down.contains("*") || down.contains(server.host())) return () -> { }; // swallowed by the dead WAN
        Pending p = new Pending(clock.millis() + rttMs, outcome);
        pending.add(p);
        return () -> p.cancelled = true;
    }

    void deliver() {
        List<Pending> due = new ArrayList<>();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.due <= clock.millis()) {
                it.remove();
                if (!p.cancelled) due.add(p);
            }
        }
        for (Pending p : due) p.outcome.answered(status);
    }
}
