package dev.lifeline.rig.co;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.dsp.CallerIdFormat;
import dev.lifeline.dsp.CallerIdGenerator;
import dev.lifeline.dsp.CallerIdTiming;
import dev.lifeline.dsp.DtmfDetector;
import dev.lifeline.dsp.ToneSpec;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.rig.audio.SpecPlayer;
import dev.lifeline.rig.phone.SimLineConnection;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One exchange line plugged into a gateway FXO port over the sim protocol: the exchange side of
 * a subscriber line. The gateway's 20 ms frames are the clock: each frame that arrives is one
 * tick, answered with one frame of what the exchange says (dial tone, ringback, busy, the
 * caller-ID spill or the connected subscriber's voice). Everything runs under the office's lock.
 */
public final class CoLine implements SimLineConnection.Listener {
    /** Where the line is in a call. */
    public enum State { IDLE, DIALTONE, COLLECTING, RINGING_SUB, BUSY, UNOBTAINABLE, CONNECTED, RINGING_GW, DROPPED }

    static final int INTER_DIGIT_MS = 3000;
    static final int LOOP_DROP_MS = 500;

    private final CentralOffice office;
    private final String id;
    private final String number;
    private final ToneZone zone;
    private final short[] out = new short[160];
    private final List<String> dialledNumbers = new ArrayList<>();
    private SimLineConnection conn;
    private State state = State.IDLE;
    private long ms;
    private long stateAt;
    private long lastDigitAt;
    private final StringBuilder digits = new StringBuilder();
    private DtmfDetector dtmf;
    private SpecPlayer tone;
    private Subscriber sub;
    private short[] spill;
    private int spillPos;
    private long spillAt = -1;
    private long ringStart = -1;
    private boolean ringOn;
    private dev.lifeline.rig.audio.Hybrid hybrid;
    private short[] echo;

    CoLine(CentralOffice office, String id, String number, ToneZone zone) {
        this.office = office;
        this.id = id;
        this.number = number;
        this.zone = zone;
    }

    void attach(SimLineConnection c) { this.conn = c; }

    public String id() { return id; }
    public String number() { return number; }
    public State state() { synchronized (office) { return state; } }
    /** Every number the gateway dialled on this line, in order. */
    public List<String> dialledNumbers() { synchronized (office) { return List.copyOf(dialledNumbers); } }
    /** Digits of the number being dialled now. */
    public String digitsSoFar() { synchronized (office) { return digits.toString(); } }

    // ---- from the gateway ----

    @Override
    public void onEvent(String text, long nanos) {
        synchronized (office) {
            office.log(id + ": gateway " + text);
            switch (text) {
                case "OFFHOOK" -> seized();
                case "ONHOOK" -> released();
                default -> { }
            }
        }
    }

    /**
     * Models the exchange's 2-wire hybrid: while the gateway holds the line, what it sends comes
     * back in the same frame exchange delayed, attenuated and filtered
     * ({@link dev.lifeline.rig.audio.Hybrid}), mixed with what the exchange says. {@code tailMs} 0: off.
     */
    public void hybridEcho(int tailMs, double erlDb) {
        synchronized (office) {
            hybrid = tailMs <= 0 ? null : new dev.lifeline.rig.audio.Hybrid(tailMs, erlDb);
        }
    }

    @Override
    public void onAudio(short[] pcm, long nanos) {
        synchronized (office) {
            echo = hybrid != null && state != State.IDLE ? hybrid.echo(pcm) : null;
            ms += pcm.length / 8;
            tick(pcm);
            send();
        }
    }

    @Override
    public void onClosed(IOException cause) {
        if (cause != null) office.log(id + ": line closed: " + cause.getMessage());
    }

    private void seized() {
        switch (state) {
            case IDLE -> {
                digits.setLength(0);
                dtmf = new DtmfDetector();
                go(State.DIALTONE, zone.dial());
            }
            case RINGING_GW -> {
                if (ringOn) event("RING OFF");
                ringOn = false;
                spill = null;
                go(State.CONNECTED, null);
            }
            default -> { }
        }
    }

    private void released() {
        closeDtmf();
        Subscriber s = sub;
        sub = null;
        if (s != null) {
            s.line = null;
            s.stopRinging();
        }
        if (state == State.RINGING_GW && ringOn) event("RING OFF");
        ringOn = false;
        go(State.IDLE, null);
    }

    // ---- from the subscriber side (office lock held) ----

    void subscriberAnswered() {
        if (state == State.RINGING_SUB) go(State.CONNECTED, null);
    }

    void subscriberHungUp() {
        sub = null;
        if (state == State.RINGING_GW) {
            if (ringOn) event("RING OFF");
            ringOn = false;
            go(State.IDLE, null);
        } else if (state == State.CONNECTED || state == State.RINGING_SUB) {
            event("LOOP DROP " + LOOP_DROP_MS);
            go(State.DROPPED, null);
        }
    }

    /** A subscriber calls the gateway on this line: ring with the zone cadence, caller ID as the zone sends it. */
    boolean ringGateway(Subscriber caller) {
        if (state != State.IDLE) return false;
        sub = caller;
        caller.line = this;
        spill = CallerIdGenerator.generate(zone.callerIdStandard(), CallerIdFormat.MDMF,
                new CallerId(caller.number(), caller.name(), LocalDateTime.now()));
        spillPos = 0;
        go(State.RINGING_GW, null);
        if (zone.callerIdTiming() == CallerIdTiming.BEFORE_FIRST_RING) {
            event("POLARITY REVERSE");
            spillAt = ms + 200;
            ringStart = spillAt + spill.length / 8 + 250;
        } else {
            ringStart = ms;
            spillAt = ms + zone.ringCadenceMs()[0] + 500;
        }
        return true;
    }

    // ---- the tick ----

    private void tick(short[] in) {
        switch (state) {
            case DIALTONE, COLLECTING -> collect(in);
            case CONNECTED -> {
                if (sub != null) sub.hear(in);
            }
            case RINGING_GW -> ringTimers();
            default -> { }
        }
    }

    private void collect(short[] in) {
        String d = dtmf.process(in, 0, in.length);
        for (char c : d.toCharArray()) {
            if (state == State.DIALTONE) go(State.COLLECTING, null);
            digits.append(c);
            lastDigitAt = ms;
            office.log(id + ": digit " + c + " (" + digits + ")");
            if (office.subscriber(digits.toString()) != null) {
                complete();
                return;
            }
        }
        if (state == State.COLLECTING && ms - lastDigitAt >= INTER_DIGIT_MS) complete();
    }

    private void complete() {
        String called = digits.toString();
        dialledNumbers.add(called);
        closeDtmf();
        Subscriber s = office.subscriber(called);
        office.log(id + ": gateway dialled " + called + (s == null ? " (no such subscriber)" : ""));
        if (s == null) {
            go(State.UNOBTAINABLE, zone.congestion());
        } else if (!s.isFree()) {
            go(State.BUSY, zone.busy());
        } else {
            sub = s;
            s.line = this;
            s.ring(number);
            go(State.RINGING_SUB, zone.ringback());
        }
    }

    private void ringTimers() {
        if (sub != null) sub.hear(ringbackFrame());
        if (spillAt >= 0 && ms >= spillAt && !ringOn && spill != null && spillPos < spill.length) return; // spill playing
        if (ringStart >= 0 && ms >= ringStart) {
            int[] cad = zone.ringCadenceMs();
            int period = 0;
            for (int c : cad) period += c;
            long t = (ms - ringStart) % period;
            boolean on = false;
            for (int i = 0; i < cad.length; i++) {
                if (t < cad[i]) {
                    on = i % 2 == 0;
                    break;
                }
                t -= cad[i];
            }
            if (on != ringOn) {
                if (on && zone.callerIdTiming() == CallerIdTiming.BEFORE_FIRST_RING && ms - ringStart < 40) event("POLARITY NORMAL");
                ringOn = on;
                event(on ? "RING ON" : "RING OFF");
            }
        }
    }

    private short[] ringbackFrame() {
        if (tone == null) tone = new SpecPlayer(zone.ringback());
        return tone.next(160);
    }

    private void send() {
        java.util.Arrays.fill(out, (short) 0);
        switch (state) {
            case CONNECTED -> {
                if (sub != null) sub.speak(out);
            }
            case RINGING_GW -> {
                if (spill != null && spillAt >= 0 && ms >= spillAt && spillPos < spill.length) {
                    int n = Math.min(160, spill.length - spillPos);
                    System.arraycopy(spill, spillPos, out, 0, n);
                    spillPos += n;
                    if (spillPos >= spill.length) office.log(id + ": caller ID sent");
                }
            }
            case DIALTONE, RINGING_SUB, BUSY, UNOBTAINABLE -> {
                if (tone != null) tone.generate(out, 0, out.length);
            }
            default -> { }
        }
        if (echo != null) {
            for (int i = 0; i < out.length; i++) out[i] = (short) Math.max(-32767, Math.min(32767, out[i] + echo[i]));
        }
        try {
            if (conn != null) conn.sendAudio(out);
        } catch (IOException e) {
            // the reader reports the closed line
        }
    }

    private void go(State to, ToneSpec play) {
        office.log(id + ": " + state + " -> " + to);
        state = to;
        stateAt = ms;
        tone = play == null ? null : new SpecPlayer(play);
        if (to == State.IDLE) {
            spill = null;
            spillAt = ringStart = -1;
        }
    }

    private void event(String text) {
        office.log(id + ": exchange " + text);
        try {
            if (conn != null) conn.sendEvent(text);
        } catch (IOException e) {
            // the reader reports the closed line
        }
    }

    private void closeDtmf() {
        if (dtmf != null) {
            dtmf.close();
            dtmf = null;
        }
    }

    void close() {
        closeDtmf();
        if (conn != null) conn.close();
    }
}
