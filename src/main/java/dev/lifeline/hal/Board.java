package dev.lifeline.hal;

import dev.lifeline.util.Engine;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The hardware as the application sees it: ports and a 20 ms media clock. Line events and
 * ticks are delivered on one thread (the engine), so signalling needs no locks.
 */
public interface Board extends AutoCloseable {
    List<LinePort> ports();

    default Optional<LinePort> port(String id) {
        return ports().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Digital spans (E1); none on an analog-only board. */
    default List<SpanPort> spans() { return List.of(); }

    /** Who hears the spans' D-channel and layer-1 events; set before {@link #start}. */
    default void onSpanEvents(SpanListener listener) { }

    /** Starts the driver; events and ticks go to the handlers, on the given engine thread. */
    void start(Engine engine, LineListener listener, TickHandler ticks) throws IOException;

    /** One line for the operator: where the ports are reachable (e.g. the sim listen address). */
    String describe();

    @Override
    void close();

    /** Called every 20 ms on the engine thread. */
    @FunctionalInterface
    interface TickHandler {
        void onTick(long nowMillis);
    }
}
