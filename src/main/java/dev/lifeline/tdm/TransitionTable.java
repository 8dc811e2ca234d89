package dev.lifeline.tdm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A declared state machine (FreeTDM style): the allowed transitions are data, checked on every
 * change, and the last few transitions are kept per channel so a stuck line can be debugged
 * from the status view.
 */
public final class TransitionTable<S extends Enum<S>> {
    private final Map<S, Set<S>> allowed;

    private TransitionTable(Map<S, Set<S>> allowed) { this.allowed = allowed; }

    public static <S extends Enum<S>> Builder<S> builder(Class<S> type) { return new Builder<>(type); }

    public boolean allows(S from, S to) { return allowed.getOrDefault(from, Set.of()).contains(to); }

    public Set<S> from(S state) { return allowed.getOrDefault(state, Set.of()); }

    public static final class Builder<S extends Enum<S>> {
        private final Class<S> type;
        private final Map<S, Set<S>> map;

        private Builder(Class<S> type) {
            this.type = type;
            this.map = new EnumMap<>(type);
        }

        @SafeVarargs
        public final Builder<S> allow(S from, S... to) {
            map.computeIfAbsent(from, k -> EnumSet.noneOf(type)).addAll(List.of(to));
            return this;
        }

        public TransitionTable<S> build() { return new TransitionTable<>(map); }
    }

    /** One recorded transition. */
    public record Transition<S>(long atMillis, S from, S to, String cause) {
        @Override public String toString() { return from + "->" + to + " (" + cause + ")"; }
    }

    /** Holds a current state, enforces the table and keeps a short history. */
    public static final class Machine<S extends Enum<S>> {
        private static final int HISTORY = 16;
        private final TransitionTable<S> table;
        private final Deque<Transition<S>> history = new ArrayDeque<>();
        private S state;

        public Machine(TransitionTable<S> table, S initial) {
            this.table = table;
            this.state = initial;
        }

        public S state() { return state; }

        /** Moves to {@code to}; throws if the table does not allow it (a bug, not a user error). */
        public Transition<S> go(S to, String cause, long atMillis) {
            if (!table.allows(state, to)) {
                throw new IllegalStateException("transition " + state + " -> " + to + " not allowed (" + cause + ")");
            }
            Transition<S> t = new Transition<>(atMillis, state, to, cause);
            state = to;
            history.addLast(t);
            if (history.size() > HISTORY) history.removeFirst();
            return t;
        }

        public List<Transition<S>> history() { return List.copyOf(history); }
    }
}
