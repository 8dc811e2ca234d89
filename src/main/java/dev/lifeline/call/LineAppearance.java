package dev.lifeline.call;

import dev.lifeline.media.AudioSource;

/**
 * The second call of an analog line as the call engine sees it (the first is the line's
 * {@link FxsLeg} itself): a small leg whose every action goes to the line's {@link LineCalls},
 * which decides what the one handset hears. Engine thread only.
 */
final class LineAppearance implements Leg {
    private final LineCalls calls;
    private final FxsLeg line;
    private final int slot;

    LineAppearance(LineCalls calls, FxsLeg line, int slot) {
        this.calls = calls;
        this.line = line;
        this.slot = slot;
    }

    @Override public String id() { return line.id(); }
    @Override public String number() { return line.number(); }
    @Override public String displayName() { return line.displayName(); }
    @Override public boolean available() { return calls.available(slot); }
    @Override public void alert(Party caller, long now) { calls.alert(slot, caller, now); }
    @Override public void ringback(long now) { calls.ringback(slot); }
    @Override public void earlyMedia(AudioSource early, long now) { calls.earlyMedia(slot, early); }
    @Override public void connect(AudioSource peer, long now) { calls.connect(slot, peer, now); }
    @Override public AudioSource audio() { return calls.audio(slot); }
    @Override public void release(int cause, long now) { calls.release(slot, cause, now); }
    @Override public void sendDtmf(char digit, long now) { calls.sendDtmf(slot, digit); }
    @Override public String toString() { return id() + "#" + (slot + 1); }
}
