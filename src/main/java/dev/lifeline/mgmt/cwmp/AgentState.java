package dev.lifeline.mgmt.cwmp;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.tinylog.Logger;

/**
 * What the agent must remember across restarts (TR-069 §3.7.1.5, §A.3.2.4): the ACS URL it last
 * bootstrapped with (a new URL, or none, means {@code 0 BOOTSTRAP}), the ParameterKey of the last
 * successful SetParameterValues/AddObject/DeleteObject, the ProvisioningCode, the notification
 * attributes the ACS set, and a pending Reboot's CommandKey (reported as {@code M Reboot} after it).
 * A small properties file in the data dir ({@code cwmp/state.properties}), replaced atomically:
 * a few short values, written rarely, with no need for a migration.
 */
final class AgentState {
    private final Path file;
    private final Properties p = new Properties();

    AgentState(Path dataDir) {
        this.file = dataDir.resolve("cwmp").resolve("state.properties");
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                Logger.warn("cwmp: cannot read {} ({}); starting as if new (BOOTSTRAP)", file, e.getMessage());
            }
        }
    }

    synchronized String bootstrappedAcs() { return p.getProperty("bootstrapped-acs"); }

    synchronized void bootstrapped(String acsUrl) { set("bootstrapped-acs", acsUrl); }

    synchronized String parameterKey() { return p.getProperty("parameter-key", ""); }

    synchronized void parameterKey(String key) { set("parameter-key", key == null ? "" : key); }

    synchronized String provisioningCode() { return p.getProperty("provisioning-code", ""); }

    synchronized void provisioningCode(String code) { set("provisioning-code", code); }

    /** The CommandKey of a Reboot the ACS ordered that is not yet reported, or null. */
    synchronized String rebootKey() { return p.getProperty("reboot-key"); }

    synchronized void rebootKey(String key) {
        if (key == null) p.remove("reboot-key");
        else p.setProperty("reboot-key", key);
        save();
    }

    /** Notification attribute of a parameter: 0 off, 1 passive, 2 active. */
    synchronized int notification(String name) {
        return Integer.parseInt(p.getProperty("notify." + name, "0"));
    }

    synchronized void notification(String name, int level) {
        if (level == 0) p.remove("notify." + name);
        else p.setProperty("notify." + name, Integer.toString(level));
        save();
    }

    /** Every parameter with notification on, by name. */
    synchronized Map<String, Integer> notifications() {
        Map<String, Integer> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("notify.")) out.put(k.substring(7), Integer.parseInt(p.getProperty(k)));
        }
        return out;
    }

    private void set(String key, String value) {
        p.setProperty(key, value);
        save();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("state.properties.tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Lifeline TR-069 agent state");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Logger.error("cwmp: cannot write {}: {}", file, e.getMessage());
        }
    }
}
