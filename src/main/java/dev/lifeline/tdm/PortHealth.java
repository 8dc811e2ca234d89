package dev.lifeline.tdm;

/**
 * How one analog port is doing after faults in its own code (not its line: a phone left off
 * hook is not a fault). What the status view shows and what the {@code port-fault} alarm names.
 *
 * @param portId       the port, e.g. {@code fxs3}
 * @param state        OK, FAULTED (reset, still taking calls) or OUT_OF_SERVICE (refuses calls)
 * @param recentFaults faults within the fault window (what decides OUT_OF_SERVICE)
 * @param lastFault    the pass and exception of the last fault, for people; null when OK
 * @param sinceMillis  when the port entered {@code state} (engine clock)
 */
public record PortHealth(String portId, State state, int recentFaults, String lastFault, long sinceMillis) {
    public enum State { OK, FAULTED, OUT_OF_SERVICE }

    public boolean inService() { return state != State.OUT_OF_SERVICE; }

    /** One line for logs and the alarm text. */
    public String describe() {
        return switch (state) {
            case OK -> portId + ": ok";
            case FAULTED -> portId + ": fault, port reset (" + recentFaults + " recent; last: " + lastFault + ")";
            case OUT_OF_SERVICE -> portId + ": out of service after " + recentFaults + " faults (last: " + lastFault + ")";
        };
    }
}
