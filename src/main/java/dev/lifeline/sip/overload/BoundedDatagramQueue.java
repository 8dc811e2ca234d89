package dev.lifeline.sip.overload;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.net.DatagramPacket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The queue between JAIN-SIP's UDP receive thread and its worker threads, bounded. The stack's
 * own is unbounded, and each entry holds a whole receive buffer: at a few thousand REGISTERs a
 * second more than the workers can take, it filled a 128 MB heap within seconds. Here an entry
 * holds a copy of just the datagram (a few hundred bytes instead of the 16 KB buffer, which at
 * a thousand entries had filled the 16 MB young generation and been promoted), a full queue
 * drops the datagram unread (as a full socket buffer would; the sender retransmits), and a
 * datagram that waited longer than {@code maxQueueDelayMs} is skipped: its sender has already
 * retransmitted it, so answering the old copy is wasted work when work is what is short.
 *
 * <p>New work — a REGISTER, INVITE, SUBSCRIBE, MESSAGE or PUBLISH without credentials and
 * outside a dialog, recognised by its bytes ({@link RawRequest}) — from a source that is not an
 * HQ server is decided here, before any parsing: {@link Admission#decide} while less than a
 * quarter of the queue waits, refused once it does (so responses, ACK/BYE/CANCEL of calls that
 * are up, OPTIONS probes, and the REGISTERs that answer our challenges still find room:
 * finishing started work is what keeps goodput up). A refusal is answered with a 503 built from
 * the bytes ({@link StatelessRefusal}) while the refusal budget lasts, else dropped — except
 * during a short spike ({@link #refuseUnread}).
 */
final class BoundedDatagramQueue extends ArrayBlockingQueue<DatagramQueuedMessageDispatch> {
    private final transient Admission admission;
    private final transient Consumer<DatagramPacket> send;
    private final long maxDelayMs;

    /** @param send sends a datagram from the listening socket (the 503s) */
    BoundedDatagramQueue(Admission admission, Consumer<DatagramPacket> send) {
        super(admission.config().queue());
        this.admission = admission;
        this.send = send;
        this.maxDelayMs = admission.config().maxQueueDelayMs();
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch d) {
        DatagramPacket p = d.packet;
        byte[] b = p.getData();
        int off = p.getOffset();
        int len = p.getLength();
        if (RawRequest.startsNewWork(b, off, len)) {
            String source = p.getAddress().getHostAddress();
            if (!admission.trusted(source)) {
                Admission.Verdict v = admission.load() * 4 >= capacity() ? refuseUnread(source)
                        : admission.decide(source, Admission.Kind.NEW);
                if (v != Admission.Verdict.ADMIT) {
                    if (v == Admission.Verdict.REJECT) refuse(b, off, len, p);
                    return false;
                }
            }
        }
        DatagramPacket copy = new DatagramPacket(Arrays.copyOfRange(b, off, off + len), len, p.getAddress(), p.getPort());
        if (super.offer(new DatagramQueuedMessageDispatch(copy, d.getReceptionTime()))) return true;
        admission.queueFull.incrementAndGet();
        return false;
    }

    /**
     * A spike (a collection pause, a burst) fills the queue for a moment: new work it turns away
     * is dropped silently, and its sender's retransmission half a second later finds room. Only
     * when the queue has kept turning work away for {@link #PERSISTENT_NANOS} is the box truly
     * over its capacity; then the refusal is answered (503, within the refusal budgets), which
     * ends the sender's retransmissions instead of multiplying the storm.
     */
    private Admission.Verdict refuseUnread(String source) {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastRefusal > PERSISTENT_NANOS) episodeStart = now;
            lastRefusal = now;
        }
        if (now - episodeStart < PERSISTENT_NANOS) return admission.dropUnread();
        return admission.refuseUnread(source);
    }

    /** T1 (500 ms): the first retransmission of what was dropped comes that much later. */
    static final long PERSISTENT_NANOS = 500_000_000L;
    private long episodeStart;
    private long lastRefusal = System.nanoTime() - 2 * PERSISTENT_NANOS;

    private void refuse(byte[] b, int off, int len, DatagramPacket p) {
        DatagramPacket answer = StatelessRefusal.build(b, off, len, p.getAddress(), p.getPort(), admission.config().retryAfterSeconds());
        if (answer != null) send.accept(answer);
    }

    private int capacity() { return size() + remainingCapacity(); }

    @Override
    public DatagramQueuedMessageDispatch take() throws InterruptedException {
        while (true) {
            DatagramQueuedMessageDispatch d = super.take();
            if (fresh(d)) return d;
        }
    }

    @Override
    public DatagramQueuedMessageDispatch poll(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            DatagramQueuedMessageDispatch d = super.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (d == null || fresh(d)) return d;
        }
    }

    private boolean fresh(DatagramQueuedMessageDispatch d) {
        if (System.currentTimeMillis() - d.getReceptionTime() <= maxDelayMs) return true;
        admission.stale.incrementAndGet();
        return false;
    }
}
