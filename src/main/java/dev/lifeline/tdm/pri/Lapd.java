package dev.lifeline.tdm.pri;

import static dev.lifeline.tdm.pri.LapdState.AWAITING_ESTABLISHMENT;
import static dev.lifeline.tdm.pri.LapdState.AWAITING_RELEASE;
import static dev.lifeline.tdm.pri.LapdState.MULTIPLE_FRAME_ESTABLISHED;
import static dev.lifeline.tdm.pri.LapdState.TEI_ASSIGNED;
import static dev.lifeline.tdm.pri.LapdState.TIMER_RECOVERY;

import dev.lifeline.tdm.TransitionTable;
import dev.lifeline.tdm.pri.LapdFrame.Kind;
import java.util.List;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * Q.921 (LAPD) for the D-channel of an E1 PRI: one point-to-point data link, SAPI 0 TEI 0,
 * following the annex B SDL for a fixed TEI. Frames go out through {@code frameOut} without
 * flags and FCS; time comes in as {@code now} so tests drive T200/T203 without sleeping.
 *
 * <p>Beyond the SDL, a link that fails while layer 1 is up and layer 3 wants it is brought
 * back every {@link LapdTimers#reestablishMs()}, because a PRI has nobody to restart it. The
 * listener hears {@code onReleased} only after it was told {@code onEstablished}, so those
 * retries do not repeat the same bad news every few seconds.
 *
 * <p>We never become busy ourselves (layer 3 takes every message at once), so we send no RNR.
 * Q.921 forbids FRMR on a point-to-point link: frame errors cause re-establishment instead.
 * All methods run on the engine thread.
 */
public final class Lapd implements DataLink {
    static final TransitionTable<LapdState> TABLE = TransitionTable.builder(LapdState.class)
            .allow(TEI_ASSIGNED, AWAITING_ESTABLISHMENT, MULTIPLE_FRAME_ESTABLISHED)
            .allow(AWAITING_ESTABLISHMENT, TEI_ASSIGNED, AWAITING_RELEASE, MULTIPLE_FRAME_ESTABLISHED)
            .allow(AWAITING_RELEASE, TEI_ASSIGNED)
            .allow(MULTIPLE_FRAME_ESTABLISHED, TEI_ASSIGNED, AWAITING_ESTABLISHMENT, AWAITING_RELEASE,
                    MULTIPLE_FRAME_ESTABLISHED, TIMER_RECOVERY)
            .allow(TIMER_RECOVERY, TEI_ASSIGNED, AWAITING_ESTABLISHMENT, AWAITING_RELEASE, MULTIPLE_FRAME_ESTABLISHED)
            .build();

    private static final int SAPI = 0;
    private static final int TEI = 0;
    private static final int M = LapdFrame.MODULUS;

    private final String spanId;
    private final boolean networkSide;
    private final Consumer<byte[]> frameOut;
    private final Listener upper;
    private final LapdTimers timers;
    private final TransitionTable.Machine<LapdState> machine = new TransitionTable.Machine<>(TABLE, TEI_ASSIGNED);
    private final LapdSendQueue queue;

    private int vs;
    private int vr;
    private int va;
    private int rc;
    private boolean peerBusy;
    private boolean rejectException;
    private boolean ackPending;
    private boolean layer3Initiated;
    private boolean upperUp;
    private boolean wanted;
    /** Layer 3 released the link on purpose: refuse the peer's SABME with DM until it asks again. */
    private boolean refused;
    private boolean l1;
    private long t200At = -1;
    private long t203At = -1;
    private long retryAt = -1;
    private long framesIn;
    private long framesOut;
    private long retransmissions;
    private long errors;
    private long dropped;

    public Lapd(String spanId, boolean networkSide, Consumer<byte[]> frameOut, Listener upper, LapdTimers timers) {
        this.spanId = spanId;
        this.networkSide = networkSide;
        this.frameOut = frameOut;
        this.upper = upper;
        this.timers = timers;
        this.queue = new LapdSendQueue(timers.queueCapacity());
    }

    public LapdState state() { return machine.state(); }

    public List<TransitionTable.Transition<LapdState>> history() { return machine.history(); }

    public LapdCounters counters() { return new LapdCounters(framesIn, framesOut, retransmissions, errors, dropped); }

    public boolean networkSide() { return networkSide; }

    /** Messages queued for sending, numbered or not. */
    public int queued() { return queue.size(); }

    @Override
    public boolean isEstablished() { return state() == MULTIPLE_FRAME_ESTABLISHED || state() == TIMER_RECOVERY; }

    // ---- layer 1 -------------------------------------------------------------------------

    /** The line has frame alignment and the D-channel carries flags: start (or resume) if wanted. */
    public void l1Up(long now) {
        if (l1) return;
        l1 = true;
        Logger.info("{} L2: layer 1 up", spanId);
        if (wanted && state() == TEI_ASSIGNED) startEstablishment("layer 1 up", now);
    }

    /** Layer 1 lost: nothing can be sent or acknowledged any more, so release at once. */
    public void l1Down(long now) {
        if (!l1) return;
        l1 = false;
        Logger.info("{} L2: layer 1 down", spanId);
        if (state() != TEI_ASSIGNED) toTeiAssigned("layer 1 down", now);
        retryAt = -1;
    }

    // ---- DL primitives ---------------------------------------------------------------------

    @Override
    public void establish(long now) {
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
                queue.clear();
                establishDataLink(now);
                layer3Initiated = true;
                go(AWAITING_ESTABLISHMENT, "layer 3 re-establish request", now);
            }
        }
    }

    @Override
    public void release(long now) {
        wanted = false;
        refused = true;
        retryAt = -1;
        switch (state()) {
            case AWAITING_ESTABLISHMENT, MULTIPLE_FRAME_ESTABLISHED, TIMER_RECOVERY -> {
                queue.clear();
                rc = 0;
                sendU(Kind.DISC, true, true);
                t203At = -1;
                t200At = now + timers.t200Ms();
                go(AWAITING_RELEASE, "layer 3 release request", now);
            }
            default -> { }
        }
    }

    @Override
    public void send(byte[] l3Message, long now) {
        if (l3Message.length > timers.n201()) {
            dropped++;
            Logger.warn("{} L2: {} octet message exceeds N201={}, dropped", spanId, l3Message.length, timers.n201());
            return;
        }
        LapdState s = state();
        if (s == TEI_ASSIGNED || s == AWAITING_RELEASE) {
            dropped++;
            Logger.warn("{} L2: link down ({}), {} octet message dropped", spanId, s, l3Message.length);
            return;
        }
        if (queue.offer(l3Message.clone())) {
            dropped++;
            Logger.warn("{} L2: send queue full ({}), oldest message dropped", spanId, timers.queueCapacity());
        }
        if (isEstablished()) pumpIFrames(now);
    }

    // ---- timers ------------------------------------------------------------------------------

    /** Runs expired timers; called every 20 ms by the engine. */
    public void tick(long now) {
        if (t200At >= 0 && now >= t200At) {
            t200At = -1;
            t200Expired(now);
        }
        if (t203At >= 0 && now >= t203At) {
            t203At = -1;
            if (state() == MULTIPLE_FRAME_ESTABLISHED) {
                transmitEnquiry(now);
                rc = 0;
                go(TIMER_RECOVERY, "T203 idle, polling peer", now);
            }
        }
        if (retryAt >= 0 && now >= retryAt) {
            retryAt = -1;
            if (l1 && wanted && state() == TEI_ASSIGNED) startEstablishment("periodic retry", now);
        }
    }

    private void t200Expired(long now) {
        switch (state()) {
            case AWAITING_ESTABLISHMENT -> {
                if (rc >= timers.n200()) {
                    mdlError('G', "no UA to SABME after N200 tries");
                    toTeiAssigned("establishment failed", now);
                } else {
                    rc++;
                    retransmissions++;
                    sendU(Kind.SABME, true, true);
                    t200At = now + timers.t200Ms();
                }
            }
            case AWAITING_RELEASE -> {
                if (rc >= timers.n200()) {
                    mdlError('H', "no UA to DISC after N200 tries");
                    toTeiAssigned("release timed out", now);
                } else {
                    rc++;
                    retransmissions++;
                    sendU(Kind.DISC, true, true);
                    t200At = now + timers.t200Ms();
                }
            }
            case MULTIPLE_FRAME_ESTABLISHED -> {
                rc = 0;
                recoveryPoll(now);
                go(TIMER_RECOVERY, "T200 expired", now);
            }
            case TIMER_RECOVERY -> {
                if (rc >= timers.n200()) {
                    mdlError('I', "peer silent after N200 polls");
                    reestablish("N200 exhausted in timer recovery", now);
                } else {
                    recoveryPoll(now);
                }
            }
            default -> { }
        }
    }

    /** T200 ran out with the link up: resend the last I frame with P=1, or poll with RR if there is none or the peer is busy. */
    private void recoveryPoll(long now) {
        if (vs == va || peerBusy) {
            transmitEnquiry(now);
        } else {
            vs = (vs + M - 1) % M;
            sendIFrame(true, now);
            t200At = now + timers.t200Ms();
        }
        rc++;
    }

    // ---- receiving ---------------------------------------------------------------------------

    /** One frame from the HDLC controller (FCS already checked and stripped). */
    public void receive(byte[] raw, long now) {
        framesIn++;
        if (!l1) {
            Logger.debug("{} L2: frame while layer 1 is down ignored", spanId);
            return;
        }
        LapdFrame f = LapdFrame.parse(raw);
        if (f == null) {
            errors++;
            Logger.debug("{} L2: invalid frame discarded: {}", spanId, LapdFrame.hex(raw));
            return;
        }
        if (f.sapi() != SAPI || f.tei() != TEI) {
            Logger.debug("{} L2: frame for SAPI {} TEI {} ignored", spanId, f.sapi(), f.tei());
            return;
        }
        boolean command = f.cr() != networkSide;
        Logger.debug("{} L2: rx {} {}", spanId, command ? "cmd" : "rsp", f.describe());
        if (f.problem() == null && f.kind() == Kind.I && f.info().length > timers.n201()) {
            frameError('O', f.info().length + " octet I field exceeds N201", now);
        } else if (f.problem() != null) {
            frameError(f.kind() == Kind.UNDEFINED ? 'L' : 'N', f.problem(), now);
        } else if (!directionOk(f.kind(), command)) {
            errors++;
            Logger.warn("{} L2: {} received as a {}, discarded", spanId, f.kind(), command ? "command" : "response");
        } else {
            switch (state()) {
                case TEI_ASSIGNED -> inTeiAssigned(f, now);
                case AWAITING_ESTABLISHMENT -> inAwaitingEstablishment(f, now);
                case AWAITING_RELEASE -> inAwaitingRelease(f, now);
                case MULTIPLE_FRAME_ESTABLISHED, TIMER_RECOVERY -> inEstablished(f, command, now);
            }
        }
        if (isEstablished()) {
            pumpIFrames(now);
            if (ackPending) {
                ackPending = false;
                sendS(Kind.RR, false, false);
            }
        }
    }

    /**
     * Q.921 §3.6 table 5: which frame types exist as commands and which as responses. DISC is
     * taken either way because libpri sends it with the response C/R bit; refusing it would
     * leave us up while a libpri peer has released.
     */
    private static boolean directionOk(Kind kind, boolean command) {
        return switch (kind) {
            case I, SABME -> command;
            case DISC -> true;
            case UA, DM, FRMR -> !command;
            default -> true;
        };
    }

    private void inTeiAssigned(LapdFrame f, long now) {
        switch (f.kind()) {
            case SABME -> {
                if (refused) {
                    sendU(Kind.DM, false, f.pf());
                    return;
                }
                sendU(Kind.UA, false, f.pf());
                resetLink(now);
                wanted = true;
                go(MULTIPLE_FRAME_ESTABLISHED, "peer SABME", now);
                tellEstablished(now);
            }
            case DISC -> sendU(Kind.DM, false, f.pf());
            case UA -> mdlError(f.pf() ? 'C' : 'D', "unsolicited UA");
            case DM -> {
                if (!f.pf() && l1 && wanted) startEstablishment("peer DM asks for establishment", now);
            }
            default -> Logger.debug("{} L2: {} ignored in {}", spanId, f.kind(), state());
        }
    }

    private void inAwaitingEstablishment(LapdFrame f, long now) {
        switch (f.kind()) {
            case SABME -> sendU(Kind.UA, false, f.pf()); // collision (§5.5.1.3): stay until our UA comes
            case DISC -> sendU(Kind.DM, false, f.pf());
            case UA -> {
                if (!f.pf()) {
                    mdlError('D', "UA without F bit");
                    return;
                }
                boolean lost = queue.hasNumbered();
                if (lost) queue.clear();
                boolean tell = layer3Initiated || lost;
                resetLink(now);
                go(MULTIPLE_FRAME_ESTABLISHED, "UA received", now);
                if (tell) tellEstablished(now);
            }
            case DM -> {
                if (f.pf()) toTeiAssigned("peer refused establishment (DM)", now);
            }
            default -> Logger.debug("{} L2: {} ignored in {}", spanId, f.kind(), state());
        }
    }

    private void inAwaitingRelease(LapdFrame f, long now) {
        switch (f.kind()) {
            case SABME -> sendU(Kind.DM, false, f.pf());
            case DISC -> sendU(Kind.UA, false, f.pf());
            case UA, DM -> {
                if (f.pf()) toTeiAssigned(f.kind() + " to DISC", now);
                else if (f.kind() == Kind.UA) mdlError('D', "UA without F bit");
            }
            default -> Logger.debug("{} L2: {} ignored in {}", spanId, f.kind(), state());
        }
    }

    private void inEstablished(LapdFrame f, boolean command, long now) {
        switch (f.kind()) {
            case SABME -> {
                sendU(Kind.UA, false, f.pf());
                mdlError('F', "peer re-established the link");
                boolean lost = queue.hasNumbered();
                if (lost) queue.clear();
                resetLink(now);
                go(MULTIPLE_FRAME_ESTABLISHED, "peer SABME (re-establishment)", now);
                if (lost) tellEstablished(now);
            }
            case DISC -> {
                sendU(Kind.UA, false, f.pf());
                toTeiAssigned("peer DISC", now);
            }
            case UA -> mdlError('C', "unsolicited UA");
            case DM -> {
                if (f.pf() && state() == MULTIPLE_FRAME_ESTABLISHED) {
                    mdlError('B', "unsolicited DM with F=1");
                } else {
                    mdlError(f.pf() ? 'B' : 'E', "peer in disconnected mode");
                    reestablish("peer sent DM", now);
                }
            }
            case FRMR -> {
                mdlError('K', "FRMR received");
                reestablish("peer sent FRMR", now);
            }
            case RR, RNR, REJ -> supervisory(f, command, now);
            case I -> information(f, now);
            default -> Logger.debug("{} L2: {} ignored in {}", spanId, f.kind(), state());
        }
    }

    private void supervisory(LapdFrame f, boolean command, long now) {
        peerBusy = f.kind() == Kind.RNR;
        boolean finalResponse = !command && f.pf();
        if (command && f.pf()) {
            ackPending = false;
            sendS(Kind.RR, false, true); // enquiry response
        }
        if (!validNr(f.nr())) {
            nrError(f, now);
            return;
        }
        if (state() == TIMER_RECOVERY) {
            ack(f.nr());
            if (finalResponse) {
                t200At = -1;
                if (f.kind() == Kind.RNR) {
                    t200At = now + timers.t200Ms();
                } else {
                    t203At = now + timers.t203Ms();
                }
                vs = va; // invoke retransmission
                go(MULTIPLE_FRAME_ESTABLISHED, "peer answered poll (" + f.kind() + ")", now);
            }
            return;
        }
        if (finalResponse) mdlError('A', "unsolicited " + f.kind() + " with F=1");
        switch (f.kind()) {
            case RR -> ackAndTime(f.nr(), now);
            case RNR -> {
                ack(f.nr());
                t203At = -1;
                t200At = now + timers.t200Ms();
            }
            default -> { // REJ
                ack(f.nr());
                t200At = -1;
                t203At = now + timers.t203Ms();
                vs = va; // invoke retransmission
            }
        }
    }

    private void information(LapdFrame f, long now) {
        if (f.ns() == vr) {
            vr = (vr + 1) % M;
            rejectException = false;
            upper.onData(f.info(), now);
            if (f.pf()) {
                ackPending = false;
                sendS(Kind.RR, false, true);
            } else {
                ackPending = true;
            }
        } else if (rejectException) {
            if (f.pf()) {
                ackPending = false;
                sendS(Kind.RR, false, true);
            }
        } else {
            rejectException = true;
            ackPending = false;
            Logger.debug("{} L2: N(S)={} but V(R)={}, sending REJ", spanId, f.ns(), vr);
            sendS(Kind.REJ, false, f.pf());
        }
        if (!isEstablished()) return; // layer 3 released the link from onData
        if (!validNr(f.nr())) {
            nrError(f, now);
        } else if (state() == TIMER_RECOVERY || peerBusy) {
            ack(f.nr());
        } else {
            ackAndTime(f.nr(), now);
        }
    }

    /** State 7 handling of a valid N(R) when the peer is not busy: T200 runs while anything is unacknowledged. */
    private void ackAndTime(int nr, long now) {
        if (nr == vs) {
            ack(nr);
            t200At = -1;
            t203At = now + timers.t203Ms();
        } else if (nr != va) {
            ack(nr);
            t200At = now + timers.t200Ms();
        }
    }

    private boolean validNr(int nr) { return Math.floorMod(nr - va, M) <= Math.floorMod(vs - va, M); }

    private void ack(int nr) {
        queue.ack(Math.floorMod(nr - va, M));
        va = nr;
    }

    private void nrError(LapdFrame f, long now) {
        mdlError('J', "N(R)=" + f.nr() + " outside V(A)=" + va + "..V(S)=" + vs);
        reestablish("N(R) sequence error", now);
    }

    /** §5.8.5 frame rejection condition: on a point-to-point link the answer is re-establishment, not FRMR. */
    private void frameError(char code, String problem, long now) {
        errors++;
        Logger.warn("{} L2: MDL-ERROR {} ({}) in {}", spanId, code, problem, state());
        if (isEstablished()) reestablish("frame error " + code, now);
    }

    // ---- sending -----------------------------------------------------------------------------

    /** "I frame queued up" of the SDL: send while the window is open and the peer is not busy. */
    private void pumpIFrames(long now) {
        while (isEstablished() && !peerBusy && Math.floorMod(vs - va, M) < timers.k()
                && queue.has(Math.floorMod(vs - va, M))) {
            sendIFrame(false, now);
            if (t200At < 0) {
                t203At = -1;
                t200At = now + timers.t200Ms();
            }
        }
    }

    private void sendIFrame(boolean poll, long now) {
        int index = Math.floorMod(vs - va, M);
        byte[] info = queue.take(index);
        if (queue.markSent(index)) retransmissions++;
        out(LapdFrame.information(SAPI, networkSide, TEI, vs, vr, poll, info));
        vs = (vs + 1) % M;
        ackPending = false;
    }

    private void transmitEnquiry(long now) {
        ackPending = false;
        sendS(Kind.RR, true, true);
        t200At = now + timers.t200Ms();
    }

    /** Commands carry C/R=1 from the network side and 0 from the user side; responses the opposite (§3.3.2). */
    private void sendU(Kind kind, boolean command, boolean pf) {
        out(LapdFrame.unnumbered(SAPI, command == networkSide, TEI, kind, pf));
    }

    private void sendS(Kind kind, boolean command, boolean pf) {
        out(LapdFrame.supervisory(SAPI, command == networkSide, TEI, kind, vr, pf));
    }

    private void out(byte[] frame) {
        framesOut++;
        frameOut.accept(frame);
    }

    // ---- procedures of the SDL ---------------------------------------------------------------

    private void startEstablishment(String cause, long now) {
        retryAt = -1;
        queue.clear();
        establishDataLink(now);
        layer3Initiated = true;
        go(AWAITING_ESTABLISHMENT, cause, now);
    }

    /** "Establish data link": clear exception conditions, RC=0, SABME P=1, T200 on, T203 off. */
    private void establishDataLink(long now) {
        clearExceptions();
        rc = 0;
        sendU(Kind.SABME, true, true);
        t203At = -1;
        t200At = now + timers.t200Ms();
    }

    /** Re-establishment that layer 2 starts by itself (errors, N200): layer 3 keeps its view until the outcome. */
    private void reestablish(String cause, long now) {
        establishDataLink(now);
        layer3Initiated = false;
        go(AWAITING_ESTABLISHMENT, cause, now);
    }

    /** Sequence variables to zero and timers for an idle established link (after SABME/UA). */
    private void resetLink(long now) {
        clearExceptions();
        vs = 0;
        vr = 0;
        va = 0;
        t200At = -1;
        t203At = now + timers.t203Ms();
    }

    private void clearExceptions() {
        peerBusy = false;
        rejectException = false;
        ackPending = false;
    }

    private void toTeiAssigned(String cause, long now) {
        queue.clear();
        clearExceptions();
        t200At = -1;
        t203At = -1;
        go(TEI_ASSIGNED, cause, now);
        if (l1 && wanted) retryAt = now + timers.reestablishMs();
        if (upperUp) {
            upperUp = false;
            upper.onReleased(now);
        }
    }

    private void tellEstablished(long now) {
        upperUp = true;
        upper.onEstablished(now);
    }

    private void mdlError(char code, String what) {
        errors++;
        Logger.warn("{} L2: MDL-ERROR {} ({}) in {}", spanId, code, what, state());
    }

    private void go(LapdState to, String cause, long now) {
        var t = machine.go(to, cause, now);
        Logger.info("{} L2: {}", spanId, t);
    }
}
