package dev.lifeline.mgmt.firmware;

import dev.lifeline.mgmt.controller.GatewayControl;
import dev.lifeline.util.Clock;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;

/**
 * Firmware upgrades for both managers (TR-069 {@code Download}, the controller's {@code upgrade}):
 * one transfer at a time, on its own thread; install into the spare slot; wait until no call is up
 * (or {@link #IDLE_DEADLINE_MS}); restart into the new slot through the supervisor, which rolls
 * back unless the new version reports {@link #healthy} in time. How it ended is reported once, by
 * whichever version runs afterwards ({@link #completed()}).
 */
public final class Firmware {
    /** A restart for the upgrade waits at most this long for the calls to end. */
    public static final long IDLE_DEADLINE_MS = 3_600_000L;
    static final long IDLE_POLL_MS = 1_000;
    /** Exit status for the supervisor to restart (same as the reboot commands'). */
    public static final int RESTART_EXIT = 75;

    /** Told when a transfer ended without a restart (a failure), on the firmware thread. */
    public interface Listener {
        void transferDone(TransferRecord r);
    }

    private final FirmwareSlots slots;
    private final GatewayControl gw;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile TransferRecord completed;
    private volatile boolean busy;
    private volatile boolean healthy;

    Firmware(FirmwareSlots slots, GatewayControl gw, Clock clock) {
        this.slots = slots;
        this.gw = gw;
        this.clock = clock;
        if (slots != null) completed = outcomeAtBoot();
    }

    /** Firmware for the slots named by the supervisor's environment (none when started without it). */
    public static Firmware start(GatewayControl gw, Clock clock, Map<String, String> env) {
        FirmwareSlots s = FirmwareSlots.fromEnvironment(env);
        Firmware f = new Firmware(s, gw, clock);
        if (s != null) {
            Logger.info("firmware: running {} from slot {} of {}{}", gw.software(), s.own(), s.state().getParent(),
                    f.onTrial() ? " (on trial: must reach its manager before the supervisor's deadline)" : "");
        }
        return f;
    }

    public boolean available() { return slots != null; }

    /** A finished transfer nobody has reported yet (its channel says to whom), or null. */
    public TransferRecord completed() { return completed; }

    public void addListener(Listener l) { listeners.add(l); }

    /** The report reached its manager: forget the transfer. */
    public synchronized void reported(TransferRecord r) {
        if (completed != r) return;
        completed = null;
        try {
            Files.deleteIfExists(slots.state(TransferRecord.FILE));
            Files.deleteIfExists(slots.state("result"));
        } catch (IOException e) {
            Logger.warn("firmware: could not clear the reported transfer: {}", e.getMessage());
        }
    }

    private boolean onTrial() {
        try {
            return slots != null && slots.onTrial();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The gateway is ready and reached its manager ({@code why}): a slot on trial tells the
     * supervisor to keep it. Called on every such event; acts once.
     */
    public void healthy(String why) {
        if (healthy || slots == null) return;
        healthy = true;
        try {
            if (!slots.onTrial()) return;
            slots.markHealthy();
            Logger.info("firmware: slot {} ({}) is healthy: {}", slots.own(), gw.software(), why);
        } catch (IOException e) {
            Logger.error("firmware: could not tell the supervisor slot {} is healthy: {}", slots.own(), e.getMessage());
        }
    }

    /**
     * Starts an upgrade on its own thread. Refused (fault 9001) without slots or while another runs.
     */
    public synchronized void upgrade(UpgradeRequest req) throws FirmwareException {
        if (slots == null) {
            throw new FirmwareException(FirmwareException.REQUEST_DENIED, "this gateway runs without the firmware supervisor (no A/B slots): it cannot be upgraded remotely");
        }
        if (busy) throw new FirmwareException(FirmwareException.REQUEST_DENIED, "a firmware transfer is already in progress");
        String scheme = req.url().getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new FirmwareException(FirmwareException.UNSUPPORTED_PROTOCOL, "only http:// and https:// image URLs are supported");
        }
        busy = true;
        TransferRecord r = new TransferRecord(req.channel(), req.commandKey(), req.safeUrl(), gw.software(), null, clock.now(),
                null, "", null);
        try {
            slots.write(TransferRecord.FILE, r.text());
        } catch (IOException e) {
            busy = false;
            throw new FirmwareException(FirmwareException.INTERNAL, "cannot write the transfer record: " + e.getMessage());
        }
        Logger.info("firmware: upgrade ordered over {} from {} (key '{}')", req.channel(), req.safeUrl(), req.commandKey());
        Thread t = new Thread(() -> run(req, r), "firmware");
        t.setDaemon(true);
        t.start();
    }

    private void run(UpgradeRequest req, TransferRecord r) {
        try {
            if (req.delayMs() > 0) Thread.sleep(req.delayMs());
            String version = new Upgrader(slots).fetchAndInstall(req);
            TransferRecord v = r.verified(version);
            slots.write(TransferRecord.FILE, v.text());
            waitForIdle();
            slots.requestSwitch(version);
            Logger.warn("firmware: {} installed in slot {}; restarting into it", version, slots.other());
            gw.flushCdrs();
            gw.exit(RESTART_EXIT);
        } catch (FirmwareException e) {
            fail(r, e.code(), e.getMessage());
        } catch (IOException e) {
            fail(r, FirmwareException.INCOMPLETE, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Logger.error(e, "firmware: upgrade failed");
            fail(r, FirmwareException.INTERNAL, "internal error: " + e);
        }
    }

    private void waitForIdle() throws InterruptedException {
        long until = clock.millis() + IDLE_DEADLINE_MS;
        boolean said = false;
        while (clock.millis() < until) {
            int calls;
            try {
                calls = gw.snapshot().calls();
            } catch (Exception e) {
                calls = 0;
            }
            if (calls == 0) return;
            if (!said) Logger.info("firmware: waiting for {} call(s) to end before restarting (at most {} min)", calls, IDLE_DEADLINE_MS / 60_000);
            said = true;
            Thread.sleep(IDLE_POLL_MS);
        }
        Logger.warn("firmware: calls still up after {} min; restarting anyway", IDLE_DEADLINE_MS / 60_000);
    }

    private void fail(TransferRecord r, int code, String why) {
        Logger.warn("firmware: upgrade from {} failed ({}): {}", r.url(), code, why);
        TransferRecord done = r.ended(code, why, clock.now());
        try {
            slots.write(TransferRecord.FILE, done.text());
        } catch (IOException e) {
            Logger.error("firmware: cannot record the failed transfer: {}", e.getMessage());
        }
        synchronized (this) {
            busy = false;
            completed = done;
        }
        for (Listener l : listeners) l.transferDone(done);
    }

    /** How the transfer recorded before this start ended: failed early, or what the supervisor's trial said. */
    private TransferRecord outcomeAtBoot() {
        try {
            TransferRecord r = TransferRecord.load(slots.state());
            if (r == null || r.finished()) return r;
            slots.clearPending();
            if (slots.onTrial() && gw.software().equals(r.toVersion())) {
                // On trial: success once the manager hears it (that is the health check). Kept in
                // memory only: if the trial fails, the old version reports the rollback instead.
                Logger.info("firmware: upgrade from {} to {} installed; on trial", r.fromVersion(), r.toVersion());
                return r.ended(0, "", clock.now());
            }
            Properties res = new Properties();
            if (Files.exists(slots.state("result"))) res.load(new StringReader(Files.readString(slots.state("result"))));
            String outcome = res.getProperty("outcome");
            TransferRecord done;
            if ("ok".equals(outcome) && gw.software().equals(r.toVersion())) {
                done = r.ended(0, "", clock.now());
                Logger.info("firmware: upgrade from {} to {} succeeded", r.fromVersion(), r.toVersion());
            } else if ("rolled-back".equals(outcome)) {
                done = r.ended(FirmwareException.DOWNLOAD_FAILURE, "version " + r.toVersion() + " failed its health check ("
                        + res.getProperty("reason", "no reason given") + "); rolled back to " + gw.software(), clock.now());
                Logger.warn("firmware: {}", done.faultString());
            } else {
                done = r.ended(FirmwareException.DOWNLOAD_FAILURE, "the gateway restarted before the transfer completed; still running "
                        + gw.software(), clock.now());
                Logger.warn("firmware: {}", done.faultString());
            }
            slots.write(TransferRecord.FILE, done.text());
            return done;
        } catch (IOException e) {
            Logger.error("firmware: cannot read the last transfer's outcome: {}", e.getMessage());
            return null;
        }
    }
}
