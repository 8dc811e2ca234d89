package dev.lifeline.call;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.media.AudioSource;
import dev.lifeline.tdm.FxsChannel;
import dev.lifeline.tdm.FxsListener;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** An analog phone on an FXS port as a call leg; also relays its signalling to the engine. */
public final class FxsLeg implements Leg, FxsListener {
    private final FxsChannel line;
    private volatile String extension;
    private volatile String name;
    private final CallEngine engine;
    private final dev.lifeline.util.Clock clock;

    public FxsLeg(FxsChannel line, String extension, String name, CallEngine engine, dev.lifeline.util.Clock clock) {
        this.line = line;
        this.extension = extension;
        this.name = name;
        this.engine = engine;
        this.clock = clock;
    }

    public FxsChannel line() { return line; }

    /**
     * Gives the line a new extension and name (a pushed config renumbered it). Only the gateway's
     * config apply calls this, on the engine thread; a call in progress keeps going.
     */
    public void renumber(String newExtension, String newName) {
        this.extension = newExtension;
        this.name = newName;
    }

    @Override public String id() { return "fxs:" + line.id(); }
    @Override public String number() { return extension; }
    @Override public String displayName() { return name; }
    @Override public boolean available() { return line.isIdle(); }

    @Override
    public void alert(Party caller, long now) {
        LocalDateTime time = LocalDateTime.ofInstant(clock.now(), ZoneId.systemDefault());
        line.ring(new CallerId(caller.number(), caller.name(), time), now);
    }

    @Override public void ringback(long now) { line.ringback(); }

    @Override public void earlyMedia(AudioSource early, long now) { line.earlyMedia(early); }
    @Override public void connect(AudioSource peer, long now) { line.connect(peer, now); }
    @Override public AudioSource audio() { return line.input(); }

    @Override
    public void release(int cause, long now) {
        switch (line.state()) {
            case RINGING -> line.stopRinging(now);
            case CONNECTED -> line.farEndHungUp(now);
            case OUTGOING -> line.fail(Q850.isBusy(cause) ? line.zone().busy()
                    : Q850.isCongestion(cause) ? line.zone().congestion() : line.zone().disconnect(),
                    "call failed, cause " + cause, now);
            default -> { }
        }
    }

    // ---- signalling from the line -------------------------------------------------------

    @Override public void onSeized(FxsChannel l) { }
    @Override public void onDialled(FxsChannel l, String number) { engine.originate(this, number); }
    @Override public void onAnswered(FxsChannel l) { engine.answered(this); }
    @Override public void onHangup(FxsChannel l) { engine.hungUp(this); }
    @Override public void onFlash(FxsChannel l) { }
    @Override public void onDigit(FxsChannel l, char digit) { engine.digit(this, digit); }
    @Override public void sendDtmf(char digit, long now) { line.playDtmf(digit); }
}
