package dev.lifeline.mgmt.cwmp;

import dev.lifeline.config.SipUser;
import dev.lifeline.config.Tr069Config;
import dev.lifeline.mgmt.controller.GatewayControl;
import dev.lifeline.mgmt.controller.VersionedConfig;
import dev.lifeline.mgmt.firmware.Firmware;
import dev.lifeline.mgmt.firmware.TransferRecord;
import dev.lifeline.util.Clock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tinylog.Logger;

/**
 * The TR-069 (CWMP) agent: decides when to open a session with the ACS and with which events,
 * and serves the session's RPCs from the running gateway ({@link Rpcs}).
 *
 * <p>Events: {@code 1 BOOT} at every start, {@code 0 BOOTSTRAP} on first contact with an ACS URL
 * (remembered in {@link AgentState}), {@code M Reboot} after a Reboot the ACS ordered,
 * {@code 2 PERIODIC} every {@code tr069.periodic-inform-interval}, {@code 3 SCHEDULED} /
 * {@code M ScheduleInform}, {@code 4 VALUE CHANGE} (active notification starts a session,
 * passive rides on the next one), {@code 6 CONNECTION REQUEST}, and {@code 7 TRANSFER COMPLETE} /
 * {@code M Download} with a TransferComplete request for a firmware transfer the ACS ordered
 * (reported by the version that runs afterwards). A failed session is retried
 * after the wait of TR-069 §3.2.1.1 ({@link RetryWait}) with its undelivered events.
 *
 * <p>Every timer reads the injected {@link Clock}: one thread ("cwmp") looks at the clock every
 * 100 ms, so a test moves a clock an hour on instead of sleeping. Sessions run on that thread, one
 * at a time.
 */
public final class CwmpAgent implements AutoCloseable, AgentHost {
    /** Exit status for the supervisor to restart the gateway (the controller's reboot uses it too). */
    public static final int REBOOT_EXIT = 75;
    /** The channel name in firmware transfer records: this agent reports those it ordered. */
    static final String CHANNEL = "cwmp";
    static final long POLL_MS = 100;
    static final long VALUE_CHECK_MS = 5_000;
    private final GatewayControl gw;
    private final VersionedConfig config;
    private final Firmware firmware;
    private final Clock clock;
    private final AgentState state;
    private final RetryWait retry = new RetryWait(new SecureRandom());
    private final Rpcs rpcs;
    private final ConnectionRequestServer crServer;
    private final Map<Integer, Map<String, String>> pending = Collections.synchronizedMap(new TreeMap<>());
    private final Object lock = new Object();
    private final Map<String, String> events = new LinkedHashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private final List<long[]> scheduled = new ArrayList<>();
    private final List<String> scheduledKeys = new ArrayList<>();
    private final Map<String, String> baseline = new HashMap<>();
    private boolean triggered;
    private int retryCount;
    private long nextAttemptAt;
    private long periodicBase;
    private long nextValueCheck;
    private long seenVersion = -1;
    private String rebootKey;
    private volatile boolean factoryReset;
    private final Path dataDir;
    private volatile long sessions;
    private volatile boolean closed;
    private final Thread thread;

    private CwmpAgent(GatewayControl gw, VersionedConfig config, Firmware firmware, Path dataDir, Clock clock) throws IOException {
        this.gw = gw;
        this.config = config;
        this.firmware = firmware;
        this.dataDir = dataDir;
        this.clock = clock;
        this.state = new AgentState(dataDir);
        this.rpcs = new Rpcs(this);
        Tr069Config tr = gw.running().tr069();
        this.crServer = tr.connectionRequest() == null ? null
                : new ConnectionRequestServer(tr.connectionRequest(), "/cwmp/" + gw.running().gatewayId(), clock, this::connectionRequest);
        this.periodicBase = clock.millis();
        addEvent("1 BOOT", "");
        if (state.rebootKey() != null) addEvent("M Reboot", state.rebootKey());
        firmware.addListener(this::transferDone); // a transfer that fails without a restart: report it now
        this.thread = new Thread(this::loop, "cwmp");
        thread.setDaemon(true);
    }

    /** Starts the agent for the running config's {@code tr069} section (which must be present). */
    public static CwmpAgent start(GatewayControl gw, VersionedConfig config, Firmware firmware, Path dataDir, Clock clock)
            throws IOException {
        CwmpAgent a = new CwmpAgent(gw, config, firmware, dataDir, clock);
        Logger.info("cwmp: agent for ACS {} started; connection requests on {}", gw.running().tr069().acsUrl(),
                a.crServer == null ? "(none)" : a.crServer.url());
        a.thread.start();
        return a;
    }

    /** Where the ACS sends connection requests, or null without a connection-request server. */
    public String connectionRequestUrl() { return crServer == null ? null : crServer.url(); }

    /** Failed sessions since the last one that worked (the Inform's RetryCount). */
    int retryCount() {
        synchronized (lock) {
            return retryCount;
        }
    }

    /** Sessions completed since start (tests wait on it). */
    public long sessionsCompleted() { return sessions; }

    /** The connection-request server accepted a request: a session with {@code 6 CONNECTION REQUEST} now. */
    void connectionRequest() {
        synchronized (lock) {
            addEvent("6 CONNECTION REQUEST", "");
            nextAttemptAt = 0;
            lock.notifyAll();
        }
    }

    /** A firmware transfer this agent ordered ended: report it ({@code 7 TRANSFER COMPLETE}, {@code M Download}). */
    private void transferDone(TransferRecord r) {
        if (r == null || !r.channel().equals(CHANNEL)) return;
        synchronized (lock) {
            addEvent("7 TRANSFER COMPLETE", "");
            addEvent("M Download", r.commandKey());
            lock.notifyAll();
        }
    }

    private void addEvent(String code, String key) {
        synchronized (lock) {
            events.putIfAbsent(code, key);
            triggered = true;
        }
    }

    private void loop() {
        while (!closed) {
            try {
                poll();
            } catch (RuntimeException e) {
                if (!closed) Logger.error(e, "cwmp: agent step failed"); // closing interrupts a snapshot: not a failure
            }
            synchronized (lock) {
                try {
                    lock.wait(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void poll() {
        Tr069Config tr = gw.running().tr069();
        if (tr == null) return; // the section was removed by a config change: idle until restarted
        long now = clock.millis();
        if (now - periodicBase >= tr.periodicInformMs()) {
            periodicBase = now;
            addEvent("2 PERIODIC", "");
        }
        synchronized (lock) {
            for (int i = scheduled.size() - 1; i >= 0; i--) {
                if (now >= scheduled.get(i)[0]) {
                    scheduled.remove(i);
                    events.putIfAbsent("3 SCHEDULED", "");
                    events.putIfAbsent("M ScheduleInform", scheduledKeys.remove(i));
                    triggered = true;
                }
            }
        }
        if (!tr.acsUrl().equals(state.bootstrappedAcs())) {
            synchronized (lock) {
                if (!events.containsKey("0 BOOTSTRAP")) addEvent("0 BOOTSTRAP", "");
            }
        }
        if (now >= nextValueCheck || config.running() != seenVersion) {
            nextValueCheck = now + VALUE_CHECK_MS;
            seenVersion = config.running();
            checkValues();
        }
        boolean due;
        synchronized (lock) {
            due = triggered && now >= nextAttemptAt;
        }
        if (due) runSession(tr);
    }

    private void runSession(Tr069Config tr) {
        ParameterTree tree = tree();
        // a finished transfer goes with every session until the ACS answers its TransferComplete
        // (the events may have gone with an earlier Inform whose session then failed)
        TransferRecord transfer = firmware.completed();
        transferDone(transfer);
        Map<String, String> ev;
        List<Param> params = new ArrayList<>();
        for (String name : DeviceModel.FORCED) params.add(tree.param(name));
        Set<String> reported;
        synchronized (lock) {
            if (!changed.isEmpty()) events.putIfAbsent("4 VALUE CHANGE", "");
            ev = new LinkedHashMap<>(events);
            reported = new LinkedHashSet<>(changed);
        }
        for (String name : reported) {
            Param p = tree.param(name);
            if (p != null && !DeviceModel.FORCED.contains(name)) params.add(p);
        }
        List<CwmpSession.Request> requests = new ArrayList<>();
        if (transfer != null && transfer.channel().equals(CHANNEL)) {
            requests.add(new CwmpSession.Request(Inform.transferComplete(Long.toString(clock.millis()) + "-tc", transfer),
                    "TransferCompleteResponse", () -> {
                        firmware.reported(transfer);
                        Logger.info("cwmp: TransferComplete delivered (fault {})", transfer.faultCode());
                    }));
        }
        Soap.Message inform = Inform.build(Long.toString(clock.millis()), tree, ev, params, retryCount, clock.now());
        CwmpSession session;
        try {
            session = new CwmpSession(URI.create(tr.acsUrl()), new AcsAuth(tr.username(), tr.password()), rpcs, AcsTls.context(tr));
        } catch (IOException e) {
            fail(e.getMessage());
            return;
        }
        try {
            session.run(inform, () -> delivered(tr, ev, reported), requests);
        } catch (CwmpException e) {
            fail(e.getMessage());
            return;
        }
        sessions++;
        synchronized (lock) {
            retryCount = 0;
            nextAttemptAt = 0;
            triggered = !events.isEmpty();
        }
        Logger.info("cwmp: session with {} done: events {}, {} RPC(s) answered", tr.acsUrl(), ev.keySet(), session.rpcsAnswered());
        if (factoryReset) {
            factoryReset = false;
            try {
                dev.lifeline.store.FactoryReset.order(dataDir);
                restart("factory reset");
            } catch (IOException e) {
                Logger.error("cwmp: cannot order the factory reset: {}", e.getMessage());
            }
        } else if (rebootKey != null) {
            state.rebootKey(rebootKey);
            rebootKey = null;
            restart("rebooting");
        }
    }

    /** After the session, as the ACS ordered: CDRs on disk, then exit for the supervisor to start the gateway again. */
    private void restart(String what) {
        Logger.warn("cwmp: {} as the ACS ordered", what);
        gw.flushCdrs();
        gw.exit(REBOOT_EXIT);
    }

    private void fail(String why) {
        if (closed) return;
        synchronized (lock) {
            retryCount++;
            long wait = retry.delayMs(retryCount);
            nextAttemptAt = clock.millis() + wait;
            Logger.warn("cwmp: session failed ({}); retry {} in {} s", why, retryCount, wait / 1000);
        }
    }

    /** The ACS accepted an Inform: its events and changes are delivered. */
    private void delivered(Tr069Config tr, Map<String, String> ev, Set<String> reported) {
        synchronized (lock) {
            ev.keySet().forEach(events::remove);
            changed.removeAll(reported);
        }
        if (ev.containsKey("0 BOOTSTRAP")) state.bootstrapped(tr.acsUrl());
        firmware.healthy("reached the ACS " + tr.acsUrl());
        if (ev.containsKey("M Reboot")) state.rebootKey(null);
    }

    /** Compares notified parameters with their last values; an active one that changed starts a session. */
    private void checkValues() {
        Map<String, Integer> notes = state.notifications();
        if (notes.isEmpty()) return;
        // every 5 s: read the CDR journal only when a notified parameter is in the call log
        boolean callLog = notes.keySet().stream().anyMatch(name -> name.contains(".CallLog."));
        ParameterTree tree = tree(callLog);
        for (Map.Entry<String, Integer> n : notes.entrySet()) {
            Param p = tree.param(n.getKey());
            if (p == null) continue;
            String old = baseline.put(n.getKey(), p.value());
            if (old == null || old.equals(p.value())) continue;
            synchronized (lock) {
                changed.add(n.getKey());
                if (n.getValue() == 2) {
                    addEvent("4 VALUE CHANGE", "");
                    Logger.info("cwmp: {} changed (active notification)", n.getKey());
                }
            }
        }
    }

    @Override
    public ParameterTree tree() { return tree(true); }

    /** The model now; without the call log (no CDR journal read) when {@code withCallLog} is false. */
    private ParameterTree tree(boolean withCallLog) {
        GatewayControl.Snapshot snap;
        try {
            snap = gw.snapshot();
        } catch (Exception e) {
            throw new IllegalStateException("gateway snapshot: " + e.getMessage(), e);
        }
        var site = gw.running();
        Map<String, Integer> contacts = new HashMap<>();
        for (SipUser u : site.users()) contacts.put(u.extension(), gw.registeredContacts(u.extension()));
        Map<Integer, Map<String, String>> pend;
        synchronized (pending) {
            pend = new TreeMap<>(pending);
        }
        return DeviceModel.build(new ModelInputs(site, gw.board(), snap, contacts, gw.software(), gw.uptimeSeconds(),
                connectionRequestUrl(), state, pend, withCallLog ? gw.recentCdrs(CallLogModel.MAX_ENTRIES) : java.util.List.of(),
                upstreamStates()));
    }

    private Map<String, String> upstreamStates() {
        Map<String, String> out = new HashMap<>();
        for (Map<String, Object> r : gw.upstreamRegistrations()) out.put(String.valueOf(r.get("line")), String.valueOf(r.get("state")));
        return out;
    }

    @Override public VersionedConfig config() { return config; }
    @Override public String realm() { return gw.running().sip().realm(); }
    @Override public AgentState state() { return state; }
    @Override public Firmware firmware() { return firmware; }
    @Override public Map<Integer, Map<String, String>> pendingAccounts() { return pending; }
    @Override public void rebootAfterSession(String commandKey) { rebootKey = commandKey; }
    @Override public void factoryResetAfterSession() { factoryReset = true; }

    @Override
    public void scheduleInform(long delayMs, String commandKey) {
        synchronized (lock) {
            scheduled.add(new long[] {clock.millis() + delayMs});
            scheduledKeys.add(commandKey);
        }
    }

    @Override
    public void changedByAcs() {
        baseline.clear();
        ParameterTree tree = tree();
        for (String name : state.notifications().keySet()) {
            Param p = tree.param(name);
            if (p != null) baseline.put(name, p.value());
        }
        seenVersion = config.running();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (crServer != null) crServer.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
