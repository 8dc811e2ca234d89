package dev.lifeline.tdm;

/**
 * Told when a port's own code failed and was isolated. The call layer clears the port's call and
 * the management layer raises or clears the {@code port-fault} alarm; tdm knows neither, so
 * the layers stay one-way. Called on the engine thread.
 */
public interface PortFaultListener {
    /** The port threw in one of its passes and was reset to its safe state (ringing and tones off, no call). */
    void portFaulted(PortHealth health);

    /** No new fault, but the health changed: back in service after the hold-down, or OK after a quiet period. */
    void portHealthChanged(PortHealth health);
}
