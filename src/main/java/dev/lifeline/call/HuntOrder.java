package dev.lifeline.call;

import dev.lifeline.config.HuntGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a hunt group's members are offered a call, per strategy, and the memory the
 * {@code circular} strategy needs (the member offered a call last, per pilot). Kept in memory by
 * the gateway across config pushes; a restart starts each circle at its first member. Engine thread.
 */
public final class HuntOrder {
    private final Map<String, String> lastOffered = new HashMap<>();

    /** The members of {@code group} in the order to try them now. */
    List<String> members(HuntGroup group, IdleTimes idle) {
        List<String> m = new ArrayList<>(group.members());
        switch (group.strategy()) {
            case RING_ALL, LINEAR -> { }
            case CIRCULAR -> {
                int last = m.indexOf(lastOffered.get(group.pilot()));
                if (last >= 0) java.util.Collections.rotate(m, -(last + 1));
            }
            case LONGEST_IDLE -> m.sort(Comparator.comparingLong(idle::lastEnd)); // stable: ties keep config order
        }
        return m;
    }

    /** {@code member} of {@code group} was offered a call (the next circular call starts after it). */
    void offered(HuntGroup group, String member) { lastOffered.put(group.pilot(), member); }

    /** Puts every hunt group's pilot in the directory: a new {@link HuntGroupLeg} per call. */
    public void addTo(Directory directory, List<HuntGroup> groups, CallEngine engine, java.util.concurrent.Executor later) {
        for (HuntGroup g : groups) directory.add(g.pilot(), () -> new HuntGroupLeg(g, this, engine, later));
    }
}
