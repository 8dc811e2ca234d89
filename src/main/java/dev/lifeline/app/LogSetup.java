package dev.lifeline.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tinylog.configuration.Configuration;

/**
 * Configures tinylog before the first log line: the gateway logs to the console and to
 * rotating files in the data dir; the CLI logs only warnings to stderr so its output stays
 * clean. (Unconfigured, tinylog would print everything at TRACE.)
 */
final class LogSetup {
    private LogSetup() {}

    static void gateway(Path dataDir, String level) {
        Map<String, String> c = new HashMap<>();
        c.put("level", level);
        c.put("writer1", "console");
        c.put("writer1.format", "{date: HH:mm:ss.SSS} {level|min-size=5} {message}");
        c.put("writer1.stream", "out");
        c.put("writer2", "rolling file");
        c.put("writer2.file", dataDir.resolve("log").toAbsolutePath() + "/lifeline-{count}.log");
        c.put("writer2.latest", dataDir.resolve("log").toAbsolutePath() + "/lifeline.log");
        c.put("writer2.format", "{date: yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} [{thread}] {message}");
        c.put("writer2.policies", "startup, size: 10mb");
        c.put("writer2.backups", "5");
        c.put("writer2.buffered", "false");
        c.put("writingthread", "true");
        c.put("autoshutdown", "false"); // RunCommand shuts logging down after the gateway has stopped
        c.put("level@org.eclipse.californium", "warn");
        c.put("level@com.pi4j.boardinfo", "off"); // Pi4J's Raspberry Pi detection errs on every other board
        Configuration.replace(c);
        dataDir.resolve("log").toFile().mkdirs();
    }

    static void cli() {
        Map<String, String> c = new HashMap<>();
        c.put("level", "warn");
        c.put("writer", "console");
        c.put("writer.stream", "err");
        c.put("writer.format", "{level}: {message}");
        c.put("level@org.eclipse.californium", "error");
        Configuration.replace(c);
    }
}
