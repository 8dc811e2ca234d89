package dev.lifeline.tdm;

import dev.lifeline.config.DigitMap;
import dev.lifeline.dsp.CallerId;
import dev.lifeline.dsp.CallerIdFormat;
import dev.lifeline.dsp.CallerIdGenerator;
import dev.lifeline.dsp.DtmfDetector;
import dev.lifeline.dsp.DtmfGenerator;
import dev.lifeline.dsp.ToneSpec;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LinePort;
import dev.lifeline.media.AudioSource;
import dev.lifeline.media.ClipSource;
import dev.lifeline.media.ToneSource;
import java.util.List;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Analog FXS signalling for one port: hook decoding, dial tone, digit collection, ringing with
 * caller ID, call-progress tones and the receiver-off-hook warning. It knows hook and ring
 * semantics but reaches the hardware only through {@link LinePort}, and the call layer only
 * through {@link FxsListener}. All methods run on the engine thread.
 */
public final class FxsChannel implements LineChannel {
    static final TransitionTable<FxsState> TABLE = TransitionTable.builder(FxsState.class)
            .allow(FxsState.IDLE, FxsState.DIALTONE, FxsState.RINGING)
            .allow(FxsState.RINGING, FxsState.IDLE, FxsState.CONNECTED)
            .allow(FxsState.DIALTONE, FxsState.COLLECTING, FxsState.IDLE, FxsState.TONE, FxsState.CONNECTED)
            .allow(FxsState.COLLECTING, FxsState.OUTGOING, FxsState.IDLE, FxsState.TONE, FxsState.CONNECTED)
            .allow(FxsState.OUTGOING, FxsState.CONNECTED, FxsState.TONE, FxsState.IDLE)
            .allow(FxsState.CONNECTED, FxsState.TONE, FxsState.IDLE, FxsState.DIALTONE) // flash: hold, dial tone
            .allow(FxsState.TONE, FxsState.HOWLER, FxsState.IDLE, FxsState.CONNECTED) // flash back to a held call
            .allow(FxsState.HOWLER, FxsState.LOCKOUT, FxsState.IDLE)
            .allow(FxsState.LOCKOUT, FxsState.IDLE)
            .build();

    private static final ToneSpec ALERT_TONE = ToneSpec.cadence("dt-as", -10, new int[] {2130, 2750}, CallerIdPlan.ALERT_MS, 0);

    private final LinePort port;
    private final ToneZone zone;
    private FxsTimers timers;
    private DigitMap digitMap;
    private final CallerIdFormat callerIdFormat;
    private final boolean callerIdEnabled;
    private FxsListener listener = NO_LISTENER;
    private final TransitionTable.Machine<FxsState> machine = new TransitionTable.Machine<>(TABLE, FxsState.IDLE);
    private final HookDecoder hook;
    private final short[] lastIn = new short[LinePort.FRAME_SAMPLES];
    private final short[] out = new short[LinePort.FRAME_SAMPLES];
    private final short[] scratch = new short[LinePort.FRAME_SAMPLES];
    private Supplier<ToneSpec> dialTone;
    private DtmfDetector dtmf;
    private ToneSource tone;
    private ClipSource clip;
    private AudioSource peer;
    private final StringBuilder digits = new StringBuilder();
    private volatile String autoDial;
    private volatile long autoDialAfterMs;
    private long stateSince;
    private long lastDigitAt;
    private RingCadence ring;
    private boolean ringOn;
    private CallerIdPlan cidPlan;
    private short[] spill;
    private boolean inService = true;
    private final LampSpill lampSpill;
    private final MessageWaitingLamp lamp;
    private InCallSignal signal;
    /** The dial tone is a flash's (a call is held): hanging up there recalls it; no hot/warm line. */
    private boolean flashDialTone;

    public FxsChannel(LinePort port, ToneZone zone, FxsTimers timers, DigitMap digitMap,
                      CallerIdFormat callerIdFormat, boolean callerIdEnabled) {
        this.port = port;
        this.zone = zone;
        this.timers = timers;
        this.digitMap = digitMap;
        this.callerIdFormat = callerIdFormat;
        this.callerIdEnabled = callerIdEnabled;
        this.hook = new HookDecoder(timers);
        this.lampSpill = new LampSpill(port.id(), port, zone, ALERT_TONE);
        this.lamp = lampSpill.lamp();
        this.dialTone = () -> lamp.on() ? zone.messageWaitingDial() : zone.dial(); // the gateway sets its own order (dialToneFrom)
    }

    private static final FxsListener NO_LISTENER = new FxsListener() {
        @Override public void onSeized(FxsChannel l) { }
        @Override public void onDialled(FxsChannel l, String n) { }
        @Override public void onAnswered(FxsChannel l) { }
        @Override public void onHangup(FxsChannel l) { }
        @Override public void onFlash(FxsChannel l) { }
    };

    private static final int DTMF_PLAY_MS = 100;

    /** Who hears about seizure, digits, answer and hang-up (the call layer's leg). */
    public void setListener(FxsListener listener) { this.listener = listener; }

    @Override
    public String id() { return port.id(); }
    public FxsState state() { return machine.state(); }

    /** Faxes recognised on this line so far ({@link LineEcho#faxEpisodes}; 0 without a canceller). */
    public long faxEpisodes() { return LineEchoes.faxEpisodes(port); }
    public ToneZone zone() { return zone; }
    public boolean offHook() { return hook.engaged(); }
    public boolean ringing() { return ringOn; }
    public boolean deviceConnected() { return port.isDeviceConnected(); }
    public List<TransitionTable.Transition<FxsState>> history() { return machine.history(); }
    public String toneName() { return tone == null ? null : tone.name(); }
    /** Whether the site sends caller ID, and in which format (also on call waiting). */
    public boolean callerIdEnabled() { return callerIdEnabled; }
    public CallerIdFormat callerIdFormat() { return callerIdFormat; }

    /** Free to take a new call: in service, on hook, not ringing, something plugged in. */
    public boolean isIdle() { return inService && state() == FxsState.IDLE && !hook.engaged() && port.isDeviceConnected(); }

    @Override public void setInService(boolean inService) { this.inService = inService; }
    public boolean inService() { return inService; }

    /**
     * New digit map and timers from a pushed config. A number being dialled right now finishes with
     * the new map; everything runs on the engine thread, so no digit sees half a change.
     */
    public void setDialling(DigitMap newDigitMap, FxsTimers newTimers) {
        this.digitMap = newDigitMap;
        this.timers = newTimers;
        hook.setTimers(newTimers);
    }

    /**
     * Messages wait (or no longer do) for this line: the phone's lamp is switched by an on-hook
     * FSK spill (MDMF visual indicator) when the line is next idle, and again after every call
     * while messages wait; a lifted handset hears the message-waiting dial tone, which wins over
     * the survival stutter (docs/line-services.md). Only a change of waiting/not waiting sends.
     */
    public void setMessageWaiting(boolean on, int newMessages, long now) {
        if (lamp.set(on, newMessages, now)) {
            Logger.info("{}: message waiting {} ({} new); lamp spill owed", id(), on ? "on" : "off", lamp.newMessages());
        }
    }

    /** Whether messages wait for this line. */
    public boolean messageWaiting() { return lamp.on(); }
    /** New messages last reported for this line. */
    public int newMessages() { return lamp.newMessages(); }

    /** Which dial tone a lifted handset hears (stutter dial tone in survival mode; MWI wins, see setMessageWaiting). */
    public void dialToneFrom(Supplier<ToneSpec> supplier) { this.dialTone = supplier; }

    /** What the user said in the last tick; the other leg of a call reads this. */
    public AudioSource input() {
        return frame -> {
            System.arraycopy(lastIn, 0, frame, 0, frame.length);
            return true;
        };
    }

    // ---- line events -------------------------------------------------------------------

    @Override
    public void onLineEvent(LineEvent ev, long at) {
        switch (ev) {
            case OFF_HOOK -> signal(hook.offHook(at), at);
            case ON_HOOK -> hook.onHook(at);
            case DEVICE_DISCONNECTED -> signal(hook.lost(at), at);
            default -> { }
        }
    }

    private void signal(HookDecoder.Signal s, long at) {
        switch (s) {
            case OFF_HOOK -> offHookNow(at);
            case HANG_UP -> hangUp(at);
            case FLASH -> {
                Logger.info("{}: hook flash in {}", id(), state());
                listener.onFlash(this);
            }
            case NONE -> { }
        }
    }

    private void offHookNow(long at) {
        if (state() == FxsState.RINGING) {
            stopRingingVoltage();
            go(FxsState.CONNECTED, "answered", at);
            listener.onAnswered(this);
        } else if (state() == FxsState.IDLE) {
            interruptLampSpill("off-hook", at);
            digits.setLength(0);
            closeDtmf();
            dtmf = new DtmfDetector();
            go(FxsState.DIALTONE, "off-hook", at);
            String hotline = autoDial;
            if (hotline != null && autoDialAfterMs == 0) {
                dialByItself(hotline, "hotline", at);
                return;
            }
            play(dialTone.get());
            listener.onSeized(this);
        }
    }

    private void hangUp(long at) {
        FxsState was = state();
        stopAudio();
        closeDtmf();
        stopRingingVoltage();
        inCallSignal(null);
        if (was != FxsState.IDLE) go(FxsState.IDLE, "on-hook", at);
        lamp.afterCall(at);
        // also after a far-end hang-up (TONE ...): a held call rings back; at dial tone there is nothing to end
        boolean held = flashDialTone;
        flashDialTone = false;
        if (was != FxsState.IDLE && (was != FxsState.DIALTONE || held)) listener.onHangup(this);
    }

    // ---- commands from the call layer ----------------------------------------------------

    /** Offers a call: ring on the zone cadence, caller ID as the zone sends it. */
    public void ring(CallerId callerId, long now) {
        interruptLampSpill("incoming call", now);
        int[] cadence = zone.ringCadenceMs();
        spill = callerIdEnabled && callerId != null
                ? CallerIdGenerator.generate(zone.callerIdStandard(), callerIdFormat, callerId) : null;
        int spillMs = spill == null ? 0 : spill.length / 8;
        cidPlan = spill == null ? new CallerIdPlan(-1, -1, -1, now)
                : CallerIdPlan.of(zone.callerIdTiming(), cadence, now, spillMs);
        ring = new RingCadence(cadence, cidPlan.ringStart());
        go(FxsState.RINGING, "incoming call" + (callerId == null ? "" : " from " + callerId.number()), now);
    }

    /** The caller gave up or the call was answered elsewhere. */
    public void stopRinging(long now) {
        if (state() != FxsState.RINGING) return;
        stopRingingVoltage();
        go(FxsState.IDLE, "ringing stopped", now);
    }

    /** The far end is being alerted: the caller hears ringback (CONNECTED: the user was transferred to a ringing party). */
    public void ringback() {
        if (state() == FxsState.OUTGOING || state() == FxsState.CONNECTED) play(zone.ringback());
    }

    /**
     * The user flashed back to a call that is still up (held, or waiting) after the far end of
     * the one they were in hung up: the disconnect tone stops and the line hears {@code peerAudio}.
     */
    public void resume(AudioSource peerAudio, long now) {
        FxsState s = state();
        if (s == FxsState.TONE || s == FxsState.DIALTONE || s == FxsState.COLLECTING) {
            digits.setLength(0);
            go(FxsState.CONNECTED, "flash to the other call", now);
        }
        connect(peerAudio, now);
    }

    /**
     * A flash put the call on hold: the user hears dial tone and may dial a second call
     * (three-way calling, transfer); digits are collected as for a new call.
     */
    public void holdDialTone(long now) {
        if (state() != FxsState.CONNECTED) return;
        stopAudio();
        inCallSignal(null);
        digits.setLength(0);
        closeDtmf();
        dtmf = new DtmfDetector();
        flashDialTone = true;
        go(FxsState.DIALTONE, "flash: call held", now);
        play(zone.dial());
    }

    /**
     * Signals {@code s} to the user over the call (call waiting), replacing what was signalled;
     * null stops it. It speaks and hears only while the line is CONNECTED.
     */
    public void inCallSignal(InCallSignal s) {
        if (signal != null && signal != s) signal.close();
        signal = s;
    }

    /** The far end sends tones or an announcement before answering: the caller hears that, not local ringback. */
    public void earlyMedia(AudioSource early) {
        if (state() != FxsState.OUTGOING) return;
        stopTone();
        peer = early;
    }

    /** Both parties talk: this line hears {@code peerAudio}. */
    public void connect(AudioSource peerAudio, long now) {
        stopAudio();
        this.peer = peerAudio;
        if (dtmf == null) dtmf = new DtmfDetector(); // digits the user presses go to the far end
        if (state() == FxsState.OUTGOING) go(FxsState.CONNECTED, "far end answered", now);
    }

    /** Plays a DTMF digit the far end sent (RFC 4733) to the user, over the call audio. */
    public void playDtmf(char digit) {
        if (state() != FxsState.CONNECTED) return;
        try (DtmfGenerator g = new DtmfGenerator(DTMF_PLAY_MS, 20, -10)) {
            g.queue(String.valueOf(digit));
            short[] samples = new short[DTMF_PLAY_MS * 8];
            g.generate(samples, 0, samples.length);
            clip = new ClipSource(samples);
        }
    }

    /** The call could not be made: play busy/reorder until the user hangs up. */
    public void fail(ToneSpec failureTone, String cause, long now) {
        if (state() == FxsState.IDLE || state() == FxsState.RINGING) return;
        stopAudio();
        go(FxsState.TONE, cause, now);
        play(failureTone);
    }

    /** The other party hung up: disconnect tone, then the howler if left off hook. */
    public void farEndHungUp(long now) {
        if (state() == FxsState.RINGING) {
            stopRinging(now);
        } else {
            fail(zone.disconnect(), "far end hung up", now);
        }
    }

    // ---- media tick ----------------------------------------------------------------------

    /** Takes this tick's audio from the line. */
    @Override
    public void audioIn(short[] frame, long now) {
        System.arraycopy(frame, 0, lastIn, 0, lastIn.length);
        if (signal != null && state() == FxsState.CONNECTED && signal.hear(lastIn, now)) return;
        if (dtmf != null && (state() == FxsState.DIALTONE || state() == FxsState.COLLECTING)) {
            String d = dtmf.process(lastIn, 0, lastIn.length);
            for (int i = 0; i < d.length(); i++) digit(d.charAt(i), now);
        } else if (dtmf != null && state() == FxsState.CONNECTED) {
            String d = dtmf.process(lastIn, 0, lastIn.length);
            for (int i = 0; i < d.length(); i++) listener.onDigit(this, d.charAt(i));
        }
    }

    /** Runs timers: hook decoding, ring cadence, digit timeouts, tone escalation. */
    @Override
    public void timers(long now) {
        signal(hook.tick(now), now);
        char p = hook.pulseDigit(now);
        if (p != 0 && (state() == FxsState.DIALTONE || state() == FxsState.COLLECTING)) digit(p, now);
        switch (state()) {
            case IDLE -> lampSpill.timers(now, inService && !hook.engaged() && port.isDeviceConnected());
            case RINGING -> ringTimers(now);
            case DIALTONE -> {
                String warm = autoDial;
                if (warm != null && !flashDialTone && now - stateSince >= autoDialAfterMs) dialByItself(warm, "warm line", now);
                else if (now - stateSince >= timers.firstDigit()) fail(zone.congestion(), "no digits dialled", now);
            }
            case COLLECTING -> {
                if (now - lastDigitAt >= timers.interDigit()) dialled("inter-digit timeout", now);
            }
            case TONE -> {
                if (now - stateSince >= timers.offHookWarning()) {
                    stopAudio();
                    go(FxsState.HOWLER, "left off hook", now);
                    play(zone.howler());
                }
            }
            case HOWLER -> {
                if (now - stateSince >= timers.howlerMax()) {
                    stopAudio();
                    go(FxsState.LOCKOUT, "howler timed out", now);
                }
            }
            default -> { }
        }
        if (signal != null) signal.tick(now);
    }

    /** Produces this tick's audio for the line. */
    @Override
    public void audioOut() {
        boolean any = state() == FxsState.IDLE && lampSpill.fill(out);
        if (!any && signal != null && state() == FxsState.CONNECTED && signal.fill(out)) {
            any = true;
            if (peer != null) peer.read(scratch); // keep the far end's stream moving
        }
        if (!any && clip != null) {
            any = clip.read(out);
            if (clip.done()) clip = null;
            if (any && state() == FxsState.CONNECTED && peer != null) peer.read(scratch); // keep the far end's stream moving
        }
        if (!any && tone != null) any = tone.read(out);
        if (!any && peer != null && (state() == FxsState.CONNECTED || state() == FxsState.OUTGOING)) any = peer.read(out);
        if (!any) java.util.Arrays.fill(out, (short) 0);
        port.writeFrame(out);
    }

    private void ringTimers(long now) {
        CallerIdPlan plan = cidPlan;
        if (plan.polarityAt() >= 0 && now >= plan.polarityAt()) {
            port.setPolarity(true);
            cidPlan = plan = new CallerIdPlan(-1, plan.alertAt(), plan.spillAt(), plan.ringStart());
        }
        if (plan.alertAt() >= 0 && now >= plan.alertAt()) {
            play(ALERT_TONE);
            cidPlan = plan = new CallerIdPlan(-1, -1, plan.spillAt(), plan.ringStart());
        }
        if (plan.spillAt() >= 0 && now >= plan.spillAt() && spill != null && !ringOn) {
            stopAudio();
            clip = new ClipSource(spill);
            cidPlan = new CallerIdPlan(-1, -1, -1, plan.ringStart());
            Logger.info("{}: caller ID sent ({} ms, {})", id(), spill.length / 8, zone.callerIdStandard());
        }
        boolean on = ring.isOn(now);
        if (on != ringOn) {
            if (on && zone.callerIdTiming() == dev.lifeline.dsp.CallerIdTiming.BEFORE_FIRST_RING && spill != null) {
                port.setPolarity(false);
            }
            ringOn = on;
            port.setRinging(on);
        }
    }

    /** Stops a lamp spill in progress (it stays owed; see {@link LampSpill}). */
    private void interruptLampSpill(String why, long now) { lampSpill.interrupt(why, now); }

    private void stopRingingVoltage() {
        if (ringOn) {
            ringOn = false;
            port.setRinging(false);
        }
        clip = null;
        spill = null;
    }

    private void digit(char d, long now) {
        if (d == '#' && digits.length() > 0) {
            dialled("#", now);
            return;
        }
        if (state() == FxsState.DIALTONE) {
            stopAudio();
            go(FxsState.COLLECTING, "digit " + d, now);
        }
        digits.append(d);
        lastDigitAt = now;
        Logger.info("{}: digit {} ({})", id(), d, digits);
        switch (digitMap.match(digits.toString())) {
            case COMPLETE -> dialled("digit map complete", now);
            case NO_MATCH -> dialled("no digit map match", now);
            default -> { }
        }
    }

    /**
     * Hotline ({@code afterMs} 0: lifting the handset dials {@code number} at once, no dial tone)
     * or warm line (dial tone for {@code afterMs}, then {@code number} unless a digit came first);
     * null turns it off. From the site's {@code services.extensions}.
     */
    public void autoDial(String number, long afterMs) {
        this.autoDialAfterMs = afterMs;
        this.autoDial = number;
    }

    private void dialByItself(String number, String why, long now) {
        stopAudio();
        digits.setLength(0);
        digits.append(number);
        go(FxsState.COLLECTING, why, now);
        dialled(why, now);
    }

    private void dialled(String why, long now) {
        String number = digits.toString();
        go(FxsState.OUTGOING, "dialled " + number + " (" + why + ")", now);
        closeDtmf();
        listener.onDialled(this, number);
    }

    // ---- helpers -------------------------------------------------------------------------

    private void play(ToneSpec spec) {
        stopTone();
        tone = new ToneSource(spec);
    }

    private void stopTone() {
        if (tone != null) {
            tone.close();
            tone = null;
        }
    }

    private void stopAudio() {
        stopTone();
        clip = null;
        peer = null;
    }

    private void closeDtmf() {
        if (dtmf != null) {
            dtmf.close();
            dtmf = null;
        }
    }

    private void go(FxsState to, String cause, long now) {
        var t = machine.go(to, cause, now);
        stateSince = now;
        Logger.info("{}: {}", id(), t);
    }

    /** Safe state after a fault: ringing, tones and DSP off, digits dropped, IDLE (the listener is not told). */
    @Override
    public void resetAfterFault(String why, long now) {
        interruptLampSpill(why, now);
        if (state() == FxsState.RINGING) {
            ringOn = true; // force RING OFF and normal polarity: the half-updated flags may be wrong
            port.setPolarity(false);
        }
        stopRingingVoltage();
        stopAudio();
        closeDtmf();
        inCallSignal(null);
        digits.setLength(0);
        flashDialTone = false;
        if (state() != FxsState.IDLE) go(FxsState.IDLE, why, now);
    }

    /** Releases native DSP contexts (shutdown). */
    @Override
    public void close() {
        lampSpill.close();
        stopAudio();
        closeDtmf();
        inCallSignal(null);
    }
}
