package dev.lifeline.mgmt.cwmp;

import dev.lifeline.util.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.tinylog.Logger;

/**
 * What the agent must remember across restarts (TR-069 §3.7.1.5, §A.3.2.4): the ACS URL it last
 * bootstrapped with (a new URL, or none, means {@code 0 BOOTSTRAP}), the ParameterKey of the last
 * successful SetParameterValues/AddObject/DeleteObject, the ProvisioningCode, the notification
 * attributes the ACS set, a pending Reboot's CommandKey (reported as {@code M Reboot} after it), and
 * the instance numbers of {@code SIP.Registrar.1.Account.{i}.} (TR-069 §A.3.2.6: an instance number
 * is never reused or changed while the object exists, so deleting account 2 of 3 leaves account 3 as 3).
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

    /**
     * The account instance of each SIP user extension, in {@code extensions}' order: a user already
     * known keeps its number, a new one gets the next never-used number, and users no longer in the
     * config lose theirs (their numbers are not reused). The first time (no numbers stored yet) this
     * numbers the users 1..n in config order, as the agent did before numbers were kept.
     */
    synchronized Map<String, Integer> accountInstances(java.util.List<String> extensions) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        boolean changed = false;
        java.util.Set<String> present = new java.util.HashSet<>(extensions);
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("account.") && !present.contains(p.getProperty(k))) {
                p.remove(k);
                changed = true;
            }
        }
        Map<String, Integer> known = new java.util.HashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("account.")) known.put(p.getProperty(k), Integer.parseInt(k.substring(8)));
        }
        for (String ext : extensions) {
            Integer n = known.get(ext);
            if (n == null) {
                n = takeAccountInstance();
                p.setProperty("account." + n, ext);
                changed = true;
            }
            out.put(ext, n);
        }
        if (changed) save();
        return out;
    }

    /** A new account instance number, never used before (AddObject, or a user that appeared in the config). */
    synchronized int takeAccountInstance() {
        int next = Integer.parseInt(p.getProperty("account-next", "1"));
        p.setProperty("account-next", Integer.toString(next + 1));
        save();
        return next;
    }

    /** Account {@code instance} is the user with {@code extension} now (made by AddObject, or renumbered). */
    synchronized void account(int instance, String extension) {
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("account.") && p.getProperty(k).equals(extension)) p.remove(k);
        }
        p.setProperty("account." + instance, extension);
        save();
    }

    /** The extension of account {@code instance}, or null when there is none. */
    synchronized String accountExtension(int instance) { return p.getProperty("account." + instance); }

    private void set(String key, String value) {
        p.setProperty(key, value);
        save();
    }

    private void save() {
        try {
            java.io.StringWriter w = new java.io.StringWriter();
            p.store(w, "Lifeline TR-069 agent state");
            AtomicFiles.write(file, w.toString());
        } catch (IOException e) {
            Logger.error("cwmp: cannot write {}: {}", file, e.getMessage());
        }
    }
}
