package dev.lifeline.app.ctl;

import dev.lifeline.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command line of {@code lifeline ctl}: {@code --key value} options, {@code --flag}s and
 * positional words (a file to push, a command and its argument), in any order.
 */
record CtlArgs(Map<String, String> options, Set<String> flags, List<String> words) {
    private static final Set<String> FLAGS = Set.of("json");
    static final String DEFAULT_BROKER = "tcp://127.0.0.1:1883";

    static CtlArgs parse(List<String> args) {
        Map<String, String> o = new HashMap<>();
        Set<String> f = new HashSet<>();
        List<String> w = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                w.add(a);
                continue;
            }
            String key = a.substring(2);
            int eq = key.indexOf('=');
            if (eq > 0) {
                o.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (FLAGS.contains(key)) {
                f.add(key);
            } else {
                if (i + 1 >= args.size()) throw new IllegalArgumentException("--" + key + " needs a value");
                o.put(key, args.get(++i));
            }
        }
        return new CtlArgs(o, f, w);
    }

    String get(String key, String dflt) { return options.getOrDefault(key, dflt); }

    String required(String key) {
        String v = options.get(key);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + key + " is required");
        return v;
    }

    boolean flag(String key) { return flags.contains(key); }

    long number(String key, long dflt) {
        String v = options.get(key);
        if (v == null) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, got '" + v + "'");
        }
    }

    Duration duration(String key, String dflt) {
        return Duration.ofMillis(Durations.parseMs(get(key, dflt)));
    }

    /**
     * The broker and credentials: {@code --broker URL}, {@code --username U}, the password from
     * {@code --password-file FILE} or the environment variable {@code LIFELINE_MQTT_PASSWORD}
     * (never from the command line, where {@code ps} would show it).
     */
    BrokerLogin login() {
        String pw = System.getenv("LIFELINE_MQTT_PASSWORD");
        String file = options.get("password-file");
        if (file != null) {
            try {
                pw = Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --password-file " + file + ": " + e.getMessage());
            }
        }
        return new BrokerLogin(get("broker", DEFAULT_BROKER), options.get("username"), pw);
    }
}
