package dev.lifeline.rig.co;

import dev.lifeline.rig.audio.Levels;
import dev.lifeline.rig.audio.SpecPlayer;
import dev.lifeline.testutil.Goertzel;
import java.time.Duration;

/**
 * A telephone line of the virtual central office, modelled directly in Java (no sim socket):
 * it has a number, rings, goes off and on hook, says a tone and hears what the call carries.
 * All state is guarded by the office's lock; the office's line ticks feed its ear and mouth.
 */
public final class Subscriber {
    private final CentralOffice office;
    private final String number;
    private final String name;
    private final short[] ear = new short[2 * 8000];
    private dev.lifeline.dsp.FaxTerminal fax;
    private long heard;
    private SpecPlayer mouth;
    private boolean offHook;
    private boolean ringing;
    private String callerIdShown;
    CoLine line;

    Subscriber(CentralOffice office, String number, String name) {
        this.office = office;
        this.number = number;
        this.name = name;
    }

    public String number() { return number; }
    public String name() { return name; }

    public boolean isRinging() { synchronized (office) { return ringing; } }
    public boolean isOffHook() { synchronized (office) { return offHook; } }
    /** Free to be called: on hook, not ringing. */
    public boolean isFree() { synchronized (office) { return !offHook && !ringing; } }
    /** The gateway's presented number on a call to this subscriber (what a CID unit would show), or null. */
    public String callerIdShown() { synchronized (office) { return callerIdShown; } }

    /** Waits until the phone rings. */
    public boolean awaitRinging(Duration timeout) throws InterruptedException {
        return office.await(timeout, () -> ringing);
    }

    /** Lifts the handset: answers when ringing. */
    public void answer() {
        synchronized (office) {
            offHook = true;
            if (ringing) {
                ringing = false;
                if (line != null) line.subscriberAnswered();
            }
        }
        office.log("subscriber " + number + ": off hook");
    }

    /** Places a call to {@code number} (a gateway line's number, or a line id) through the office. */
    public void call(String called) {
        synchronized (office) {
            offHook = true;
            office.callFrom(this, called);
        }
        office.log("subscriber " + number + ": calls " + called);
    }

    /** Hangs up: a call in progress ends (the office drops the loop to the gateway). */
    public void hangUp() {
        synchronized (office) {
            offHook = false;
            ringing = false;
            mouth = null;
            CoLine l = line;
            line = null;
            if (l != null) l.subscriberHungUp();
        }
        office.log("subscriber " + number + ": on hook");
    }

    /** Puts a fax machine on this subscriber's line: it hears what the subscriber hears and sends in its place, until {@link #silence()}. */
    public void attachFax(dev.lifeline.dsp.FaxTerminal terminal) { synchronized (office) { fax = terminal; mouth = null; } }

    /** Says a steady sine at {@code dbm0} until {@link #silence()}. */
    public void say(double freqHz, double dbm0) { synchronized (office) { mouth = SpecPlayer.sine(freqHz, dbm0); } }

    public void silence() { synchronized (office) { mouth = null; fax = null; } }

    /** True when {@code freqHz} dominated some 50 ms of what was heard in the last {@code within}. */
    public boolean hears(double freqHz, Duration within) {
        short[] pcm = last((int) Math.min(ear.length, within.toMillis() * 8));
        for (int off = 0; off + 400 <= pcm.length; off += 400) {
            if (Levels.dbm0OfMeanSquare(Levels.meanSquare(pcm, off, 400)) >= -45
                    && Goertzel.dominant(pcm, off, 400, freqHz, 0.5)) return true;
        }
        return false;
    }

    /** Waits up to {@code timeout} until {@link #hears} the frequency in the last 200 ms. */
    public boolean awaitHears(double freqHz, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (hears(freqHz, Duration.ofMillis(200))) return true;
            Thread.sleep(50);
        }
        return false;
    }

    // ---- called by the office with its lock held ----

    void ring(String callerId) {
        ringing = true;
        callerIdShown = callerId;
    }

    void stopRinging() { ringing = false; }

    void hear(short[] pcm) {
        for (short s : pcm) ear[(int) (heard++ % ear.length)] = s;
        if (fax != null) fax.received(pcm, 0, pcm.length);
    }

    void speak(short[] out) {
        if (fax != null && offHook) fax.transmit(out, 0, out.length);
        else if (mouth == null || !offHook) java.util.Arrays.fill(out, (short) 0);
        else mouth.generate(out, 0, out.length);
    }

    private short[] last(int n) {
        synchronized (office) {
            int k = (int) Math.min(n, heard);
            short[] out = new short[k];
            for (int i = 0; i < k; i++) out[i] = ear[(int) ((heard - k + i) % ear.length)];
            return out;
        }
    }
}
