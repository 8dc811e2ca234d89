package dev.lifeline.tdm;

import dev.lifeline.dsp.CallerIdTiming;
import dev.lifeline.dsp.MessageWaitingSpill;
import dev.lifeline.dsp.ToneSpec;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.hal.LinePort;
import dev.lifeline.media.ClipSource;
import dev.lifeline.media.ToneSource;
import org.tinylog.Logger;

/**
 * Sends an FXS line's on-hook message-waiting spill (the lamp), step by step, for
 * {@link FxsChannel}: only while the line is idle on hook with something plugged in.
 * Before-first-ring zones reverse polarity and send the alert tone first. Split out of the
 * channel so that it keeps to hook, ring, digits and calls; its own audio plays while it speaks.
 * Engine thread only.
 */
final class LampSpill {
    private final String portId;
    private final LinePort port;
    private final ToneZone zone;
    private final ToneSpec alertTone;
    private final MessageWaitingLamp lamp = new MessageWaitingLamp();
    private ToneSource tone;
    private ClipSource clip;

    LampSpill(String portId, LinePort port, ToneZone zone, ToneSpec alertTone) {
        this.portId = portId;
        this.port = port;
        this.zone = zone;
        this.alertTone = alertTone;
    }

    MessageWaitingLamp lamp() { return lamp; }

    private boolean reversalZone() { return zone.callerIdTiming() == CallerIdTiming.BEFORE_FIRST_RING; }

    /** Advances the spill; {@code idleOnHook}: the line is idle, in service, on hook, with a device. */
    void timers(long now, boolean idleOnHook) {
        if (!idleOnHook) return;
        switch (lamp.phase()) {
            case OWED -> {
                if (!lamp.due(now) || clip != null) return;
                if (reversalZone()) {
                    port.setPolarity(true);
                    lamp.go(MessageWaitingLamp.Phase.REVERSED, now);
                } else {
                    send(now);
                }
            }
            case REVERSED -> {
                if (now - lamp.startedAt() >= MessageWaitingLamp.ALERT_AT_MS) {
                    stopTone();
                    tone = new ToneSource(alertTone);
                    lamp.go(MessageWaitingLamp.Phase.ALERTING, now);
                }
            }
            case ALERTING -> {
                if (now - lamp.startedAt() >= MessageWaitingLamp.SPILL_AT_MS) {
                    stopTone();
                    send(now);
                }
            }
            case SENDING -> {
                if (clip != null) return;
                if (reversalZone()) port.setPolarity(false);
                lamp.go(MessageWaitingLamp.Phase.QUIET, now);
            }
            case QUIET -> { }
        }
    }

    /** This tick's audio of the spill (the alert tone or the FSK); false when it is not speaking. */
    boolean fill(short[] out) {
        if (clip != null) {
            boolean any = clip.read(out);
            if (clip.done()) clip = null;
            if (any) return true;
        }
        return tone != null && tone.read(out);
    }

    private void send(long now) {
        boolean on = lamp.on();
        short[] pcm;
        try {
            pcm = MessageWaitingSpill.generate(zone.callerIdStandard(), on);
        } catch (RuntimeException e) {
            Logger.warn("{}: no message-waiting spill in zone {}: {}", portId, zone.name(), e.getMessage());
            lamp.go(MessageWaitingLamp.Phase.QUIET, now);
            return;
        }
        clip = new ClipSource(pcm);
        lamp.go(MessageWaitingLamp.Phase.SENDING, now);
        Logger.info("{}: message-waiting lamp {} sent ({} ms, {})", portId, on ? "on" : "off", pcm.length / 8, zone.callerIdStandard());
    }

    /** Stops a spill in progress (it stays owed) and puts the line's polarity back. */
    void interrupt(String why, long now) {
        if (!lamp.interrupt(now)) return;
        clip = null;
        stopTone();
        if (reversalZone()) port.setPolarity(false);
        Logger.info("{}: message-waiting spill interrupted ({}); sent again when idle", portId, why);
    }

    private void stopTone() {
        if (tone != null) {
            tone.close();
            tone = null;
        }
    }

    void close() {
        clip = null;
        stopTone();
    }
}
