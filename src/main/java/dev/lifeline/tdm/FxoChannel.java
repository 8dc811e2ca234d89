package dev.lifeline.tdm;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.dsp.CallerIdDecoder;
import dev.lifeline.dsp.CallerIdTiming;
import dev.lifeline.dsp.DtmfGenerator;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LinePort;
import dev.lifeline.media.AudioSource;
import java.util.Arrays;
import java.util.List;
import org.tinylog.Logger;

/**
 * Analog FXO signalling for one port: the gateway is a phone on a PSTN line. It counts rings,
 * decodes caller ID from the line audio (in the first ring silence, or before the first ring
 * after a polarity reversal for BT SIN 227 zones), seizes and dials DTMF after dial tone, and
 * notices the far end leaving (loop drop, polarity reversal if configured, or busy/congestion
 * tone for {@link FxoSettings#disconnectCycles()} cycles — many exchanges give no other sign).
 * Like {@link FxsChannel} it reaches the hardware only through {@link LinePort} and the call
 * layer only through {@link FxoListener}. All methods run on the engine thread.
 */
public final class FxoChannel implements LineChannel {
    static final TransitionTable<FxoState> TABLE = TransitionTable.builder(FxoState.class)
            .allow(FxoState.IDLE, FxoState.RINGING_IN, FxoState.SEIZED_OUT)
            .allow(FxoState.RINGING_IN, FxoState.IDLE, FxoState.CONNECTED)
            .allow(FxoState.SEIZED_OUT, FxoState.CONNECTED, FxoState.RELEASING)
            .allow(FxoState.CONNECTED, FxoState.RELEASING)
            .allow(FxoState.RELEASING, FxoState.IDLE)
            .build();
    /** Caller ID sent before the first ring must arrive within this after the polarity reversal. */
    static final int PRE_RING_CID_MS = 5000;

    private final LinePort port;
    private final ToneZone zone;
    private final FxoSettings settings;
    private final TransitionTable.Machine<FxoState> machine = new TransitionTable.Machine<>(TABLE, FxoState.IDLE);
    private final short[] lastIn = new short[LinePort.FRAME_SAMPLES];
    private final short[] out = new short[LinePort.FRAME_SAMPLES];
    private final ToneCadenceDetector dialTone;
    private final ToneCadenceDetector busy;
    private final ToneCadenceDetector congestion;
    private FxoListener listener;
    private long stateSince;
    private CallerIdDecoder cidDecoder;
    private long cidSince;
    private CallerId callerId;
    private int rings;
    private boolean ringOn;
    private long lastRingEdge;
    private boolean reported;
    private boolean ignoring;
    private String digits;
    private DtmfGenerator dtmf;
    private AudioSource peer;
    private boolean inService = true;

    public FxoChannel(LinePort port, ToneZone zone, FxoSettings settings) {
        this.port = port;
        this.zone = zone;
        this.settings = settings;
        this.dialTone = new ToneCadenceDetector(zone.dial(), 1, settings.dialToneMin());
        this.busy = new ToneCadenceDetector(zone.busy(), settings.disconnectCycles(), 0);
        this.congestion = new ToneCadenceDetector(zone.congestion(), settings.disconnectCycles(), 0);
    }

    public void setListener(FxoListener listener) { this.listener = listener; }

    @Override
    public String id() { return port.id(); }
    public FxoState state() { return machine.state(); }

    /** Faxes recognised on this line so far ({@link LineEcho#faxEpisodes}; 0 without a canceller). */
    public long faxEpisodes() { return LineEchoes.faxEpisodes(port); }
    public int rings() { return rings; }
    /** A line is plugged into the port (the sim: a central office is connected). */
    public boolean deviceConnected() { return port.isDeviceConnected(); }
    public CallerId callerId() { return callerId; }
    public List<TransitionTable.Transition<FxoState>> history() { return machine.history(); }

    /** Free for an outgoing call: idle, not ringing, the exchange line plugged in. */
    public boolean isIdle() { return inService && state() == FxoState.IDLE && port.isDeviceConnected(); }

    /** What the far end said in the last tick; the other leg of a call reads this. */
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
            case RING_ON -> ringEdge(true, at);
            case RING_OFF -> ringEdge(false, at);
            case POLARITY_REVERSE, POLARITY_NORMAL -> polarity(ev == LineEvent.POLARITY_REVERSE, at);
            case LOOP_DROP -> farEnd("loop drop", 16, at);
            case DEVICE_DISCONNECTED -> farEnd("line unplugged", 41, at);
            default -> { }
        }
    }

    private void ringEdge(boolean on, long at) {
        ringOn = on;
        lastRingEdge = at;
        if (!on) return;
        if (state() == FxoState.IDLE) {
            rings = 0;
            reported = false;
            ignoring = false;
            if (cidDecoder == null) startCid(at);
            go(FxoState.RINGING_IN, "ring", at);
        }
        if (state() != FxoState.RINGING_IN) return;
        rings++;
        Logger.info("{}: ring {}", id(), rings);
        if (callerId != null || rings >= 2) report();
    }

    private void polarity(boolean reversed, long at) {
        if (state() == FxoState.IDLE && reversed && zone.callerIdTiming() == CallerIdTiming.BEFORE_FIRST_RING) {
            startCid(at); // BT SIN 227: the spill follows the reversal, before any ring
        } else if (state() == FxoState.CONNECTED && settings.polarityDisconnect()) {
            farEnd("polarity reversal", 16, at);
        }
    }

    // ---- commands from the call layer ----------------------------------------------------

    /** Seizes the line and dials {@code number} once dial tone is heard (or after the wait). */
    public void dial(String number, long now) {
        if (!isIdle()) throw new IllegalStateException(id() + " is not idle: " + state());
        digits = number;
        dialTone.reset();
        port.setHook(true);
        go(FxoState.SEIZED_OUT, "seized to dial " + number, now);
    }

    /** Answers the ringing line: going off hook is all an analog line knows. */
    public void answer(long now) {
        if (state() != FxoState.RINGING_IN) return;
        closeCid();
        port.setHook(true);
        startDisconnectWatch();
        go(FxoState.CONNECTED, "answered", now);
    }

    /** Bridges media: the exchange line hears {@code peerAudio}. */
    public void connect(AudioSource peerAudio) { this.peer = peerAudio; }

    /**
     * Ends our side. Off hook: go on hook and wait the guard time. Still ringing: an analog line
     * cannot refuse a call, so ringing is ignored until it stops.
     */
    public void release(long now) {
        switch (state()) {
            case SEIZED_OUT, CONNECTED -> onHook("released", now);
            case RINGING_IN -> ignoring = true;
            default -> { }
        }
    }

    /** Sends a DTMF digit into the line during a call (from the other party). */
    public void sendDigit(char d) {
        if (state() != FxoState.CONNECTED) return;
        if (dtmf == null) dtmf = new DtmfGenerator(settings.dtmfOn(), settings.dtmfOff(), -10);
        dtmf.queue(String.valueOf(d));
    }

    // ---- media tick ----------------------------------------------------------------------

    /** Takes this tick's audio from the line. */
    @Override
    public void audioIn(short[] frame, long now) {
        System.arraycopy(frame, 0, lastIn, 0, lastIn.length);
        if (cidDecoder != null) {
            cidDecoder.process(lastIn, 0, lastIn.length);
            CallerId id = cidDecoder.poll();
            if (id != null) {
                callerId = id;
                Logger.info("{}: caller ID {} {}", id(), id.number(), id.name() == null ? "" : id.name());
                closeCid();
                if (state() == FxoState.RINGING_IN && rings > 0) report();
            }
        }
        switch (state()) {
            case SEIZED_OUT -> { if (dtmf == null) dialTone.feed(lastIn); }
            case CONNECTED -> {
                boolean b = busy.feed(lastIn);
                boolean c = congestion.feed(lastIn);
                if (b || c) farEnd(b ? "busy tone" : "congestion tone", b ? 17 : 34, now);
            }
            default -> { }
        }
    }

    /** Runs timers: ringing gone, blind dialling, end of dialling, release guard. */
    @Override
    public void timers(long now) {
        if (state() == FxoState.IDLE && (cidDecoder != null || callerId != null) && now - cidSince > PRE_RING_CID_MS) {
            closeCid(); // a reversal with no ring after it: not a call
            callerId = null;
        }
        switch (state()) {
            case RINGING_IN -> {
                if (!ringOn && now - lastRingEdge >= settings.ringGone()) {
                    boolean tell = reported && !ignoring;
                    reset();
                    go(FxoState.IDLE, "ringing stopped", now);
                    if (tell) listener.onRemoteHangup(this, 16);
                }
            }
            case SEIZED_OUT -> dialTimers(now);
            case RELEASING -> {
                if (now - stateSince >= settings.releaseGuard()) go(FxoState.IDLE, "release guard over", now);
            }
            default -> { }
        }
    }

    private void dialTimers(long now) {
        if (dtmf == null) {
            boolean heard = dialTone.detected();
            if (heard || now - stateSince >= settings.dialToneWait()) {
                Logger.info("{}: {}; dialling {}", id(), heard ? "dial tone" : "no dial tone, dialling blind", digits);
                dtmf = new DtmfGenerator(settings.dtmfOn(), settings.dtmfOff(), -10);
                dtmf.queue(digits);
            }
        } else if (dtmf.isIdle()) {
            closeDtmf();
            startDisconnectWatch();
            go(FxoState.CONNECTED, "dialled " + digits, now);
            listener.onDialled(this);
        }
    }

    /** Produces this tick's audio for the line: DTMF while dialling, else the other party. */
    @Override
    public void audioOut() {
        boolean any = false;
        if (dtmf != null && !dtmf.isIdle()) {
            dtmf.generate(out, 0, out.length);
            any = true;
            if (peer != null) peer.read(new short[out.length]); // keep the far end's stream moving
        }
        if (!any && peer != null && state() == FxoState.CONNECTED) any = peer.read(out);
        if (!any) Arrays.fill(out, (short) 0);
        port.writeFrame(out);
    }

    // ---- helpers -------------------------------------------------------------------------

    private void report() {
        if (reported) return;
        reported = true;
        listener.onIncoming(this, callerId);
    }

    private void farEnd(String why, int cause, long at) {
        switch (state()) {
            case SEIZED_OUT, CONNECTED -> {
                onHook("far end: " + why, at);
                listener.onRemoteHangup(this, cause);
            }
            case RINGING_IN -> {
                boolean tell = reported && !ignoring;
                reset();
                go(FxoState.IDLE, "far end: " + why, at);
                if (tell) listener.onRemoteHangup(this, cause);
            }
            default -> { }
        }
    }

    private void onHook(String why, long now) {
        port.setHook(false);
        reset();
        go(FxoState.RELEASING, why, now);
    }

    private void startDisconnectWatch() {
        busy.reset();
        congestion.reset();
    }

    private void reset() {
        closeCid();
        closeDtmf();
        peer = null;
        callerId = null;
        rings = 0;
        ringOn = false;
        reported = false;
        ignoring = false;
    }

    private void startCid(long at) {
        closeCid();
        cidDecoder = new CallerIdDecoder(zone.callerIdStandard());
        cidSince = at;
    }

    private void closeCid() {
        if (cidDecoder != null) {
            cidDecoder.close();
            cidDecoder = null;
        }
    }

    private void closeDtmf() {
        if (dtmf != null) {
            dtmf.close();
            dtmf = null;
        }
    }

    private void go(FxoState to, String cause, long now) {
        var t = machine.go(to, cause, now);
        stateSince = now;
        Logger.info("{}: {}", id(), t);
    }

    /** Safe state after a fault: on hook (guard time, then IDLE) if the line was seized, DSP off. */
    @Override
    public void resetAfterFault(String why, long now) {
        switch (state()) {
            case SEIZED_OUT, CONNECTED -> onHook(why, now);
            case RINGING_IN -> {
                reset();
                go(FxoState.IDLE, why, now);
            }
            default -> reset();
        }
    }

    @Override public void setInService(boolean inService) { this.inService = inService; }

    /** Releases native DSP contexts (shutdown). */
    @Override
    public void close() {
        closeCid();
        closeDtmf();
    }
}
