package dev.lifeline.tdm.pri;

import java.util.List;
import org.tinylog.Logger;

/**
 * The global call reference (Q.931 §5.5): our RESTART of the whole interface each time layer 2
 * comes up with no calls to keep, so both ends agree every B-channel is idle, and the answer
 * to the far end's RESTART. T316 resends ours; after the configured retries the span comes up
 * anyway, because a peer that never acknowledges RESTART still carries calls.
 */
final class Restarts {
    private final PriStack s;
    private boolean waiting;
    private int sent;
    private long deadline;

    Restarts(PriStack stack) { this.s = stack; }

    void begin(long now) {
        waiting = true;
        sent = 0;
        s.pool.restarting(true);
        send(now);
    }

    void abort() {
        waiting = false;
    }

    void tick(long now) {
        if (!waiting || now < deadline) return;
        if (sent <= s.timers.restartRetries()) {
            Logger.info("{} Q931 T316 expired, RESTART resent", s.spanId);
            send(now);
        } else {
            Logger.info("{} Q931 no RESTART ACKNOWLEDGE after {} RESTARTs, bringing the span up anyway", s.spanId, sent);
            done(now);
        }
    }

    private void send(long now) {
        sent++;
        deadline = now + s.timers.t316();
        s.send(Q931Message.of(0, false, MessageType.RESTART, Ies.restartIndicator(Ies.RESTART_ALL_INTERFACES)), now);
    }

    private void done(long now) {
        waiting = false;
        s.restartDone(now);
    }

    void onMessage(Q931Message m, Q931Codec.Decoded d, long now) {
        switch (m.type()) {
            case MessageType.RESTART -> restartReceived(m, d, now);
            case MessageType.RESTART_ACKNOWLEDGE -> {
                if (waiting) {
                    Logger.info("{} Q931 RESTART acknowledged", s.spanId);
                    done(now);
                }
            }
            case MessageType.STATUS -> { }
            case MessageType.STATUS_ENQUIRY -> status(Cause.RESPONSE_TO_STATUS_ENQUIRY, -1, now);
            default -> status(Cause.INVALID_CALL_REFERENCE, -1, now);
        }
    }

    private void restartReceived(Q931Message m, Q931Codec.Decoded d, long now) {
        int problem = CallSignalling.mandatoryProblem(m, d);
        if (problem != 0) {
            status(problem, InformationElement.RESTART_INDICATOR, now);
            return;
        }
        int cls = Ies.restartClass(m.ie(InformationElement.RESTART_INDICATOR));
        InformationElement chanIe = m.ie(InformationElement.CHANNEL_ID);
        int ts = 0;
        if (cls == Ies.RESTART_INDICATED_CHANNELS) {
            Ies.ChannelId id = chanIe == null ? null : Ies.channelId(chanIe);
            if (chanIe == null) {
                status(Cause.MANDATORY_IE_MISSING, InformationElement.CHANNEL_ID, now);
                return;
            }
            if (id == null || id.timeslot() == 0) {
                status(Cause.INVALID_IE_CONTENTS, InformationElement.CHANNEL_ID, now);
                return;
            }
            ts = id.timeslot();
        }
        int cleared = 0;
        for (Q931Call c : List.copyOf(s.calls.values())) {
            if (ts == 0 || c.timeslot == ts) {
                s.toNull(c, Cause.TEMPORARY_FAILURE, "RESTART received", now);
                cleared++;
            }
        }
        Logger.info("{} Q931 RESTART received ({}), {} calls cleared", s.spanId, ts == 0 ? "all channels" : "ts " + ts, cleared);
        s.send(Q931Message.of(0, true, MessageType.RESTART_ACKNOWLEDGE,
                ts == 0 ? null : chanIe, Ies.restartIndicator(cls)), now);
    }

    private void status(int cause, int diagnostic, long now) {
        InformationElement ie = diagnostic < 0 ? s.cause(cause) : Ies.cause(s.location(), cause, diagnostic);
        s.send(Q931Message.of(0, true, MessageType.STATUS, ie, Ies.callState(0)), now);
    }
}
