package dev.lifeline.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/** Paths to the shipped files and assertions on collected errors. */
final class ConfigTestSupport {
    static final Path PROJECT = Path.of(System.getProperty("lifeline.project.dir", "."));
    static final Path SIM_BOARD = PROJECT.resolve("board-profiles/sim-4fxs-2fxo.yaml");
    static final Path DEMO_SITE = PROJECT.resolve("site-configs/demo.yaml");
    static final Path DEMO_EU_SITE = PROJECT.resolve("site-configs/demo-eu.yaml");

    private ConfigTestSupport() {}

    /** The smallest valid site for the sim board: every FXS port has an extension. */
    static final String MINIMAL = """
            site: s1
            gateway-id: gw1
            lines:
              fxs1: { extension: "6000" }
              fxs2: { extension: "6001" }
              fxs3: { extension: "6002" }
              fxs4: { extension: "6003" }
            """;

    static BoardProfile simBoard() throws ConfigException { return ConfigLoader.loadBoard(SIM_BOARD); }

    static List<ConfigError> errors(Executable load) {
        ConfigException e = assertThrows(ConfigException.class, load);
        return e.errors();
    }

    /** Asserts that some error has this field and a message containing {@code fragment}. */
    static void assertHas(List<ConfigError> errors, String file, String field, String fragment) {
        boolean found = errors.stream().anyMatch(e -> e.file().equals(file) && e.field().equals(field) && e.message().contains(fragment));
        assertTrue(found, () -> "expected " + file + ": " + field + ": ..." + fragment + "... in\n"
                + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    }
}
