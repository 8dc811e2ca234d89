package dev.lifeline.rig.co;

import dev.lifeline.dsp.ToneZone;
import dev.lifeline.rig.phone.SimLineConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A virtual central office (the PSTN exchange) for tests and the {@code test-rigs/co} program.
 * It plugs into the gateway's FXO ports as the exchange ({@code HELLO fxo1}) and has its own
 * subscribers, modelled in-process: a seizure gets dial tone, DTMF digits from the line are
 * collected and connect to the subscriber with that number (busy tone when busy, congestion
 * when unknown), the loop is dropped when the subscriber hangs up, and a subscriber can call
 * the gateway's line (ringing with the zone cadence and a caller-ID spill). One lock (this
 * object) guards every line and subscriber.
 */
public final class CentralOffice implements AutoCloseable {
    private final ToneZone zone;
    private final Map<String, CoLine> lines = new LinkedHashMap<>();
    private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile Consumer<String> printer = s -> { };

    public CentralOffice(String toneZone) { this.zone = ToneZone.forName(toneZone); }

    /** Prints every event as it happens (the CLI). */
    public void onEvent(Consumer<String> p) { printer = p == null ? s -> { } : p; }

    public synchronized Subscriber addSubscriber(String number, String name) {
        Subscriber s = new Subscriber(this, number, name);
        subscribers.put(number, s);
        return s;
    }

    public synchronized Subscriber subscriber(String number) { return subscribers.get(number); }

    /**
     * Plugs an exchange line into the gateway's FXO port {@code portId}; {@code lineNumber} is the
     * number subscribers dial to reach it (and what the gateway's calls present), or null.
     */
    public CoLine plug(String host, int port, String portId, String lineNumber) throws IOException {
        CoLine line = new CoLine(this, portId, lineNumber, zone);
        synchronized (this) {
            lines.put(portId, line);
        }
        line.attach(SimLineConnection.open(host, port, portId, Duration.ofMillis(500), line));
        log(portId + ": plugged in" + (lineNumber == null ? "" : " as " + lineNumber));
        return line;
    }

    public synchronized CoLine line(String portId) { return lines.get(portId); }

    /** Every event so far, oldest first. */
    public List<String> events() { return List.copyOf(log); }

    /** Routes a subscriber's call to the gateway line with that number (or port id). */
    void callFrom(Subscriber caller, String called) {
        for (CoLine l : lines.values()) {
            if (called.equals(l.number()) || called.equals(l.id())) {
                if (!l.ringGateway(caller)) log("line " + l.id() + " busy for " + caller.number());
                return;
            }
        }
        log("no line " + called + " for " + caller.number());
    }

    void log(String text) {
        log.add(text);
        printer.accept(text);
    }

    /** Polls {@code condition} under the lock until true or the timeout. */
    boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (this) {
                if (condition.getAsBoolean()) return true;
            }
            if (System.nanoTime() >= end) return false;
            Thread.sleep(20);
        }
    }

    /** Waits until the gateway has dialled {@code count} numbers on {@code portId}. */
    public List<String> awaitDialled(String portId, int count, Duration timeout) throws InterruptedException {
        CoLine l = line(portId);
        await(timeout, () -> l.dialledNumbers().size() >= count);
        return l.dialledNumbers();
    }

    @Override
    public void close() {
        List<CoLine> ls;
        synchronized (this) {
            ls = new ArrayList<>(lines.values());
        }
        ls.forEach(CoLine::close);
    }
}
