package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoardProfileTest {
    @Test
    void shippedSimBoardLoads() throws Exception {
        BoardProfile b = simBoard();
        assertEquals("sim-4fxs-2fxo", b.board());
        assertEquals("sim", b.driver());
        assertEquals("127.0.0.1", b.simListenHost());
        assertEquals(7100, b.simListenPort());
        assertEquals("us", b.toneZone());
        assertEquals(List.of("fxs1", "fxs2", "fxs3", "fxs4", "fxo1", "fxo2"), b.ports().stream().map(PortDef::id).toList());
        assertEquals(PortType.FXO, b.port("fxo2").orElseThrow().type());
        assertEquals(4, b.ports(PortType.FXS).size());
        assertTrue(b.spans().isEmpty());
        assertEquals(Map.of("led-wan", 17, "led-survival", 27, "power-fail-relay", 22), b.gpio());
        assertEquals("none", b.consoleSerial());
        assertTrue(b.port("fxs9").isEmpty());

        BoardProfile moved = b.withSimListen("127.0.0.1", 0);
        assertEquals(0, moved.simListenPort());
        assertEquals(b.ports(), moved.ports());
    }

    @Test
    void badBoardReportsAllProblems() {
        String yaml = """
                board: bad-board
                sim: { listen: 127.0.0.1:99999 }
                tone-zone: mars
                ports:
                  - { id: fxs1, type: fxs }
                  - { id: fxs1, type: fxs }
                  - { id: e1x, type: e1 }
                spans:
                  - { id: e1a, type: e1, timeslots: 1-40 }
                gpio: { led-wan: 17, led-survival: 17 }
                colour: red
                """;
        var errors = errors(() -> ConfigLoader.loadBoard(yaml, "bad.yaml"));
        assertHas(errors, "bad.yaml", "driver", "is required");
        assertHas(errors, "bad.yaml", "ports[1].id", "duplicate port id 'fxs1'");
        assertHas(errors, "bad.yaml", "ports[2].type", "'e1' is not one of fxo, fxs");
        assertHas(errors, "bad.yaml", "sim.listen", "host:port");
        assertHas(errors, "bad.yaml", "tone-zone", "'mars' is not one of");
        assertHas(errors, "bad.yaml", "spans[0].timeslots", "within 1-31");
        assertHas(errors, "bad.yaml", "gpio.led-survival", "pin 17 is already used by led-wan");
        assertHas(errors, "bad.yaml", "colour", "unknown key");
        assertEquals(8, errors.size(), errors::toString);
    }

    @Test
    void spansParse() throws Exception {
        BoardProfile b = ConfigLoader.loadBoard("""
                board: e1-box
                driver: dahdi
                ports: [ { id: fxs1, type: fxs } ]
                spans: [ { id: e1a, type: e1, signalling: pri-net, timeslots: "1-15, 17-31" } ]
                """, "e1.yaml");
        assertEquals(new SpanDef("e1a", "e1", "pri-net", "1-15,17-31"), b.span("e1a").orElseThrow());
    }

    @Test
    void echoTailsPerPortAndSpanWithDefaultsByKind() throws Exception {
        BoardProfile b = ConfigLoader.loadBoard("""
                board: echo-box
                driver: sim
                ports:
                  - { id: fxs1, type: fxs }
                  - { id: fxs2, type: fxs, echo-tail-ms: 8 }
                  - { id: fxo1, type: fxo }
                  - { id: fxo2, type: fxo, echo-tail-ms: 0 }
                spans: [ { id: e1a, type: e1, echo-tail-ms: 128 }, { id: e1b, type: e1 } ]
                """, "echo.yaml");
        assertEquals(16, b.port("fxs1").orElseThrow().echoTailMs());
        assertEquals(8, b.port("fxs2").orElseThrow().echoTailMs());
        assertEquals(32, b.port("fxo1").orElseThrow().echoTailMs());
        assertEquals(0, b.port("fxo2").orElseThrow().echoTailMs(), "0: no canceller");
        assertEquals(128, b.span("e1a").orElseThrow().echoTailMs());
        assertEquals(64, b.span("e1b").orElseThrow().echoTailMs());

        var errors = errors(() -> ConfigLoader.loadBoard("""
                board: bad-echo
                driver: sim
                ports: [ { id: fxs1, type: fxs, echo-tail-ms: 1 }, { id: fxs2, type: fxs, echo-tail-ms: 200 } ]
                """, "bad-echo.yaml"));
        assertHas(errors, "bad-echo.yaml", "ports[0].echo-tail-ms", "0 (off) or 2..128");
        assertHas(errors, "bad-echo.yaml", "ports[1].echo-tail-ms", "128");
        assertEquals(2, errors.size(), errors::toString);
    }

    @Test
    void missingFileIsAClearError() {
        var errors = errors(() -> ConfigLoader.loadBoard(PROJECT.resolve("board-profiles/nope.yaml")));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).message().startsWith("file not found"), errors.get(0)::toString);
    }
}
