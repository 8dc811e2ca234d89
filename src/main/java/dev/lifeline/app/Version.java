package dev.lifeline.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The software version: a firmware bundle's {@code VERSION} file (the version its signed manifest
 * names, which is what the ACS and the controller see change after an upgrade), else the jar
 * manifest's, else {@code dev} (a source tree).
 */
final class Version {
    private static final String VERSION = read();

    private Version() {}

    static String get() { return VERSION; }

    private static String read() {
        String home = System.getProperty("lifeline.home");
        if (home != null) {
            try {
                Path f = Path.of(home, "VERSION");
                if (Files.isRegularFile(f)) {
                    String v = Files.readString(f).strip();
                    if (!v.isEmpty()) return v;
                }
            } catch (IOException | RuntimeException e) {
                // fall back to the manifest
            }
        }
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
