package dev.lifeline.mgmt.firmware;

import dev.lifeline.util.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The A/B layout the supervisor ({@code firmware/lifeline-supervisor}) keeps under its root:
 *
 * <pre>
 *   ROOT/slots/a/, ROOT/slots/b/   two installed bundles (one running, one spare)
 *   ROOT/state/active              the slot that boots ("a" or "b"; the supervisor's)
 *   ROOT/state/pending             written here: try this slot at the next restart
 *   ROOT/state/trial               the supervisor's: this slot is on trial now
 *   ROOT/state/healthy             written here: the slot on trial became ready and reached its manager
 *   ROOT/state/result              the supervisor's: how the last trial ended (outcome=ok|rolled-back)
 *   ROOT/state/transfer.properties written here: the transfer to report ({@link TransferRecord})
 * </pre>
 *
 * The supervisor passes {@code LIFELINE_FW_ROOT} and {@code LIFELINE_FW_SLOT} to the gateway; a
 * gateway started without them (from a source tree, by hand) has no slots and refuses upgrades.
 */
public final class FirmwareSlots {
    private final Path root;
    private final String own;

    FirmwareSlots(Path root, String own) {
        if (!own.equals("a") && !own.equals("b")) throw new IllegalArgumentException("slot must be a or b, got '" + own + "'");
        this.root = root;
        this.own = own;
    }

    /** The slots the supervisor told this process about, or null when it runs without one. */
    static FirmwareSlots fromEnvironment(Map<String, String> env) {
        String r = env.get("LIFELINE_FW_ROOT"), s = env.get("LIFELINE_FW_SLOT");
        if (r == null || r.isBlank() || s == null) return null;
        return new FirmwareSlots(Path.of(r), s);
    }

    String own() { return own; }
    String other() { return own.equals("a") ? "b" : "a"; }
    Path slot(String name) { return root.resolve("slots").resolve(name); }
    Path state() { return root.resolve("state"); }
    Path state(String file) { return state().resolve(file); }

    /** The keys this firmware trusts: the running bundle's {@code keys/*.pub}. */
    Path trustedKeys() { return slot(own).resolve("keys"); }

    /** The architecture the running bundle was built for (its {@code ARCH} file), or null. */
    String arch() throws IOException {
        Path f = slot(own).resolve("ARCH");
        return Files.exists(f) ? Files.readString(f).strip() : null;
    }

    /** This slot is on trial: it must report healthy before the supervisor's deadline. */
    boolean onTrial() throws IOException {
        Path t = state("trial");
        return Files.exists(t) && Files.readString(t).strip().equals(own);
    }

    void markHealthy() throws IOException {
        write("healthy", own + "\n");
    }

    /**
     * Unpacks a verified bundle archive into the spare slot. It goes to a temp dir first and is
     * renamed into place, so a power cut leaves the spare slot either old or whole.
     */
    void install(Path archive) throws IOException, FirmwareException {
        Path tmp = root.resolve("slots").resolve(other() + ".new");
        FileTrees.delete(tmp);
        Files.createDirectories(tmp);
        Process p = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", tmp.toString(), "--strip-components=1",
                "--no-same-owner").redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readNBytes(4096));
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new FirmwareException(FirmwareException.INTERNAL, "unpacking the bundle took over 10 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FirmwareException(FirmwareException.INTERNAL, "interrupted while unpacking");
        }
        if (p.exitValue() != 0) {
            FileTrees.delete(tmp);
            throw new FirmwareException(FirmwareException.CORRUPTED, "tar could not unpack the bundle: " + out.strip());
        }
        if (!Files.isExecutable(tmp.resolve("bin/lifeline"))) {
            FileTrees.delete(tmp);
            throw new FirmwareException(FirmwareException.CORRUPTED, "the bundle has no bin/lifeline");
        }
        Path dest = slot(other());
        FileTrees.delete(dest);
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Tells the supervisor to try the spare slot at the next restart. */
    void requestSwitch(String version) throws IOException {
        write("pending", "slot=" + other() + "\nversion=" + version + "\n");
    }

    void clearPending() throws IOException {
        Files.deleteIfExists(state("pending"));
    }

    /** Writes a state file atomically: a temp file, forced to disk, then renamed over the old one. */
    void write(String file, String text) throws IOException {
        dev.lifeline.util.AtomicFiles.write(state(file), text);
    }
}
