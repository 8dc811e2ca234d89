package dev.lifeline.app;

import dev.lifeline.call.CallEngine;
import dev.lifeline.call.PriTrunk;
import dev.lifeline.call.SpanDialler;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.config.SpanDef;
import dev.lifeline.config.TrunksConfig;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.hal.Board;
import dev.lifeline.hal.SpanAlarm;
import dev.lifeline.hal.SpanListener;
import dev.lifeline.hal.SpanPort;
import dev.lifeline.tdm.AnalogLines;
import dev.lifeline.tdm.pri.E1Span;
import dev.lifeline.util.Engine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PRI side of the gateway: an {@link E1Span} and {@link PriTrunk} for each span the site
 * uses as a trunk ({@code trunks.pri}), fed by the board's span events and joined to the tick —
 * B-channel input before the call layer's tick, output after it, as the analog lines are — and
 * handed to the router as {@code span:<id>} destinations.
 */
final class SpanWiring {
    private final Map<String, PriTrunk> trunks = new LinkedHashMap<>();

    private SpanWiring() {}

    /** Wires the site's PRI trunks; call before {@code calls::tick} joins the tick, then {@link #joinOutput}. */
    static SpanWiring wire(Board board, dev.lifeline.config.BoardProfile profile, SiteConfig site, ToneZone zone, AnalogLines lines, CallEngine calls, Engine engine,
                           SpanAlarmReporter alarm) {
        SpanWiring w = new SpanWiring();
        for (TrunksConfig.PriTrunk cfg : site.trunks().pri()) {
            SpanPort port = board.spans().stream().filter(s -> s.id().equals(cfg.span())).findFirst().orElse(null);
            SpanDef def = profile.span(cfg.span()).orElse(null);
            if (port == null || def == null) continue;
            PriTrunk trunk = new PriTrunk(cfg, calls, engine::execute, zone);
            E1Span span = new E1Span(port, def.networkSide(), trunk);
            span.cancelEcho(lines.echoes(), def.echoTailMs());
            trunk.bind(span);
            span.setGlareRule("user-wins".equals(cfg.glare()) ? dev.lifeline.tdm.pri.GlareRule.USER_WINS
                    : dev.lifeline.tdm.pri.GlareRule.NETWORK_WINS);
            span.onStatusChange(alarm::update);
            alarm.watch(span);
            w.trunks.put(cfg.span(), trunk);
        }
        Map<String, SpanDialler> diallers = new LinkedHashMap<>(w.trunks);
        calls.router().setSpans(diallers);
        board.onSpanEvents(new SpanListener() {
            @Override public void onDevice(SpanPort s, boolean connected, long at) { w.span(s).ifPresent(e -> e.onDevice(connected, at)); }
            @Override public void onLayer1(SpanPort s, SpanAlarm state, long at) { w.span(s).ifPresent(e -> e.onLayer1(state, at)); }
            @Override public void onDFrame(SpanPort s, byte[] frame, long at) { w.span(s).ifPresent(e -> e.onDFrame(frame, at)); }
        });
        lines.onEachTick(now -> w.each(e -> {
            e.audioIn(now);
            e.timers(now);
        }));
        return w;
    }

    /** B-channel output, after the call layer's tick has bridged this tick's audio. */
    void joinOutput(AnalogLines lines) { lines.onEachTick(now -> each(e -> e.audioOut(now))); }

    List<PriTrunk> trunks() { return List.copyOf(trunks.values()); }

    private java.util.Optional<E1Span> span(SpanPort s) {
        PriTrunk t = trunks.get(s.id());
        return t == null ? java.util.Optional.empty() : java.util.Optional.of(t.span());
    }

    private void each(java.util.function.Consumer<E1Span> work) {
        for (PriTrunk t : trunks.values()) {
            try {
                work.accept(t.span());
            } catch (RuntimeException e) { // one span's fault must not stop the analog lines' tick
                org.tinylog.Logger.error(e, "{}: span tick failed", t.spanId());
            }
        }
    }
}
