package dev.lifeline.sip.overload;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The queue between JAIN-SIP's UDP receive thread and its worker threads, bounded. The stack's
 * own is unbounded, and each entry holds a whole receive buffer: at a few thousand REGISTERs a
 * second more than the workers can take, it filled a 128 MB heap within seconds. Here a full
 * queue drops the datagram unread (as a full socket buffer would; the sender retransmits), and
 * a datagram that waited longer than {@code maxQueueDelayMs} is skipped: its sender has already
 * retransmitted it, so answering the old copy is wasted work when work is what is short.
 */
final class BoundedDatagramQueue extends ArrayBlockingQueue<DatagramQueuedMessageDispatch> {
    private final transient Admission admission;
    private final long maxDelayMs;

    BoundedDatagramQueue(Admission admission) {
        super(admission.config().queue());
        this.admission = admission;
        this.maxDelayMs = admission.config().maxQueueDelayMs();
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch d) {
        if (super.offer(d)) return true;
        admission.queueFull.incrementAndGet();
        return false;
    }

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
