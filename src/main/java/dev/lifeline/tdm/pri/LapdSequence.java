package dev.lifeline.tdm.pri;

/**
 * The numbered side of one link: V(S), V(R), V(A) modulo 128, the messages they number, and the
 * exception conditions of §5.6 that change what we answer. It knows no state and runs no timer,
 * so the arithmetic can be read (and checked) apart from the procedures that use it.
 *
 * <p>All window arithmetic goes through {@code floorMod}, because V(S) and V(A) wrap
 * independently; comparing them directly breaks at the first wrap.
 */
final class LapdSequence {
    private static final int M = LapdFrame.MODULUS;

    private final int k;
    private final LapdSendQueue queue;
    private int vs;
    private int vr;
    private int va;
    /** The peer sent RNR: hold I frames until it sends RR or REJ. */
    private boolean peerBusy;
    /** We sent REJ and wait for the missing N(S): one REJ per gap, not one per frame after it. */
    private boolean rejectException;
    /** An I frame arrived and nothing has acknowledged it yet; answered with RR after the frame is handled. */
    private boolean ackPending;

    LapdSequence(int k, int queueCapacity) {
        this.k = k;
        this.queue = new LapdSendQueue(queueCapacity);
    }

    int vs() { return vs; }

    int vr() { return vr; }

    int va() { return va; }

    // ---- exception conditions ----------------------------------------------------------------

    boolean peerBusy() { return peerBusy; }

    void peerBusy(boolean busy) { peerBusy = busy; }

    boolean rejectException() { return rejectException; }

    void rejectException(boolean on) { rejectException = on; }

    boolean ackPending() { return ackPending; }

    void ackPending(boolean pending) { ackPending = pending; }

    void clearExceptions() {
        peerBusy = false;
        rejectException = false;
        ackPending = false;
    }

    /** After SABME/UA both ends count from zero again. */
    void reset() {
        clearExceptions();
        vs = 0;
        vr = 0;
        va = 0;
    }

    // ---- receiving ---------------------------------------------------------------------------

    /** The I frame is the one we expect next. */
    boolean inSequence(int ns) { return ns == vr; }

    void received() { vr = (vr + 1) % M; }

    /** V(A) ≤ N(R) ≤ V(S) in modulo terms: the peer can only acknowledge what we sent. */
    boolean validNr(int nr) { return Math.floorMod(nr - va, M) <= Math.floorMod(vs - va, M); }

    /** Takes everything below N(R) off the window. */
    void ack(int nr) {
        queue.ack(Math.floorMod(nr - va, M));
        va = nr;
    }

    /** Nothing sent is waiting for acknowledgement. */
    boolean allAcked() { return vs == va; }

    // ---- sending -----------------------------------------------------------------------------

    /** Queues a layer-3 message; true when the oldest unnumbered one had to be dropped for it. */
    boolean offer(byte[] message) { return queue.offer(message); }

    /** The window has room, the peer is not busy, and there is a message for V(S). */
    boolean canSend() {
        int outstanding = Math.floorMod(vs - va, M);
        return !peerBusy && outstanding < k && queue.has(outstanding);
    }

    /**
     * Sends the message at V(S) through {@code wire} and moves V(S) on (the frame carries the old
     * value, so V(S) moves only after it is out). Returns true if that message had gone out before.
     */
    boolean sendNext(LapdWire wire, boolean poll) {
        int index = Math.floorMod(vs - va, M);
        byte[] info = queue.take(index);
        boolean again = queue.markSent(index);
        wire.sendI(vs, vr, poll, info);
        vs = (vs + 1) % M;
        ackPending = false;
        return again;
    }

    /** "Invoke retransmission": everything not acknowledged goes out again from V(A). */
    void rewind() { vs = va; }

    /** Back one frame, so T200 recovery resends the last I frame with P=1. */
    void rewindOne() { vs = (vs + M - 1) % M; }

    /** Numbered messages not yet acknowledged; layer 3 is told when a re-establishment loses them. */
    boolean hasNumbered() { return queue.hasNumbered(); }

    /** Messages queued for sending, numbered or not. */
    int queued() { return queue.size(); }

    void clearQueue() { queue.clear(); }
}
