package dev.lifeline.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a board has and how it is driven (DESIGN §3): its ports and spans, GPIO pins, DSP
 * driver and default tone zone. Loaded from {@code board-profiles/<board>.yaml} by
 * {@link ConfigLoader#loadBoard}; the site config is validated against it.
 *
 * @param board          board name, e.g. {@code sim-4fxs-2fxo}
 * @param description    free text, may be empty
 * @param driver         {@code sim} or {@code dahdi}
 * @param simListenHost  where the sim driver listens for virtual devices
 * @param simListenPort  ditto; 0 = ephemeral (tests)
 * @param toneZone       default tone zone of the board ({@code us}, {@code uk}, {@code de}, {@code fr}, {@code eu})
 * @param ports          analog ports in board order
 * @param spans          digital spans, possibly empty
 * @param gpio           function name → GPIO pin, e.g. {@code led-wan → 17}
 * @param consoleSerial  serial console device, or {@code none}
 */
public record BoardProfile(String board, String description, String driver, String simListenHost, int simListenPort,
                           String toneZone, List<PortDef> ports, List<SpanDef> spans, Map<String, Integer> gpio,
                           String consoleSerial) {

    public static final String DEFAULT_SIM_HOST = "127.0.0.1";
    public static final int DEFAULT_SIM_PORT = 7100;

    public BoardProfile {
        ports = List.copyOf(ports);
        spans = List.copyOf(spans);
        gpio = Map.copyOf(gpio);
    }

    /** A copy listening elsewhere; tests use port 0 so parallel runs never collide. */
    public BoardProfile withSimListen(String host, int port) {
        return new BoardProfile(board, description, driver, host, port, toneZone, ports, spans, gpio, consoleSerial);
    }

    public Optional<PortDef> port(String id) {
        return ports.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public List<PortDef> ports(PortType type) {
        return ports.stream().filter(p -> p.type() == type).toList();
    }

    public Optional<SpanDef> span(String id) {
        return spans.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
