package dev.lifeline.app;

import dev.lifeline.call.FxsLeg;
import dev.lifeline.config.LineConfig;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.sip.mwi.MessageSummary;
import dev.lifeline.sip.mwi.MwiTarget;
import dev.lifeline.store.LineMwiStore;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Engine;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Message waiting for the analog lines (docs/line-services.md): news from a SIP NOTIFY or the
 * controller's {@code mwi} command is stored first (SQLite, so a restart keeps the lamps), then
 * handed to the line's {@link dev.lifeline.tdm.FxsChannel} on the engine thread, which sends
 * the lamp spill and plays the message-waiting dial tone. Called from SIP and MQTT threads.
 */
final class MessageWaitingLines implements MwiTarget {
    private final LineMwiStore store;
    private final Supplier<SiteConfig> site;
    private final Map<String, FxsLeg> legsByPort;
    private final Engine engine;
    private final Clock clock;
    /** The state of each extension as last stored (status reads it without the engine thread). */
    private final Map<String, LineMwiStore.Mwi> state = new ConcurrentHashMap<>();

    MessageWaitingLines(LineMwiStore store, Supplier<SiteConfig> site, Map<String, FxsLeg> legsByPort, Engine engine, Clock clock) {
        this.store = store;
        this.site = site;
        this.legsByPort = legsByPort;
        this.engine = engine;
        this.clock = clock;
    }

    /** Puts the stored lamps back on their lines (start-up); each line sends its spill when idle. */
    void restore() {
        for (var e : store.all().entrySet()) {
            state.put(e.getKey(), e.getValue());
            if (e.getValue().waiting()) show(e.getKey(), e.getValue(), "restored from the database");
        }
    }

    @Override
    public Optional<String> lineFor(String user) {
        if (user == null) return Optional.empty();
        for (LineConfig l : site.get().lines().values()) {
            if (l.extension().equals(user) || (l.upstream() != null && l.upstream().user().equals(user))) {
                return Optional.of(l.extension());
            }
        }
        return Optional.empty();
    }

    @Override
    public void apply(String extension, MessageSummary s, String from) {
        set(extension, s.waiting(), s.newMessages(), s.oldMessages(), from);
    }

    /** Sets {@code extension}'s state; false when no analog line has that extension. */
    boolean set(String extension, boolean waiting, int newMessages, int oldMessages, String from) {
        if (portOf(extension) == null) return false;
        var mwi = new LineMwiStore.Mwi(waiting, Math.max(0, newMessages), Math.max(0, oldMessages), clock.now().toEpochMilli());
        store.put(extension, mwi);
        state.put(extension, mwi);
        show(extension, mwi, from);
        return true;
    }

    /** The stored state of {@code extension}: not waiting, no messages, when nothing was ever said. */
    LineMwiStore.Mwi of(String extension) {
        return state.getOrDefault(extension, new LineMwiStore.Mwi(false, 0, 0, 0));
    }

    private void show(String extension, LineMwiStore.Mwi mwi, String from) {
        FxsLeg leg = portOf(extension);
        if (leg == null) return; // a line since removed from the config: the row stays, nothing to show it on
        Logger.info("{}: message waiting {} ({} new, {} old), {}", leg.line().id(), mwi.waiting() ? "on" : "off",
                mwi.newMessages(), mwi.oldMessages(), from);
        engine.execute(() -> leg.line().setMessageWaiting(mwi.waiting(), mwi.newMessages(), clock.millis()));
    }

    private FxsLeg portOf(String extension) {
        for (FxsLeg leg : legsByPort.values()) if (leg.number().equals(extension)) return leg;
        return null;
    }
}
