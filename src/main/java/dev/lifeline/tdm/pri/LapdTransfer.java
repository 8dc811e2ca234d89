package dev.lifeline.tdm.pri;

import static dev.lifeline.tdm.pri.LapdState.MULTIPLE_FRAME_ESTABLISHED;
import static dev.lifeline.tdm.pri.LapdState.TIMER_RECOVERY;

import dev.lifeline.tdm.pri.LapdFrame.Kind;
import org.tinylog.Logger;

/**
 * Acknowledged information transfer in states 7 and 8: I frames both ways, RR/RNR/REJ, the
 * window, T200 recovery by polling and T203 polling of an idle link. Anything it cannot recover
 * from (a bad N(R), N200 polls unanswered) it hands to {@link LapdEstablishment} as a
 * re-establishment, which is what Q.921 asks of a point-to-point link instead of FRMR.
 *
 * <p>We never become busy ourselves (layer 3 takes every message at once), so we send no RNR.
 */
final class LapdTransfer {
    private final String spanId;
    private final LapdMachine machine;
    private final LapdSequence seq;
    private final LapdDeadlines deadlines;
    private final LapdWire wire;
    private final LapdTally tally;
    private final LapdEstablishment establishment;
    private final DataLink.Listener upper;

    LapdTransfer(String spanId, LapdMachine machine, LapdSequence seq, LapdDeadlines deadlines, LapdWire wire,
                 LapdTally tally, LapdEstablishment establishment, DataLink.Listener upper) {
        this.spanId = spanId;
        this.machine = machine;
        this.seq = seq;
        this.deadlines = deadlines;
        this.wire = wire;
        this.tally = tally;
        this.establishment = establishment;
        this.upper = upper;
    }

    /** The frames handled here once the link is up; the rest are {@link LapdEstablishment}'s. */
    static boolean handles(Kind kind) {
        return kind == Kind.I || kind == Kind.RR || kind == Kind.RNR || kind == Kind.REJ;
    }

    // ---- receiving ---------------------------------------------------------------------------

    /** An I or S frame in state 7 or 8. */
    void receive(LapdFrame f, boolean command, long now) {
        if (f.kind() == Kind.I) information(f, now);
        else supervisory(f, command, now);
    }

    /** After every received frame with the link up: send what the window now allows, then any owed RR. */
    void afterReceive(long now) {
        pump(now);
        if (seq.ackPending()) {
            seq.ackPending(false);
            sendRr(false, false);
        }
    }

    private void supervisory(LapdFrame f, boolean command, long now) {
        seq.peerBusy(f.kind() == Kind.RNR);
        boolean finalResponse = !command && f.pf();
        if (command && f.pf()) {
            seq.ackPending(false);
            sendRr(false, true); // enquiry response
        }
        if (!seq.validNr(f.nr())) {
            nrError(f, now);
            return;
        }
        if (state() == TIMER_RECOVERY) {
            seq.ack(f.nr());
            if (finalResponse) {
                if (f.kind() == Kind.RNR) {
                    deadlines.startT200(now);
                } else {
                    deadlines.idle(now);
                }
                seq.rewind(); // invoke retransmission
                machine.go(MULTIPLE_FRAME_ESTABLISHED, "peer answered poll (" + f.kind() + ")", now);
            }
            return;
        }
        if (finalResponse) machine.mdlError('A', "unsolicited " + f.kind() + " with F=1");
        switch (f.kind()) {
            case RR -> ackAndTime(f.nr(), now);
            case RNR -> {
                seq.ack(f.nr());
                deadlines.awaitAnswer(now);
            }
            default -> { // REJ
                seq.ack(f.nr());
                deadlines.idle(now);
                seq.rewind(); // invoke retransmission
            }
        }
    }

    private void information(LapdFrame f, long now) {
        if (seq.inSequence(f.ns())) {
            seq.received();
            seq.rejectException(false);
            upper.onData(f.info(), now);
            if (f.pf()) {
                seq.ackPending(false);
                sendRr(false, true);
            } else {
                seq.ackPending(true);
            }
        } else if (seq.rejectException()) {
            if (f.pf()) {
                seq.ackPending(false);
                sendRr(false, true);
            }
        } else {
            seq.rejectException(true);
            seq.ackPending(false);
            Logger.debug("{} L2: N(S)={} but V(R)={}, sending REJ", spanId, f.ns(), seq.vr());
            wire.sendS(Kind.REJ, false, seq.vr(), f.pf());
        }
        if (!machine.established()) return; // layer 3 released the link from onData
        if (!seq.validNr(f.nr())) {
            nrError(f, now);
        } else if (state() == TIMER_RECOVERY || seq.peerBusy()) {
            seq.ack(f.nr());
        } else {
            ackAndTime(f.nr(), now);
        }
    }

    /** State 7 handling of a valid N(R) when the peer is not busy: T200 runs while anything is unacknowledged. */
    private void ackAndTime(int nr, long now) {
        if (nr == seq.vs()) {
            seq.ack(nr);
            deadlines.idle(now);
        } else if (nr != seq.va()) {
            seq.ack(nr);
            deadlines.startT200(now);
        }
    }

    private void nrError(LapdFrame f, long now) {
        machine.mdlError('J', "N(R)=" + f.nr() + " outside V(A)=" + seq.va() + "..V(S)=" + seq.vs());
        establishment.reestablish("N(R) sequence error", now);
    }

    // ---- timers ------------------------------------------------------------------------------

    /** T200 in states 7 and 8: start or continue timer recovery, re-establish after N200 polls. */
    void t200Expired(long now) {
        switch (state()) {
            case MULTIPLE_FRAME_ESTABLISHED -> {
                deadlines.resetRc();
                recoveryPoll(now);
                machine.go(TIMER_RECOVERY, "T200 expired", now);
            }
            case TIMER_RECOVERY -> {
                if (deadlines.rcExhausted()) {
                    machine.mdlError('I', "peer silent after N200 polls");
                    establishment.reestablish("N200 exhausted in timer recovery", now);
                } else {
                    recoveryPoll(now);
                }
            }
            default -> { }
        }
    }

    /** T203: the link has been quiet too long, so ask the peer whether it is still there. */
    void t203Expired(long now) {
        if (state() == MULTIPLE_FRAME_ESTABLISHED) {
            transmitEnquiry(now);
            deadlines.resetRc();
            machine.go(TIMER_RECOVERY, "T203 idle, polling peer", now);
        }
    }

    /** T200 ran out with the link up: resend the last I frame with P=1, or poll with RR if there is none or the peer is busy. */
    private void recoveryPoll(long now) {
        if (seq.allAcked() || seq.peerBusy()) {
            transmitEnquiry(now);
        } else {
            seq.rewindOne();
            sendIFrame(true);
            deadlines.startT200(now);
        }
        deadlines.countRc();
    }

    // ---- sending -----------------------------------------------------------------------------

    /** "I frame queued up" of the SDL: send while the window is open and the peer is not busy. */
    void pump(long now) {
        while (machine.established() && seq.canSend()) {
            sendIFrame(false);
            if (!deadlines.t200Running()) deadlines.awaitAnswer(now);
        }
    }

    private void sendIFrame(boolean poll) {
        if (seq.sendNext(wire, poll)) tally.retransmissions++;
    }

    private void transmitEnquiry(long now) {
        seq.ackPending(false);
        sendRr(true, true);
        deadlines.startT200(now);
    }

    private void sendRr(boolean command, boolean pf) { wire.sendS(Kind.RR, command, seq.vr(), pf); }

    private LapdState state() { return machine.state(); }
}
