package dev.lifeline.call;

import dev.lifeline.config.ServicesConfig.Feature;
import dev.lifeline.dsp.ToneSpec;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.media.AudioSource;
import dev.lifeline.media.ToneSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A dialled feature code as the callee of a call: alerting it switches the service, it answers
 * at once and plays a confirmation (three short beeps of the zone's dial tone) or, when the
 * service could not be switched, reorder; after two seconds it hangs up. Analog and SIP callers
 * are served the same way, and the attempt gets a CDR like any call.
 */
final class FeatureLeg implements Leg {
    static final long HOLD_MS = 2_000;
    private final LineServices services;
    private final CallEngine engine;
    private final String extension;
    private final Feature feature;
    private final String target;
    private final String dialled;
    private final ToneZone zone;
    private final Executor later;
    private ToneSource tone;
    private long answeredAt = -1;
    private boolean hangingUp;

    FeatureLeg(LineServices services, CallEngine engine, String extension, Feature feature, String target, String dialled,
               ToneZone zone, Executor later) {
        this.services = services;
        this.engine = engine;
        this.extension = extension;
        this.feature = feature;
        this.target = target;
        this.dialled = dialled;
        this.zone = zone;
        this.later = later;
    }

    @Override public String id() { return "feature:" + feature.key(); }
    @Override public String number() { return dialled; }
    @Override public String displayName() { return null; }
    @Override public boolean available() { return true; }
    @Override public void ringback(long now) { }

    @Override
    public void alert(Party caller, long now) {
        boolean ok = services.apply(extension, feature, target);
        tone = new ToneSource(ok ? confirmation(zone) : zone.congestion());
        later.execute(() -> engine.answered(this));
    }

    @Override public void connect(AudioSource peer, long now) { answeredAt = now; }

    @Override public AudioSource audio() { return frame -> tone != null && tone.read(frame); }

    @Override
    public void mediaTick(long now) {
        if (answeredAt >= 0 && now - answeredAt >= HOLD_MS && !hangingUp) {
            hangingUp = true;
            later.execute(() -> engine.hungUp(this));
        }
    }

    @Override public void release(int q850Cause, long now) { close(); }

    @Override public void dispose() { close(); }

    private void close() {
        if (tone != null) {
            tone.close();
            tone = null;
        }
    }

    /** Three 100 ms beeps of the zone's dial-tone frequencies, then silence: "done". */
    static ToneSpec confirmation(ToneZone zone) {
        int[] freqs = zone.dial().segments().get(0).freqs();
        int level = zone.dial().segments().get(0).levelDbm0();
        List<ToneSpec.Segment> segs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            segs.add(new ToneSpec.Segment(freqs, level, 100));
            segs.add(new ToneSpec.Segment(new int[0], level, 100));
        }
        segs.add(new ToneSpec.Segment(new int[0], level, 0));
        return new ToneSpec(zone.name() + "/confirmation", segs, -1);
    }
}
