package dev.lifeline.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layers of DESIGN §2 honest: a package may import only from layers below it.
 * Reads the sources (no bytecode tooling needed), so it also catches imports in dead code.
 */
class LayeringTest {
    /** Top to bottom. */
    static final List<String> LAYERS = List.of("app", "mgmt", "survival", "call", "sip", "tdm", "media", "hal", "dsp",
            "store", "config", "util");
    private static final Pattern PACKAGE = Pattern.compile("^package dev\\.lifeline\\.(\\w+)", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.lifeline\\.(\\w+)", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.lifeline\\.(\\w+)\\.");

    @Test
    void importsPointDownOnly() throws IOException {
        Path src = Path.of(System.getProperty("lifeline.project.dir", ".")).resolve("src/main/java/dev/lifeline");
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(src)) {
            for (Path f : all.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                String text = Files.readString(f);
                Matcher pm = PACKAGE.matcher(text);
                assertTrue(pm.find(), f + " has no dev.lifeline package");
                String layer = pm.group(1);
                int level = LAYERS.indexOf(layer);
                if (level < 0) {
                    violations.add(f + ": package " + layer + " is not a declared layer " + LAYERS);
                    continue;
                }
                for (Pattern p : List.of(IMPORT, QUALIFIED)) {
                    Matcher m = p.matcher(text);
                    while (m.find()) {
                        String target = m.group(1);
                        int t = LAYERS.indexOf(target);
                        if (t >= 0 && t < level) {
                            violations.add(src.relativize(f) + ": " + layer + " uses " + target + " (a higher layer)");
                        }
                    }
                }
            }
        }
        assertTrue(files > 30, "sources found");
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
