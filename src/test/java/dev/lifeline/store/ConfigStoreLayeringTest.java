package dev.lifeline.store;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the arrows pointing down for config and store (DESIGN §2): config → util; store → config, util. */
class ConfigStoreLayeringTest {
    private static final Path SRC = Path.of(System.getProperty("lifeline.project.dir", "."), "src/main/java/dev/lifeline");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?dev\\.lifeline\\.(\\w+)");

    @Test
    void configImportsOnlyUtil() throws IOException {
        assertEquals(List.of(), violations("config", Set.of("config", "util")));
    }

    @Test
    void storeImportsOnlyConfigAndUtil() throws IOException {
        assertEquals(List.of(), violations("store", Set.of("store", "config", "util")));
    }

    private static List<String> violations(String pkg, Set<String> allowed) throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SRC.resolve(pkg))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher m = IMPORT.matcher(text);
                while (m.find()) if (!allowed.contains(m.group(1))) bad.add(f.getFileName() + " imports dev.lifeline." + m.group(1));
                Matcher q = Pattern.compile("dev\\.lifeline\\.(\\w+)\\.").matcher(text.replaceAll("(?m)^(package|import) .*$", ""));
                while (q.find()) if (!allowed.contains(q.group(1))) bad.add(f.getFileName() + " uses dev.lifeline." + q.group(1));
            }
        }
        return bad;
    }
}
