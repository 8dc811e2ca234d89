package dev.lifeline.call;

import dev.lifeline.config.TrunksConfig;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.media.AudioSource;
import dev.lifeline.media.ToneSource;
import dev.lifeline.tdm.pri.BChannel;
import dev.lifeline.tdm.pri.E1Span;
import dev.lifeline.tdm.pri.PartyNumber;
import dev.lifeline.tdm.pri.PriCall;
import dev.lifeline.tdm.pri.PriCallControl;
import dev.lifeline.tdm.pri.PriListener;
import java.util.Map;
import java.util.concurrent.Executor;
import org.tinylog.Logger;

/**
 * An ISDN PRI span used as a PSTN trunk: the call layer's side of {@link E1Span}. Incoming
 * SETUPs ring the extension their DID maps to (else cause 1, unallocated number); outgoing
 * calls ({@code span:<id>} routes, emergency numbers) take a B-channel through {@link E1Leg}.
 *
 * <p>The stack's indications are handed to the call engine as separate engine tasks, never
 * from inside the stack's own message handling, so the engine's reaction (a hangup, an answer)
 * never re-enters the stack mid-message.
 */
public final class PriTrunk implements PriListener, SpanDialler {
    private E1Span span;
    private final CallEngine engine;
    private final Executor later;
    private final ToneZone zone;
    private volatile TrunksConfig.PriTrunk config;

    /** Bind the span with {@link #bind} before it starts (the span is built with this trunk as its listener). */
    public PriTrunk(TrunksConfig.PriTrunk config, CallEngine engine, Executor later, ToneZone zone) {
        this.config = config;
        this.engine = engine;
        this.later = later;
        this.zone = zone;
    }

    public void bind(E1Span e1) { this.span = e1; }

    /** A pushed config changed the DIDs or the calling number (engine thread). */
    public void reconfigure(TrunksConfig.PriTrunk next) { this.config = next; }

    public String spanId() { return config.span(); }

    public E1Span span() { return span; }

    PriCallControl control() { return span.control(); }

    CallEngine engine() { return engine; }

    BChannel channel(int timeslot) { return span.channel(timeslot); }

    void later(Runnable task) { later.execute(task); }

    AudioSource ringbackTone() { return new ToneSource(zone.ringback()); }

    /**
     * The calling number an outgoing SETUP presents: the caller's own DID when the caller's
     * extension has one, else the trunk's number (as the exchange expects it, unknown type).
     */
    PartyNumber callingNumber(Party caller) {
        TrunksConfig.PriTrunk c = config;
        String number = c.dids().entrySet().stream().filter(e -> e.getValue().equals(caller.number()))
                .map(Map.Entry::getKey).findFirst().orElse(c.number());
        return number == null ? null : new PartyNumber(number, PartyNumber.TON_UNKNOWN, PartyNumber.PLAN_ISDN, 0, 0);
    }

    // ---- SpanDialler ----------------------------------------------------------------------

    @Override public boolean up() { return span.control().isUp(); }

    @Override
    public boolean hasFreeChannel() {
        return span.control().channels().stream().anyMatch(c -> c.state().equals("idle"));
    }

    @Override public Leg outgoing(String digits) { return E1Leg.outgoing(this, digits); }

    // ---- PriListener ----------------------------------------------------------------------

    @Override public void onSpanUp(long now) { Logger.info("{}: PRI span in service", span.id()); }

    @Override public void onSpanDown(long now) { Logger.warn("{}: PRI span out of service (layer 2 down)", span.id()); }

    @Override
    public void onIncoming(PriCall call, long now) {
        E1Leg leg = E1Leg.incoming(this, call);
        String called = call.setup().called() == null ? "" : call.setup().called().digits();
        String target = config.extensionFor(called, ext -> engine.directory().lookup(ext).isPresent()).orElse(called);
        Logger.info("{}: incoming call from {} to {} rings {}", leg.id(), leg.number(), called, target);
        later(() -> engine.originate(leg, target));
    }

    @Override
    public void onAlerting(PriCall call, boolean inband, long now) {
        if (inband) onProgress(call, true, now);
    }

    /** The exchange has in-band information (progress indicator 1 or 8): the caller hears the B-channel. */
    @Override
    public void onProgress(PriCall call, boolean inband, long now) {
        if (!inband || !call.outgoing() || !(call.attachment() instanceof E1Leg leg) || leg.answered()) return;
        later(() -> engine.earlyMedia(leg));
    }

    @Override
    public void onAnswered(PriCall call, long now) {
        if (!(call.attachment() instanceof E1Leg leg)) return;
        leg.farEndAnswered();
        later(() -> engine.answered(leg));
    }

    @Override
    public void onCleared(PriCall call, int q850Cause, boolean inband, long now) {
        if (!(call.attachment() instanceof E1Leg leg)) return;
        boolean unanswered = call.outgoing() && !leg.answered();
        leg.clearedByNetwork();
        later(() -> {
            if (unanswered) engine.rejected(leg, q850Cause);
            else engine.hungUp(leg, q850Cause);
        });
    }

    @Override
    public void onReleased(PriCall call, int q850Cause, long now) {
        if (!(call.attachment() instanceof E1Leg leg)) return;
        leg.clearedByNetwork();
        later(() -> engine.hungUp(leg, q850Cause)); // no-op when the call already ended
    }
}
