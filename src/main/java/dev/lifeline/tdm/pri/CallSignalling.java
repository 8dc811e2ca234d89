package dev.lifeline.tdm.pri;

import static dev.lifeline.tdm.pri.InformationElement.BEARER_CAPABILITY;
import static dev.lifeline.tdm.pri.InformationElement.CALLED_NUMBER;
import static dev.lifeline.tdm.pri.InformationElement.CALLING_NUMBER;
import static dev.lifeline.tdm.pri.InformationElement.CALL_STATE;
import static dev.lifeline.tdm.pri.InformationElement.CAUSE;
import static dev.lifeline.tdm.pri.InformationElement.CHANNEL_ID;
import static dev.lifeline.tdm.pri.InformationElement.PROGRESS_INDICATOR;
import static dev.lifeline.tdm.pri.MessageType.*;

import dev.lifeline.tdm.pri.Q931Call.Timer;
import org.tinylog.Logger;

/**
 * What messages and timers do to a call (Q.931 §5.1-§5.4 and the error handling of §5.8), in
 * {@link Phase} terms so one body of code serves both sides. The stack owns the call table;
 * this class only acts on the call it is handed.
 */
final class CallSignalling {
    private final PriStack s;

    CallSignalling(PriStack stack) { this.s = stack; }

    // ---- commands from the call layer ------------------------------------------------------

    void sendSetup(Q931Call c, long now) {
        PriSetup p = c.setup();
        Q931Message m = Q931Message.of(c.cr, false, SETUP,
                new InformationElement(0, InformationElement.SENDING_COMPLETE, null),
                Ies.bearer(p.bearer()),
                Ies.channelId(c.timeslot, p.exclusive() || s.network),
                p.calling() == null ? null : Ies.partyNumber(CALLING_NUMBER, p.calling()),
                Ies.partyNumber(CALLED_NUMBER, p.called() == null ? PartyNumber.of("") : p.called()));
        c.setupBytes = m.encode();
        s.link.send(c.setupBytes, now);
        s.go(c, Phase.OUT_INITIATED, "SETUP to " + (p.called() == null ? "" : p.called().digits()), now);
        c.start(Timer.T303, now, s.timers.t303());
    }

    void alerting(Q931Call c, long now) {
        if (c.outgoing || (c.phase() != Phase.IN_PRESENT && c.phase() != Phase.IN_PROCEEDING)) return;
        s.send(c, ALERTING, now, Ies.progress(s.location(), Ies.PI_INBAND));
        s.go(c, Phase.IN_RECEIVED, "ALERTING sent", now);
    }

    void progress(Q931Call c, long now) {
        Phase p = c.phase();
        if (c.outgoing || (p != Phase.IN_PRESENT && p != Phase.IN_PROCEEDING && p != Phase.IN_RECEIVED)) return;
        s.send(c, PROGRESS, now, Ies.progress(s.location(), Ies.PI_INBAND));
    }

    void answer(Q931Call c, long now) {
        Phase p = c.phase();
        if (c.outgoing || (p != Phase.IN_PRESENT && p != Phase.IN_PROCEEDING && p != Phase.IN_RECEIVED)) return;
        s.send(c, CONNECT, now);
        if (s.network) {
            s.go(c, Phase.ACTIVE, "CONNECT sent", now); // §5.2.8 network side: active at once
        } else {
            s.go(c, Phase.IN_CONNECTING, "CONNECT sent", now);
            c.start(Timer.T313, now, s.timers.t313());
        }
    }

    void hangup(Q931Call c, int cause, long now) {
        switch (c.phase()) {
            case NULL, DISCONNECT_SENT, DISCONNECT_RECEIVED, RELEASE_SENT -> { }
            case IN_PRESENT -> {
                s.send(c, RELEASE_COMPLETE, now, s.cause(cause));
                s.toNull(c, cause, "refused with RELEASE COMPLETE", now);
            }
            default -> disconnect(c, cause, "DISCONNECT sent, cause " + cause, now);
        }
    }

    // ---- building blocks -------------------------------------------------------------------

    private void disconnect(Q931Call c, int cause, String why, long now) {
        c.clearCause = cause;
        s.send(c, DISCONNECT, now, s.cause(cause));
        s.go(c, Phase.DISCONNECT_SENT, why, now);
        c.start(Timer.T305, now, s.timers.t305());
    }

    private void release(Q931Call c, InformationElement cause, String why, long now) {
        s.send(c, RELEASE, now, cause);
        s.go(c, Phase.RELEASE_SENT, why, now);
        c.start(Timer.T308, now, s.timers.t308());
    }

    private void status(Q931Call c, int cause, int diagnostic, long now) {
        s.send(c, STATUS, now, Ies.cause(s.location(), cause, diagnostic), Ies.callState(c.state().code));
    }

    void enquire(Q931Call c, long now) { s.send(c, STATUS_ENQUIRY, now); }

    // ---- timers (§9.1) ---------------------------------------------------------------------

    void expired(Q931Call c, long now) {
        Timer t = c.timer;
        c.stopTimer();
        switch (t) {
            case T303 -> {
                if (c.expiries == 0) {
                    c.timer = Timer.T303;
                    c.expiries = 1;
                    c.deadline = now + s.timers.t303();
                    s.link.send(c.setupBytes, now);
                    Logger.info("{} Q931 cr={} ts={}: T303 expired, SETUP resent", s.spanId, c.cr, c.timeslot);
                } else {
                    s.send(c, RELEASE_COMPLETE, now, s.cause(Cause.RECOVERY_ON_TIMER_EXPIRY));
                    s.toNull(c, Cause.RECOVERY_ON_TIMER_EXPIRY, "T303 expired twice", now);
                }
            }
            case T305 -> release(c, s.cause(c.clearCause), "T305 expired, RELEASE sent", now);
            case T308 -> {
                if (c.expiries == 0) {
                    c.timer = Timer.T308;
                    c.expiries = 1;
                    c.deadline = now + s.timers.t308();
                    s.send(c, RELEASE, now, s.cause(c.clearCause));
                    Logger.info("{} Q931 cr={} ts={}: T308 expired, RELEASE resent", s.spanId, c.cr, c.timeslot);
                } else {
                    s.toNull(c, c.clearCause, "T308 expired twice", now);
                }
            }
            case T309 -> s.toNull(c, Cause.TEMPORARY_FAILURE, "T309 expired, data link not back", now);
            case T310, T313 -> {
                disconnect(c, Cause.RECOVERY_ON_TIMER_EXPIRY, t + " expired", now);
                s.clearing(c, Cause.RECOVERY_ON_TIMER_EXPIRY, false, now);
            }
            case NONE -> { }
        }
    }

    // ---- received messages -----------------------------------------------------------------

    /** Q.931 §5.8.3.2: a call reference we do not know. */
    void unknownCallReference(Q931Message m, Q931Codec.Decoded d, long now) {
        int cr = m.callReference();
        boolean reply = !m.toOriginator();
        switch (m.type()) {
            case SETUP -> {
                if (m.toOriginator()) return; // a SETUP cannot be for a call we originated: ignore
                new IncomingSetup(s).handle(m, d, now);
            }
            case RELEASE_COMPLETE -> { }
            case STATUS_ENQUIRY -> s.send(Q931Message.of(cr, reply, STATUS,
                    s.cause(Cause.RESPONSE_TO_STATUS_ENQUIRY), Ies.callState(0)), now);
            case STATUS -> {
                if (Ies.callState(m.ie(CALL_STATE)) != 0) {
                    s.send(Q931Message.of(cr, reply, RELEASE_COMPLETE, s.cause(Cause.INVALID_CALL_REFERENCE)), now);
                }
            }
            default -> s.send(Q931Message.of(cr, reply, RELEASE_COMPLETE, s.cause(Cause.INVALID_CALL_REFERENCE)), now);
        }
    }

    void onMessage(Q931Call c, Q931Message m, Q931Codec.Decoded d, long now) {
        int type = m.type();
        if (!MessageType.known(type)) {
            status(c, Cause.MESSAGE_TYPE_NOT_IMPLEMENTED, type, now);
            return;
        }
        int problem = mandatoryProblem(m, d);
        if (problem != 0 && type != DISCONNECT && type != RELEASE && type != RELEASE_COMPLETE) {
            status(c, problem, problemIe(m, d), now);
            return;
        }
        boolean handled = switch (type) {
            case CALL_PROCEEDING, SETUP_ACKNOWLEDGE -> proceeding(c, m, now);
            case ALERTING -> alerting(c, m, now);
            case PROGRESS -> progress(c, m, now);
            case CONNECT -> connect(c, m, now);
            case CONNECT_ACKNOWLEDGE -> connectAck(c, now);
            case DISCONNECT -> disconnected(c, m, problem, now);
            case RELEASE -> released(c, m, now);
            case RELEASE_COMPLETE -> {
                s.toNull(c, c.clearing() ? c.clearCause : causeOf(m, Cause.NORMAL_CLEARING), "RELEASE COMPLETE received", now);
                yield true;
            }
            case STATUS_ENQUIRY -> {
                status(c, Cause.RESPONSE_TO_STATUS_ENQUIRY, -1, now);
                yield true;
            }
            case STATUS -> statusReceived(c, m, now);
            case INFORMATION, NOTIFY, FACILITY, USER_INFORMATION, SEGMENT -> true;
            case SETUP -> true; // §5.8.3.2 e: a SETUP for a call reference already in use is ignored
            default -> false;
        };
        if (!handled) {
            // In the release request state only the release messages matter; answering anything else just adds traffic.
            if (c.phase() != Phase.RELEASE_SENT) status(c, Cause.MESSAGE_NOT_COMPATIBLE_WITH_STATE, type, now);
        } else if (!d.unknownIes().isEmpty() && s.calls.get(c.key()) == c) {
            status(c, Cause.IE_NOT_IMPLEMENTED, d.unknownIes().get(0), now);
        }
    }

    /** 0, or cause 96 (missing, or unknown comprehension-required) / 100 (unreadable) for the message's mandatory elements. */
    static int mandatoryProblem(Q931Message m, Q931Codec.Decoded d) {
        if (d.comprehensionRequiredUnknown()) return Cause.MANDATORY_IE_MISSING;
        int[] need = switch (m.type()) {
            case SETUP -> new int[] {BEARER_CAPABILITY};
            case STATUS -> new int[] {CAUSE, CALL_STATE};
            case DISCONNECT -> new int[] {CAUSE};
            case PROGRESS -> new int[] {PROGRESS_INDICATOR};
            case MessageType.RESTART -> new int[] {InformationElement.RESTART_INDICATOR};
            default -> new int[0];
        };
        for (int id : need) {
            InformationElement ie = m.ie(id);
            if (ie == null) return d.truncatedIe() == id ? Cause.INVALID_IE_CONTENTS : Cause.MANDATORY_IE_MISSING;
            boolean ok = switch (id) {
                case BEARER_CAPABILITY -> Ies.bearerCapability(ie) >= 0;
                case CAUSE -> Ies.cause(ie) != null;
                case CALL_STATE -> Ies.callState(ie) >= 0;
                case PROGRESS_INDICATOR -> Ies.progressDescription(ie) >= 0;
                case InformationElement.RESTART_INDICATOR -> Ies.restartClass(ie) >= 0;
                default -> true;
            };
            if (!ok) return Cause.INVALID_IE_CONTENTS;
        }
        return 0;
    }

    /** The diagnostic for cause 96/100: the element concerned. */
    static int problemIe(Q931Message m, Q931Codec.Decoded d) {
        for (int id : d.unknownIes()) if (InformationElement.comprehensionRequired(id)) return id;
        for (int id : new int[] {BEARER_CAPABILITY, CAUSE, CALL_STATE, PROGRESS_INDICATOR, InformationElement.RESTART_INDICATOR}) {
            if (m.ie(id) == null && d.truncatedIe() == id) return id;
        }
        return m.type() == SETUP ? BEARER_CAPABILITY : m.type() == PROGRESS ? PROGRESS_INDICATOR : CAUSE;
    }

    static int causeOf(Q931Message m, int otherwise) {
        Ies.CauseIe c = Ies.cause(m.ie(CAUSE));
        return c == null ? otherwise : c.value();
    }

    private static boolean outgoingBeforeAnswer(Phase p) {
        return p == Phase.OUT_INITIATED || p == Phase.OUT_PROCEEDING || p == Phase.OUT_DELIVERED;
    }

    private boolean proceeding(Q931Call c, Q931Message m, long now) {
        if (c.phase() != Phase.OUT_INITIATED) return false;
        if (!acceptChannel(c, m, now)) return true;
        s.go(c, Phase.OUT_PROCEEDING, MessageType.name(m.type()) + " received", now);
        c.start(Timer.T310, now, s.timers.t310());
        if (Ies.inband(m)) s.listener.onProgress(c, true, now);
        return true;
    }

    private boolean alerting(Q931Call c, Q931Message m, long now) {
        if (c.phase() != Phase.OUT_INITIATED && c.phase() != Phase.OUT_PROCEEDING) return false;
        if (!acceptChannel(c, m, now)) return true;
        c.stopTimer();
        s.go(c, Phase.OUT_DELIVERED, "ALERTING received", now);
        s.listener.onAlerting(c, Ies.inband(m), now);
        return true;
    }

    private boolean progress(Q931Call c, Q931Message m, long now) {
        if (!outgoingBeforeAnswer(c.phase())) return false;
        if (c.timer == Timer.T310) c.stopTimer();
        s.listener.onProgress(c, Ies.inband(m), now);
        return true;
    }

    private boolean connect(Q931Call c, Q931Message m, long now) {
        if (!outgoingBeforeAnswer(c.phase())) return false;
        if (!acceptChannel(c, m, now)) return true;
        c.stopTimer();
        if (s.network) s.go(c, Phase.OUT_CONNECTING, "CONNECT received", now);
        s.send(c, CONNECT_ACKNOWLEDGE, now);
        s.go(c, Phase.ACTIVE, "CONNECT ACKNOWLEDGE sent", now);
        s.listener.onAnswered(c, now);
        return true;
    }

    private boolean connectAck(Q931Call c, long now) {
        if (c.phase() == Phase.ACTIVE) return true; // optional on the network side (§5.2.8)
        if (c.phase() != Phase.IN_CONNECTING) return false;
        c.stopTimer();
        s.go(c, Phase.ACTIVE, "CONNECT ACKNOWLEDGE received", now);
        return true;
    }

    private boolean disconnected(Q931Call c, Q931Message m, int problem, long now) {
        switch (c.phase()) {
            case DISCONNECT_RECEIVED, RELEASE_SENT -> { }
            case DISCONNECT_SENT -> { // clear collision (§5.3.5): both disconnected, go on with RELEASE
                c.stopTimer();
                release(c, null, "DISCONNECT received in " + c.state().name(), now);
            }
            default -> {
                int cause = causeOf(m, Cause.NORMAL_UNSPECIFIED);
                c.stopTimer();
                c.clearCause = cause;
                s.go(c, Phase.DISCONNECT_RECEIVED, "DISCONNECT received, cause " + cause, now);
                release(c, problem != 0 ? s.cause(problem) : null, "RELEASE sent", now);
                s.clearing(c, cause, Ies.inband(m), now);
            }
        }
        return true;
    }

    private boolean released(Q931Call c, Q931Message m, long now) {
        int cause = c.clearing() ? c.clearCause : causeOf(m, Cause.NORMAL_CLEARING);
        if (c.phase() != Phase.RELEASE_SENT) s.send(c, RELEASE_COMPLETE, now); // in RELEASE_SENT: release collision
        s.toNull(c, cause, "RELEASE received", now);
        return true;
    }

    /** §5.8.11: a state the far end reports that cannot be reconciled with ours clears the call with cause 101. */
    private boolean statusReceived(Q931Call c, Q931Message m, long now) {
        int peer = Ies.callState(m.ie(CALL_STATE));
        if (peer == 0) {
            s.toNull(c, Cause.TEMPORARY_FAILURE, "STATUS: far end in the null state", now);
        } else if (!compatible(c.state().code, peer) && !c.clearing()) {
            Logger.info("{} Q931 cr={} ts={}: far end reports state {} against our {}", s.spanId, c.cr, c.timeslot, peer, c.state());
            c.clearCause = Cause.MESSAGE_NOT_COMPATIBLE_WITH_STATE;
            c.stopTimer();
            release(c, s.cause(Cause.MESSAGE_NOT_COMPATIBLE_WITH_STATE), "STATUS with incompatible state " + peer, now);
            s.clearing(c, Cause.MESSAGE_NOT_COMPATIBLE_WITH_STATE, false, now);
        }
        return true;
    }

    /**
     * Whether our state and the peer's can both be true of one call with messages in flight.
     * U and N states of a call carry the same number in steady state; they differ while a
     * message crosses, and that is tolerated, but not a call running the other way or an active
     * call the far end never answered.
     */
    static boolean compatible(int ours, int peer) {
        if (ours == peer) return true;
        if (clearingState(ours) || clearingState(peer)) return true;
        if (ours == 10 || peer == 10) {
            int other = ours == 10 ? peer : ours;
            return other == 1 || other == 3 || other == 4 || other == 8;
        }
        return userOriginated(ours) == userOriginated(peer);
    }

    private static boolean clearingState(int st) { return st == 11 || st == 12 || st == 19; }

    private static boolean userOriginated(int st) { return st >= 1 && st <= 4; }

    /** Follows a channel the far end assigns in its first answer; false when the call had to be cleared. */
    private boolean acceptChannel(Q931Call c, Q931Message m, long now) {
        InformationElement ie = m.ie(CHANNEL_ID);
        if (ie == null) return true;
        Ies.ChannelId id = Ies.channelId(ie);
        if (id == null || id.none() || id.timeslot() == 0 || id.timeslot() == c.timeslot) return true;
        if (c.phase() == Phase.OUT_INITIATED && !c.setup().exclusive() && !s.network && s.pool.free(id.timeslot())) {
            s.pool.release(c.timeslot, c);
            c.timeslot = id.timeslot();
            s.pool.take(c.timeslot, c);
            Logger.debug("{} Q931 cr={} ts={}: network assigned this channel", s.spanId, c.cr, c.timeslot);
            return true;
        }
        c.stopTimer();
        disconnect(c, 6 /* channel unacceptable */, "far end chose unacceptable channel " + id.timeslot(), now);
        s.clearing(c, Cause.NO_CIRCUIT, false, now);
        return false;
    }
}
