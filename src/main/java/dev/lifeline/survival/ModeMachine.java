package dev.lifeline.survival;

import dev.lifeline.tdm.TransitionTable;
import dev.lifeline.util.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;

/**
 * NORMAL / SURVIVAL / RECOVERING as a declared transition table. Every transition carries its
 * cause, is logged as one line, kept in a 16-entry history and told to the listeners.
 *
 * <pre>
 * NORMAL     -> SURVIVAL    N probe misses on every server, or upstream timeouts (or forced)
 * SURVIVAL   -> RECOVERING  a probe is answered
 * RECOVERING -> NORMAL      stable for the hold-down (or forced)
 * RECOVERING -> SURVIVAL    a probe fails during the hold-down (or forced)
 * SURVIVAL   -> NORMAL      only when forced by the operator
 * </pre>
 *
 * Changes are made on one thread (the engine); {@link #mode()} and {@link #history()} may be
 * read from any thread.
 */
public final class ModeMachine {
    static final TransitionTable<Mode> TABLE = TransitionTable.builder(Mode.class)
            .allow(Mode.NORMAL, Mode.SURVIVAL)
            .allow(Mode.SURVIVAL, Mode.RECOVERING, Mode.NORMAL)
            .allow(Mode.RECOVERING, Mode.NORMAL, Mode.SURVIVAL)
            .build();

    private final TransitionTable.Machine<Mode> machine;
    private final Clock clock;
    private final List<ModeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Mode mode;
    private volatile long since;

    public ModeMachine(Clock clock, Mode initial) {
        this.clock = clock;
        this.machine = new TransitionTable.Machine<>(TABLE, initial);
        this.mode = initial;
        this.since = clock.millis();
    }

    public ModeMachine(Clock clock) { this(clock, Mode.NORMAL); }

    public Mode mode() { return mode; }

    /** Clock millis of the last change (or of creation). */
    public long since() { return since; }

    public void addListener(ModeListener l) { listeners.add(l); }
    public void removeListener(ModeListener l) { listeners.remove(l); }

    public synchronized List<TransitionTable.Transition<Mode>> history() { return machine.history(); }

    /** Moves to {@code to}; false if already there. Throws if the table forbids it (a bug). */
    boolean go(Mode to, String cause) {
        Mode from;
        synchronized (this) {
            from = machine.state();
            if (from == to) return false;
            machine.go(to, cause, clock.millis());
            mode = to;
            since = clock.millis();
        }
        Logger.info("mode {} -> {} ({})", from, to, cause);
        for (ModeListener l : listeners) {
            try {
                l.onModeChanged(from, to, cause);
            } catch (RuntimeException e) {
                Logger.warn(e, "mode listener failed");
            }
        }
        return true;
    }
}
