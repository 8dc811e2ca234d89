package dev.lifeline.call;

import dev.lifeline.media.AudioSource;
import dev.lifeline.media.MusicOnHold;
import dev.lifeline.tdm.FxsChannel;
import dev.lifeline.tdm.FxsListener;
import java.util.List;

/**
 * An analog phone on an FXS port as a call leg; also relays its signalling to the engine. It is
 * the line's first call ("line appearance" 1); a second call (waiting, held) gets its own leg, and
 * {@link LineCalls} decides which of them the handset is in (docs/line-services.md, hook-flash
 * services).
 */
public final class FxsLeg implements Leg, FxsListener {
    private final FxsChannel line;
    private volatile String extension;
    private volatile String name;
    private final LineCalls calls;
    private long faxMark; // the line's fax count when the current call was connected

    public FxsLeg(FxsChannel line, String extension, String name, CallEngine engine, dev.lifeline.util.Clock clock) {
        this.line = line;
        this.extension = extension;
        this.name = name;
        this.calls = new LineCalls(line, this, engine, clock);
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

    /** The leg a new call for this line is offered to (the directory's entry for the extension). */
    public Leg legForOffer() { return calls.legForOffer(); }

    /** What held parties hear. */
    public void holdMusic(MusicOnHold m) { calls.holdMusic(m); }

    /** Per call of the line, its state: FREE, RINGING, WAITING, ACTIVE, HELD, RECALL (status). */
    public List<AppearanceState> appearances() { return calls.states(); }

    /** Timers of the line's calls (waiting-call timeout, recall); once per tick. */
    public void tick(long now) { calls.tick(now); }

    /** The port faulted and was reset: clears every call of the line (41). */
    public void portFailed() { calls.portFailed(); }

    @Override public String id() { return "fxs:" + line.id(); }
    @Override public String number() { return extension; }
    @Override public String displayName() { return name; }
    @Override public boolean available() { return calls.available(0); }
    @Override public void alert(Party caller, long now) { calls.alert(0, caller, now); }
    @Override public void ringback(long now) { calls.ringback(0); }
    @Override public void earlyMedia(AudioSource early, long now) { calls.earlyMedia(0, early); }
    @Override
    public void connect(AudioSource peer, long now) {
        faxMark = line.faxEpisodes();
        calls.connect(0, peer, now);
    }

    @Override public boolean faxOnLine() { return line.faxEpisodes() > faxMark; }
    @Override public AudioSource audio() { return calls.audio(0); }
    @Override public void release(int cause, long now) { calls.release(0, cause, now); }
    @Override public void sendDtmf(char digit, long now) { calls.sendDtmf(0, digit); }

    // ---- signalling from the line -------------------------------------------------------

    @Override public void onSeized(FxsChannel l) { }
    @Override public void onDialled(FxsChannel l, String number) { calls.dialled(number); }
    @Override public void onAnswered(FxsChannel l) { calls.answered(); }
    @Override public void onHangup(FxsChannel l) { calls.hungUp(); }
    @Override public void onFlash(FxsChannel l) { calls.flash(); }
    @Override public void onDigit(FxsChannel l, char digit) { calls.digit(digit); }
}
