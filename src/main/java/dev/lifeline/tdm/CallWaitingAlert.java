package dev.lifeline.tdm;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.dsp.CallerIdFormat;
import dev.lifeline.dsp.CallerIdGenerator;
import dev.lifeline.dsp.DtmfDetector;
import dev.lifeline.dsp.ToneSpec;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.media.ClipSource;
import dev.lifeline.media.ToneSource;
import java.util.List;
import org.tinylog.Logger;

/**
 * Tells a user in a call that another call waits (Telcordia GR-571/GR-575, "type II" or off-hook
 * caller ID): the zone's call-waiting tone (SAS, us 440 Hz 300 ms), then the CPE alerting signal
 * (CAS, 2130+2750 Hz 80 ms); a phone that can show caller ID off hook mutes its handset and
 * answers with DTMF {@code A} or {@code D}; only when that acknowledgement arrives within
 * {@link #ACK_WINDOW_MS} is the FSK spill sent (a phone that cannot show it must not hear a
 * modem screech). The tone is repeated every {@link #REPEAT_MS} until the call is answered or
 * given up; the caller ID only once. While it speaks, the far end's audio is replaced; during
 * CAS, acknowledgement and spill the user's audio is muted towards the far end too.
 * Phases are declared ({@link #TABLE}) and each change is logged with the port id.
 */
public final class CallWaitingAlert implements InCallSignal {
    /** Phases of the alert. */
    public enum Phase { SAS, CAS, ACK_WAIT, SPILL, QUIET }

    static final TransitionTable<Phase> TABLE = TransitionTable.builder(Phase.class)
            .allow(Phase.SAS, Phase.CAS, Phase.QUIET)
            .allow(Phase.CAS, Phase.ACK_WAIT)
            .allow(Phase.ACK_WAIT, Phase.SPILL, Phase.QUIET)
            .allow(Phase.SPILL, Phase.QUIET)
            .allow(Phase.QUIET, Phase.SAS)
            .build();

    static final int SAS_MS = 300;
    static final int CAS_MS = 80;
    /**
     * How long after the end of CAS the acknowledgement is accepted: GR-30 lets it start up to
     * 160 ms after CAS, and the detector reports a digit about 40 ms into it. (On the sim line a
     * virtual phone's ACK is detected about 70 ms after the last CAS frame.)
     */
    public static final int ACK_WINDOW_MS = 160 + 40;
    /** Quiet between acknowledgement and the spill (GR-30: 50..500 ms). */
    static final int SPILL_AFTER_ACK_MS = 60;
    public static final int REPEAT_MS = 10_000;
    private static final ToneSpec CAS = new ToneSpec("cas", List.of(
            new ToneSpec.Segment(new int[] {2130, 2750}, -15, CAS_MS), new ToneSpec.Segment(new int[0], -15, 0)), -1);

    private final String portId;
    private final ToneZone zone;
    private final short[] spill;
    private final TransitionTable.Machine<Phase> machine;
    private ToneSource tone;
    private ClipSource clip;
    private DtmfDetector ackDetector;
    private int framesLeft;
    private long phaseSince;
    private long startedAt;
    private long ackAt = -1;
    private char ack;
    private boolean casSent;
    /** This tick's time (the timers pass runs before the output pass of the same tick). */
    private long clock;

    /**
     * @param callerId who waits, or null (no caller ID: tone only)
     * @param format   the site's caller-ID format (MDMF/SDMF), as for on-hook caller ID
     */
    public CallWaitingAlert(String portId, ToneZone zone, CallerId callerId, CallerIdFormat format, long now) {
        this.portId = portId;
        this.zone = zone;
        short[] s = null;
        if (callerId != null) {
            try {
                s = CallerIdGenerator.generate(zone.callerIdStandard(), format, callerId);
            } catch (RuntimeException e) {
                Logger.warn("{}: no caller ID on call waiting: {}", portId, e.getMessage());
            }
        }
        this.spill = s;
        this.machine = new TransitionTable.Machine<>(TABLE, Phase.SAS);
        this.startedAt = now;
        this.clock = now;
        startSas(now);
        Logger.info("{}: call waiting: tone{}", portId, spill == null ? "" : ", then CAS for caller ID");
    }

    public Phase phase() { return machine.state(); }
    public List<TransitionTable.Transition<Phase>> history() { return machine.history(); }
    /** The acknowledgement digit the phone sent, or 0. */
    public char acknowledgement() { return ack; }

    @Override
    public boolean hear(short[] frame, long now) {
        clock = now;
        Phase p = phase();
        if ((p == Phase.CAS || p == Phase.ACK_WAIT) && ackDetector != null && ackAt < 0) { // a quick phone may start during CAS
            String d = ackDetector.process(frame, 0, frame.length);
            for (int i = 0; i < d.length(); i++) {
                char c = d.charAt(i);
                if (c == 'A' || c == 'D') {
                    ack = c;
                    ackAt = now;
                    break;
                }
            }
        }
        if (p == Phase.CAS || p == Phase.ACK_WAIT || p == Phase.SPILL) {
            java.util.Arrays.fill(frame, (short) 0); // the far end does not hear the data exchange
            return true;
        }
        return false;
    }

    @Override
    public void tick(long now) {
        clock = now;
        switch (phase()) {
            case ACK_WAIT -> {
                if (ackAt >= 0 && now - ackAt >= SPILL_AFTER_ACK_MS) {
                    clip = new ClipSource(spill);
                    go(Phase.SPILL, "acknowledged with " + ack + ": sending caller ID (" + spill.length / 8 + " ms, "
                            + zone.callerIdStandard() + ")", now);
                } else if (ackAt < 0 && now - phaseSince >= ACK_WINDOW_MS) {
                    closeDetector();
                    go(Phase.QUIET, "no acknowledgement within " + ACK_WINDOW_MS + " ms: no caller ID", now);
                }
            }
            case SPILL -> {
                if (clip == null || clip.done()) {
                    clip = null;
                    closeDetector();
                    go(Phase.QUIET, "caller ID sent", now);
                }
            }
            case QUIET -> {
                if (now - startedAt >= REPEAT_MS) {
                    startedAt = now;
                    startSas(now);
                    go(Phase.SAS, "repeat", now);
                }
            }
            default -> { }
        }
    }

    @Override
    public boolean fill(short[] frame) {
        long now = clock; // frames count the tone phases; the clock counts the waits
        switch (phase()) {
            case SAS -> {
                tone.read(frame);
                if (--framesLeft <= 0) {
                    stopTone();
                    if (spill != null && !casSent && ackDetectorUsable()) { // caller ID with the first tone only
                        casSent = true;
                        tone = new ToneSource(CAS);
                        framesLeft = CAS_MS / 20;
                        go(Phase.CAS, "alerting the phone for caller ID", now);
                    } else {
                        go(Phase.QUIET, "tone played", now);
                    }
                }
                return true;
            }
            case CAS -> {
                tone.read(frame);
                if (--framesLeft <= 0) {
                    stopTone();
                    go(Phase.ACK_WAIT, "CAS sent; waiting for A/D", now);
                }
                return true;
            }
            case ACK_WAIT -> {
                java.util.Arrays.fill(frame, (short) 0);
                return true;
            }
            case SPILL -> {
                if (clip != null && clip.read(frame)) return true;
                java.util.Arrays.fill(frame, (short) 0);
                return true;
            }
            default -> { return false; }
        }
    }

    private boolean ackDetectorUsable() {
        try {
            ackDetector = new DtmfDetector();
            return true;
        } catch (RuntimeException | LinkageError e) {
            Logger.warn("{}: no DTMF detector for the caller-ID acknowledgement: {}", portId, e.getMessage());
            return false;
        }
    }

    private void startSas(long now) {
        stopTone();
        tone = new ToneSource(zone.callWaiting());
        framesLeft = SAS_MS / 20;
        phaseSince = now;
    }

    private void go(Phase to, String cause, long now) {
        var t = machine.go(to, cause, now);
        phaseSince = now;
        Logger.info("{}: call-waiting alert {}", portId, t);
    }

    private void stopTone() {
        if (tone != null) {
            tone.close();
            tone = null;
        }
    }

    private void closeDetector() {
        if (ackDetector != null) {
            ackDetector.close();
            ackDetector = null;
        }
    }

    @Override
    public void close() {
        stopTone();
        closeDetector();
        clip = null;
    }
}
