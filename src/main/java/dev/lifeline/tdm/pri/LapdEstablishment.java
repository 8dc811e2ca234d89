package dev.lifeline.tdm.pri;

import static dev.lifeline.tdm.pri.LapdState.AWAITING_ESTABLISHMENT;
import static dev.lifeline.tdm.pri.LapdState.AWAITING_RELEASE;
import static dev.lifeline.tdm.pri.LapdState.MULTIPLE_FRAME_ESTABLISHED;
import static dev.lifeline.tdm.pri.LapdState.TEI_ASSIGNED;

import dev.lifeline.tdm.pri.LapdFrame.Kind;
import org.tinylog.Logger;

/**
 * Bringing the link up and down: layer 1, the DL-ESTABLISH and DL-RELEASE requests, the
 * unnumbered frames (SABME, UA, DISC, DM, FRMR) in every state, T200 while waiting for UA, and
 * the SDL procedures that enter and leave multiple-frame operation. What flows once the link is
 * up is {@link LapdTransfer}'s business; it comes back here only to re-establish.
 *
 * <p>Layer 3 hears {@code onReleased} only after it was told {@code onEstablished}, so the
 * periodic retries of a dead link do not repeat the same bad news every few seconds.
 */
final class LapdEstablishment {
    private final String spanId;
    private final LapdMachine machine;
    private final LapdSequence seq;
    private final LapdDeadlines deadlines;
    private final LapdWire wire;
    private final LapdTally tally;
    private final DataLink.Listener upper;

    private boolean l1;
    /** Layer 3 wants the link: bring it back whenever it fails and layer 1 allows. */
    private boolean wanted;
    /** Layer 3 released the link on purpose: refuse the peer's SABME with DM until it asks again. */
    private boolean refused;
    /** Layer 3 asked for this establishment, so it hears the outcome even with nothing lost. */
    private boolean layer3Initiated;
    /** Layer 3 was told the link is up and has not been told it went down. */
    private boolean upperUp;

    LapdEstablishment(String spanId, LapdMachine machine, LapdSequence seq, LapdDeadlines deadlines,
                      LapdWire wire, LapdTally tally, DataLink.Listener upper) {
        this.spanId = spanId;
        this.machine = machine;
        this.seq = seq;
        this.deadlines = deadlines;
        this.wire = wire;
        this.tally = tally;
        this.upper = upper;
    }

    boolean l1() { return l1; }

    // ---- layer 1 -------------------------------------------------------------------------

    void l1Up(long now) {
        if (l1) return;
        l1 = true;
        Logger.info("{} L2: layer 1 up", spanId);
        if (wanted && state() == TEI_ASSIGNED) startEstablishment("layer 1 up", now);
    }

    void l1Down(long now) {
        if (!l1) return;
        l1 = false;
        Logger.info("{} L2: layer 1 down", spanId);
        if (state() != TEI_ASSIGNED) toTeiAssigned("layer 1 down", now);
        deadlines.stopRetry();
    }

    // ---- DL primitives ---------------------------------------------------------------------

    void establish(long now) {
        wanted = true;
        refused = false;
        if (!l1) {
            Logger.info("{} L2: establishment requested, waiting for layer 1", spanId);
            return;
        }
        switch (state()) {
            case TEI_ASSIGNED -> startEstablishment("layer 3 request", now);
            case AWAITING_ESTABLISHMENT -> layer3Initiated = true;
            case AWAITING_RELEASE -> Logger.info("{} L2: establishment requested while releasing; will retry", spanId);
            case MULTIPLE_FRAME_ESTABLISHED, TIMER_RECOVERY -> {
                seq.clearQueue();
                establishDataLink(now);
                layer3Initiated = true;
                machine.go(AWAITING_ESTABLISHMENT, "layer 3 re-establish request", now);
            }
        }
    }

    void release(long now) {
        wanted = false;
        refused = true;
        deadlines.stopRetry();
        switch (state()) {
            case AWAITING_ESTABLISHMENT, MULTIPLE_FRAME_ESTABLISHED, TIMER_RECOVERY -> {
                seq.clearQueue();
                deadlines.resetRc();
                wire.sendU(Kind.DISC, true, true);
                deadlines.awaitAnswer(now);
                machine.go(AWAITING_RELEASE, "layer 3 release request", now);
            }
            default -> { }
        }
    }

    // ---- timers ------------------------------------------------------------------------------

    /** T200 in states 5 and 6: repeat SABME or DISC up to N200 times, then give up. */
    void t200Expired(long now) {
        switch (state()) {
            case AWAITING_ESTABLISHMENT -> {
                if (deadlines.rcExhausted()) {
                    machine.mdlError('G', "no UA to SABME after N200 tries");
                    toTeiAssigned("establishment failed", now);
                } else {
                    repeat(Kind.SABME, now);
                }
            }
            case AWAITING_RELEASE -> {
                if (deadlines.rcExhausted()) {
                    machine.mdlError('H', "no UA to DISC after N200 tries");
                    toTeiAssigned("release timed out", now);
                } else {
                    repeat(Kind.DISC, now);
                }
            }
            default -> { }
        }
    }

    private void repeat(Kind command, long now) {
        deadlines.countRc();
        tally.retransmissions++;
        wire.sendU(command, true, true);
        deadlines.startT200(now);
    }

    /** The re-establishment retry came due: try again if the link is still wanted and down. */
    void retryDue(long now) {
        if (l1 && wanted && state() == TEI_ASSIGNED) startEstablishment("periodic retry", now);
    }

    // ---- unnumbered frames -------------------------------------------------------------------

    /** A valid frame for us that is not I or S in states 7/8 (those go to {@link LapdTransfer}). */
    void receive(LapdFrame f, long now) {
        switch (state()) {
            case TEI_ASSIGNED -> inTeiAssigned(f, now);
            case AWAITING_ESTABLISHMENT -> inAwaitingEstablishment(f, now);
            case AWAITING_RELEASE -> inAwaitingRelease(f, now);
            case MULTIPLE_FRAME_ESTABLISHED, TIMER_RECOVERY -> inEstablished(f, now);
        }
    }

    private void inTeiAssigned(LapdFrame f, long now) {
        switch (f.kind()) {
            case SABME -> {
                if (refused) {
                    wire.sendU(Kind.DM, false, f.pf());
                    return;
                }
                wire.sendU(Kind.UA, false, f.pf());
                resetLink(now);
                wanted = true;
                machine.go(MULTIPLE_FRAME_ESTABLISHED, "peer SABME", now);
                tellEstablished(now);
            }
            case DISC -> wire.sendU(Kind.DM, false, f.pf());
            case UA -> machine.mdlError(f.pf() ? 'C' : 'D', "unsolicited UA");
            case DM -> {
                if (!f.pf() && l1 && wanted) startEstablishment("peer DM asks for establishment", now);
            }
            default -> ignored(f);
        }
    }

    private void inAwaitingEstablishment(LapdFrame f, long now) {
        switch (f.kind()) {
            case SABME -> wire.sendU(Kind.UA, false, f.pf()); // collision (§5.5.1.3): stay until our UA comes
            case DISC -> wire.sendU(Kind.DM, false, f.pf());
            case UA -> {
                if (!f.pf()) {
                    machine.mdlError('D', "UA without F bit");
                    return;
                }
                boolean lost = seq.hasNumbered();
                if (lost) seq.clearQueue();
                boolean tell = layer3Initiated || lost;
                resetLink(now);
                machine.go(MULTIPLE_FRAME_ESTABLISHED, "UA received", now);
                if (tell) tellEstablished(now);
            }
            case DM -> {
                if (f.pf()) toTeiAssigned("peer refused establishment (DM)", now);
            }
            default -> ignored(f);
        }
    }

    private void inAwaitingRelease(LapdFrame f, long now) {
        switch (f.kind()) {
            case SABME -> wire.sendU(Kind.DM, false, f.pf());
            case DISC -> wire.sendU(Kind.UA, false, f.pf());
            case UA, DM -> {
                if (f.pf()) toTeiAssigned(f.kind() + " to DISC", now);
                else if (f.kind() == Kind.UA) machine.mdlError('D', "UA without F bit");
            }
            default -> ignored(f);
        }
    }

    private void inEstablished(LapdFrame f, long now) {
        switch (f.kind()) {
            case SABME -> {
                wire.sendU(Kind.UA, false, f.pf());
                machine.mdlError('F', "peer re-established the link");
                boolean lost = seq.hasNumbered();
                if (lost) seq.clearQueue();
                resetLink(now);
                machine.go(MULTIPLE_FRAME_ESTABLISHED, "peer SABME (re-establishment)", now);
                if (lost) tellEstablished(now);
            }
            case DISC -> {
                wire.sendU(Kind.UA, false, f.pf());
                toTeiAssigned("peer DISC", now);
            }
            case UA -> machine.mdlError('C', "unsolicited UA");
            case DM -> {
                if (f.pf() && state() == MULTIPLE_FRAME_ESTABLISHED) {
                    machine.mdlError('B', "unsolicited DM with F=1");
                } else {
                    machine.mdlError(f.pf() ? 'B' : 'E', "peer in disconnected mode");
                    reestablish("peer sent DM", now);
                }
            }
            case FRMR -> {
                machine.mdlError('K', "FRMR received");
                reestablish("peer sent FRMR", now);
            }
            default -> ignored(f);
        }
    }

    private void ignored(LapdFrame f) { Logger.debug("{} L2: {} ignored in {}", spanId, f.kind(), state()); }

    // ---- procedures of the SDL ---------------------------------------------------------------

    /** Re-establishment that layer 2 starts by itself (errors, N200): layer 3 keeps its view until the outcome. */
    void reestablish(String cause, long now) {
        establishDataLink(now);
        layer3Initiated = false;
        machine.go(AWAITING_ESTABLISHMENT, cause, now);
    }

    private void startEstablishment(String cause, long now) {
        deadlines.stopRetry();
        seq.clearQueue();
        establishDataLink(now);
        layer3Initiated = true;
        machine.go(AWAITING_ESTABLISHMENT, cause, now);
    }

    /** "Establish data link": clear exception conditions, RC=0, SABME P=1, T200 on, T203 off. */
    private void establishDataLink(long now) {
        seq.clearExceptions();
        deadlines.resetRc();
        wire.sendU(Kind.SABME, true, true);
        deadlines.awaitAnswer(now);
    }

    /** Sequence variables to zero and timers for an idle established link (after SABME/UA). */
    private void resetLink(long now) {
        seq.reset();
        deadlines.idle(now);
    }

    private void toTeiAssigned(String cause, long now) {
        seq.clearQueue();
        seq.clearExceptions();
        deadlines.stopT200();
        deadlines.stopT203();
        machine.go(TEI_ASSIGNED, cause, now);
        if (l1 && wanted) deadlines.startRetry(now);
        if (upperUp) {
            upperUp = false;
            upper.onReleased(now);
        }
    }

    private void tellEstablished(long now) {
        upperUp = true;
        upper.onEstablished(now);
    }

    private LapdState state() { return machine.state(); }
}
