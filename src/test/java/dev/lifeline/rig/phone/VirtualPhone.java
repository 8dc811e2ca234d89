package dev.lifeline.rig.phone;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.dsp.DtmfGenerator;
import dev.lifeline.rig.audio.SpecPlayer;
import dev.lifeline.rig.audio.Wav;
import dev.lifeline.rig.audio.WavWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A virtual analog phone plugged into a sim FXS line (DESIGN §3.1): it goes off and on hook,
 * flashes, dials by DTMF or pulses, rings, shows caller ID, hears and recognises the zone's
 * call-progress tones, speaks tones or WAV files and records what it hears. For JUnit tests and
 * the {@code test-rigs/phone} program. Thread-safe; every await has a timeout.
 */
public final class VirtualPhone implements AutoCloseable {
    /** How long {@link #flash()} stays on hook. */
    public static final Duration FLASH = Duration.ofMillis(300);
    private static final int HEARD_SECONDS = 60;

    private final String portId;
    private final ZoneTones tones;
    private final HeardAudio heard = new HeardAudio(HEARD_SECONDS);
    private final Hearing hearing;
    private volatile ToneKind dialTone = ToneKind.DIAL;
    private final RingTracker rings = new RingTracker();
    private final List<String> lineEvents = new CopyOnWriteArrayList<>();
    private final CallerIdWatcher callerIds;
    private final DtmfWatcher dtmf;
    private final OffHookCallerId offHookCid = new OffHookCallerId(this::sendCidAck);
    private final Object hookLock = new Object();
    private volatile PhoneListener listener = new PhoneListener() {};
    private volatile dev.lifeline.dsp.FaxTerminal fax;
    private volatile boolean offHook;
    private volatile boolean polarityReversed;
    private volatile IOException lineLost;
    private volatile WavWriter recorder;
    private SimLineConnection line;
    private OutgoingAudio mouth;
    private volatile dev.lifeline.rig.audio.Hybrid hybrid;

    private VirtualPhone(String portId, ZoneTones tones) {
        this.portId = portId;
        this.tones = tones;
        this.hearing = new Hearing(heard, tones, this::isConnected);
        this.callerIds = new CallerIdWatcher(tones.callerIdStandard(), id -> listener.callerId(id));
        this.dtmf = new DtmfWatcher(d -> listener.dtmf(d));
    }

    /** Connects to the gateway's sim line as {@code portId}, expecting the tones of {@code toneZone}. */
    public static VirtualPhone connect(String host, int port, String portId, String toneZone) throws IOException {
        return connect(host, port, portId, ZoneTones.forZone(toneZone));
    }

    /** As {@link #connect(String, int, String, String)} with an explicit tone table (e.g. short test cadences). */
    public static VirtualPhone connect(String host, int port, String portId, ZoneTones tones) throws IOException {
        return connect(host, port, portId, tones, null);
    }

    /** As above, with a listener in place before the first frame arrives (so no event goes unreported). */
    public static VirtualPhone connect(String host, int port, String portId, ZoneTones tones, PhoneListener listener)
            throws IOException {
        VirtualPhone p = new VirtualPhone(portId, tones);
        p.setListener(listener);
        try {
            p.line = SimLineConnection.open(host, port, portId, Duration.ofMillis(500), p.new Ears());
        } catch (IOException e) {
            p.callerIds.close();
            p.dtmf.close();
            throw e;
        }
        p.mouth = new OutgoingAudio("phone-" + portId, p.line::sendAudio, () -> p.offHook);
        return p;
    }

    public String portId() { return portId; }
    public ZoneTones tones() { return tones; }
    public void setListener(PhoneListener l) { listener = l == null ? new PhoneListener() {} : l; }
    /** True until the gateway closes the line or {@link #close()}. */
    public boolean isConnected() { return line != null && line.isOpen(); }
    /** Why the gateway dropped the line, or null. */
    public IOException lineLost() { return lineLost; }

    // ---- hook ----

    public void offHook() throws IOException {
        synchronized (hookLock) {
            if (offHook) return;
            offHook = true;
            line.sendEvent("OFFHOOK");
        }
    }

    /** Hangs up (and stops saying anything). */
    public void onHook() throws IOException {
        synchronized (hookLock) {
            if (!offHook) return;
            offHook = false;
            mouth.stop();
            line.sendEvent("ONHOOK");
        }
    }

    public boolean isOffHook() { return offHook; }

    /** Hook flash: ONHOOK, 300 ms, OFFHOOK. */
    public void flash() throws IOException, InterruptedException { flash(FLASH); }

    public void flash(Duration onHookFor) throws IOException, InterruptedException {
        synchronized (hookLock) {
            line.sendEvent("ONHOOK");
            Thread.sleep(onHookFor);
            line.sendEvent("OFFHOOK");
            offHook = true;
        }
    }

    // ---- dialling ----

    /** Plays {@code digits} as DTMF (DSP layer's generator, 80 ms on / 80 ms off); returns when done. */
    public void dialDtmf(String digits) throws InterruptedException {
        DtmfGenerator gen = new DtmfGenerator();
        gen.queue(digits);
        AudioSource src = AudioSource.dtmf(gen);
        mouth.play(src);
        if (!mouth.awaitDone(src, Duration.ofMillis(2000L + 300L * digits.length()))) {
            mouth.stop();
            throw new IllegalStateException("DTMF generator did not finish " + digits);
        }
    }

    /** Dials {@code digits} (0-9) with hook pulses, 10 pps 60/40 ms, 500 ms between digits; returns when done. */
    public void dialPulse(String digits) throws IOException, InterruptedException {
        synchronized (hookLock) {
            PulseDialler.dial(digits, line::sendEvent);
        }
    }

    // ---- ringing and caller ID ----

    public boolean isRinging() { return rings.isRinging(); }
    public List<RingEvent> ringEvents() { return rings.events(); }
    public boolean awaitRinging(Duration timeout) throws InterruptedException { return rings.awaitRinging(timeout); }
    /** On/off durations (ms) measured from the RING ON/OFF events, starting with the first on. */
    public int[] measuredRingCadenceMs() { return rings.cadenceMs(); }
    public boolean polarityReversed() { return polarityReversed; }

    /** The oldest caller ID decoded (from on-hook audio) and not yet returned; waits up to {@code timeout}; null if none. */
    public CallerId awaitCallerId(Duration timeout) throws InterruptedException { return callerIds.await(timeout); }
    public List<CallerId> callerIds() { return callerIds.all(); }
    /**
     * The oldest visual message-waiting indication (on-hook FSK, MDMF 0x82) decoded and not yet
     * returned: true lamp on, false off; waits up to {@code timeout}; null if none.
     */
    public Boolean awaitMessageLamp(Duration timeout) throws InterruptedException { return callerIds.awaitLamp(timeout); }
    /** Whether the phone's message lamp is lit (the last indication it decoded). */
    public boolean messageLampOn() { return callerIds.lampOn(); }
    /** Every message-lamp indication decoded, in order. */
    public List<Boolean> messageLampIndications() { return callerIds.lampIndications(); }
    /**
     * Whether the phone answers the call-waiting CAS with the DTMF acknowledgement {@code A} and
     * shows the caller ID that follows (type II); on by default. Off: a phone without the feature.
     */
    public void acknowledgeCallWaitingCallerId(boolean on) { offHookCid.acknowledges(on); }

    /** CPE alerting signals (CAS) heard off hook so far. */
    public int casHeard() { return offHookCid.casHeard(); }

    private void sendCidAck() {
        DtmfGenerator gen = new DtmfGenerator(60, 20, -10);
        gen.queue("A");
        mouth.interject(AudioSource.dtmf(gen));
    }

    /** Why caller ID cannot be decoded (DSP layer missing), or null. */
    public String callerIdUnavailableCause() { return callerIds.unavailableCause(); }
    /** Every event the gateway sent, in order (RING ON, POLARITY REVERSE, ERROR ..., ...). */
    public List<String> lineEvents() { return List.copyOf(lineEvents); }

    // ---- hearing ----

    /** Waits until the zone's {@code kind} tone is heard with its frequencies and cadence. */
    public boolean awaitTone(ToneKind kind, Duration timeout) throws InterruptedException { return hearing.awaitTone(kind, timeout); }
    /**
     * The dial tone this phone should hear when lifted with nothing else pending: plain
     * {@code DIAL}, or {@code STUTTER_DIAL} while the gateway is in SURVIVAL (set by the test's
     * gateway, see TestGateway#inMode).
     */
    public void expectDialTone(ToneKind kind) { dialTone = kind; }
    /** Waits for the dial tone set by {@link #expectDialTone} (plain by default). */
    public boolean awaitDialTone(Duration timeout) throws InterruptedException { return awaitTone(dialTone, timeout); }
    /** Best-effort: which zone tone was heard within {@code window} (a full cadence cycle must fit), SILENCE, or null. */
    public ToneKind heardTone(Duration window) { return hearing.heardTone(window); }
    /** Goertzel power of {@code freqHz} over the most recent {@code window} (1.0 = full-scale sine). */
    public double heardLevel(double freqHz, Duration window) { return hearing.level(freqHz, window); }
    /** True when {@code freqHz} dominated some 50 ms of the audio heard within {@code within}. */
    public boolean hears(double freqHz, Duration within) { return hearing.hears(freqHz, within); }
    /** The last {@code window} of heard audio. */
    /** Samples received from the gateway since the line opened (160 per 20 ms frame). */
    public long samplesHeard() { return heard.total(); }

    public short[] heardAudio(Duration window) { return heard.last((int) (window.toMillis() * 8)); }
    /** Waits for {@code count} DTMF digits heard and not yet returned; returns those that came (maybe fewer). */
    public List<String> awaitDtmf(int count, Duration timeout) throws InterruptedException { return dtmf.await(count, timeout); }
    /** Every DTMF digit heard since connecting. */
    public String heardDtmf() { return dtmf.all(); }

    // ---- the line's hybrid ----

    /**
     * Models the 2-wire hybrid of a real line: while off hook, what the phone hears comes back
     * to the gateway delayed, attenuated and filtered ({@link dev.lifeline.rig.audio.Hybrid}),
     * mixed with what the phone says; the mouthpiece is then clocked by the line (one frame sent
     * per frame heard), as a real line's echo is synchronous with what it carries.
     * {@code tailMs} 0 turns the echo off again (and the mouthpiece back to its own timer).
     */
    public void hybridEcho(int tailMs, double erlDb) {
        hybrid = tailMs <= 0 ? null : new dev.lifeline.rig.audio.Hybrid(tailMs, erlDb);
        mouth.clockedByLine(tailMs > 0);
    }

    // ---- a fax machine on the line ----

    /**
     * Puts a fax machine on the line in place of the handset: it hears what the phone hears and
     * sends one frame per frame heard (clocked by the line, as a modem on a real line is), until
     * {@link #stopPlaying()}. The phone stays off hook.
     */
    public void attachFax(dev.lifeline.dsp.FaxTerminal terminal) {
        fax = terminal;
        mouth.clockedByLine(true);
        mouth.play(AudioSource.fax(terminal));
    }

    // ---- speaking and recording ----

    /** Says a steady sine of {@code freqHz} at {@code dbm0} until {@link #stopPlaying()}. */
    public void playTone(double freqHz, double dbm0) { mouth.play(AudioSource.tone(SpecPlayer.sine(freqHz, dbm0))); }
    /** Says a tone spec (e.g. a zone tone) until {@link #stopPlaying()}. */
    public void playTone(dev.lifeline.dsp.ToneSpec spec) { mouth.play(AudioSource.tone(new SpecPlayer(spec))); }
    /**
     * Sends one frame per frame heard (on) instead of every 20 ms by the phone's own timer (off,
     * the default): sample-synchronous with the gateway's clock, as a real line is. With two
     * clocks the start of an utterance sometimes arrived a frame late and a frame was lost a few
     * hundred ms later — a sim artefact that cost a speech-quality measurement up to 0.7 MOS
     * (docs/voice-quality.md). Hybrid echo and fax clock by the line anyway.
     */
    public void clockedByLine(boolean on) { mouth.clockedByLine(on || hybrid != null || fax != null); }

    /** Says an 8 kHz mono 16-bit WAV file once. */
    public void playWav(Path wav) throws IOException { mouth.play(AudioSource.pcm(Wav.read(wav))); }
    public void stopPlaying() {
        if (fax != null && hybrid == null) mouth.clockedByLine(false);
        fax = null;
        mouth.stop();
    }
    public boolean isPlaying() { return mouth.isPlaying(); }

    /** Records what the phone hears from now on into {@code wav} (replacing a recording in progress). */
    public void startRecording(Path wav) throws IOException {
        WavWriter w = new WavWriter(wav);
        WavWriter old = recorder;
        recorder = w;
        if (old != null) old.close();
    }

    /** Ends the recording and completes the WAV header; no-op when not recording. */
    public void stopRecording() throws IOException {
        WavWriter w = recorder;
        recorder = null;
        if (w != null) w.close();
    }

    /** Stops sending, closes the line, stops every thread. Safe to call twice. */
    @Override
    public void close() {
        if (mouth != null) mouth.close();
        if (line != null) line.close();
        try {
            stopRecording();
        } catch (IOException ignored) {
            // best effort
        }
        callerIds.close();
        dtmf.close();
    }

    /** Receives the gateway's frames on the reader thread. */
    private final class Ears implements SimLineConnection.Listener {
        @Override
        public void onAudio(short[] pcm, long nanos) {
            heard.append(pcm, nanos);
            dev.lifeline.rig.audio.Hybrid h = hybrid;
            dev.lifeline.dsp.FaxTerminal f = fax;
            if (f != null) f.received(pcm, 0, pcm.length);
            if (h != null) mouth.lineTick(offHook ? h.echo(pcm) : null);
            else if (mouth != null) mouth.lineTick(null); // sends only when clocked by the line (fax, clockedByLine); null while connecting
            if (offHook) offHookCid.feed(pcm);
            if (!offHook || offHookCid.decoding()) callerIds.feed(pcm);
            dtmf.feed(pcm);
            WavWriter w = recorder;
            if (w != null) {
                try {
                    w.write(pcm, 0, pcm.length);
                } catch (IOException e) {
                    recorder = null;
                }
            }
        }

        @Override
        public void onEvent(String text, long nanos) {
            lineEvents.add(text);
            switch (text) {
                case "RING ON" -> rings.ring(true, nanos);
                case "RING OFF" -> rings.ring(false, nanos);
                case "POLARITY REVERSE" -> polarityReversed = true;
                case "POLARITY NORMAL" -> polarityReversed = false;
                default -> { }
            }
            listener.lineEvent(text);
        }

        @Override
        public void onClosed(IOException cause) {
            lineLost = cause;
            listener.closed(cause);
        }
    }
}
