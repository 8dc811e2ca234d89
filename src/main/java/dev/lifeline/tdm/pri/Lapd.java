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
 * <p>This class is the link as {@link E1Span} and layer 3 see it: it checks every received
 * frame once (address, format, N201, command or response) and then hands it to the part that
 * owns it. {@link LapdEstablishment} brings the link up and down and handles the unnumbered
 * frames; {@link LapdTransfer} moves I frames in states 7 and 8; {@link LapdSequence} keeps the
 * sequence variables and the send queue; {@link LapdDeadlines} the timers; {@link LapdMachine}
 * the state with its history.
 *
 * <p>Beyond the SDL, a link that fails while layer 1 is up and layer 3 wants it is brought
 * back every {@link LapdTimers#reestablishMs()}, because a PRI has nobody to restart it.
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

    private final String spanId;
    private final LapdTimers timers;
    private final LapdTally tally = new LapdTally();
    private final LapdMachine machine;
    private final LapdWire wire;
    private final LapdSequence seq;
    private final LapdDeadlines deadlines;
    private final LapdEstablishment establishment;
    private final LapdTransfer transfer;

    public Lapd(String spanId, boolean networkSide, Consumer<byte[]> frameOut, Listener upper, LapdTimers timers) {
        this.spanId = spanId;
        this.timers = timers;
        this.machine = new LapdMachine(spanId, TABLE, TEI_ASSIGNED, tally);
        this.wire = new LapdWire(networkSide, frameOut, tally);
        this.seq = new LapdSequence(timers.k(), timers.queueCapacity());
        this.deadlines = new LapdDeadlines(timers);
        this.establishment = new LapdEstablishment(spanId, machine, seq, deadlines, wire, tally, upper);
        this.transfer = new LapdTransfer(spanId, machine, seq, deadlines, wire, tally, establishment, upper);
    }

    public LapdState state() { return machine.state(); }

    public List<TransitionTable.Transition<LapdState>> history() { return machine.history(); }

    public LapdCounters counters() { return tally.snapshot(); }

    public boolean networkSide() { return wire.networkSide(); }

    /** Messages queued for sending, numbered or not. */
    public int queued() { return seq.queued(); }

    @Override
    public boolean isEstablished() { return machine.established(); }

    // ---- layer 1 -------------------------------------------------------------------------

    /** The line has frame alignment and the D-channel carries flags: start (or resume) if wanted. */
    public void l1Up(long now) { establishment.l1Up(now); }

    /** Layer 1 lost: nothing can be sent or acknowledged any more, so release at once. */
    public void l1Down(long now) { establishment.l1Down(now); }

    // ---- DL primitives ---------------------------------------------------------------------

    @Override
    public void establish(long now) { establishment.establish(now); }

    @Override
    public void release(long now) { establishment.release(now); }

    @Override
    public void send(byte[] l3Message, long now) {
        if (l3Message.length > timers.n201()) {
            tally.dropped++;
            Logger.warn("{} L2: {} octet message exceeds N201={}, dropped", spanId, l3Message.length, timers.n201());
            return;
        }
        LapdState s = state();
        if (s == TEI_ASSIGNED || s == AWAITING_RELEASE) {
            tally.dropped++;
            Logger.warn("{} L2: link down ({}), {} octet message dropped", spanId, s, l3Message.length);
            return;
        }
        if (seq.offer(l3Message.clone())) {
            tally.dropped++;
            Logger.warn("{} L2: send queue full ({}), oldest message dropped", spanId, timers.queueCapacity());
        }
        if (isEstablished()) transfer.pump(now);
    }

    // ---- timers ------------------------------------------------------------------------------

    /**
     * Runs expired timers; called every 20 ms by the engine. T200 goes first: what it does may
     * restart T203, and that must count before T203 is looked at.
     */
    public void tick(long now) {
        if (deadlines.t200Expired(now)) {
            if (isEstablished()) transfer.t200Expired(now);
            else establishment.t200Expired(now);
        }
        if (deadlines.t203Expired(now)) transfer.t203Expired(now);
        if (deadlines.retryDue(now)) establishment.retryDue(now);
    }

    // ---- receiving ---------------------------------------------------------------------------

    /** One frame from the HDLC controller (FCS already checked and stripped). */
    public void receive(byte[] raw, long now) {
        tally.framesIn++;
        if (!establishment.l1()) {
            Logger.debug("{} L2: frame while layer 1 is down ignored", spanId);
            return;
        }
        LapdFrame f = LapdFrame.parse(raw);
        if (f == null) {
            tally.errors++;
            Logger.debug("{} L2: invalid frame discarded: {}", spanId, LapdFrame.hex(raw));
            return;
        }
        if (!wire.ours(f)) {
            Logger.debug("{} L2: frame for SAPI {} TEI {} ignored", spanId, f.sapi(), f.tei());
            return;
        }
        boolean command = wire.isCommand(f);
        Logger.debug("{} L2: rx {} {}", spanId, command ? "cmd" : "rsp", f.describe());
        if (f.problem() == null && f.kind() == Kind.I && f.info().length > timers.n201()) {
            frameError('O', f.info().length + " octet I field exceeds N201", now);
        } else if (f.problem() != null) {
            frameError(f.kind() == Kind.UNDEFINED ? 'L' : 'N', f.problem(), now);
        } else if (!directionOk(f.kind(), command)) {
            tally.errors++;
            Logger.warn("{} L2: {} received as a {}, discarded", spanId, f.kind(), command ? "command" : "response");
        } else if (isEstablished() && LapdTransfer.handles(f.kind())) {
            transfer.receive(f, command, now);
        } else {
            establishment.receive(f, now);
        }
        if (isEstablished()) transfer.afterReceive(now);
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

    /** §5.8.5 frame rejection condition: on a point-to-point link the answer is re-establishment, not FRMR. */
    private void frameError(char code, String problem, long now) {
        machine.mdlError(code, problem);
        if (isEstablished()) establishment.reestablish("frame error " + code, now);
    }
}
