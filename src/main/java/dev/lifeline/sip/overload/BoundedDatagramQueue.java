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
 *
 * <p>The last quarter of the queue is kept for what must get through a storm: a datagram that
 * starts new work (a REGISTER, INVITE, SUBSCRIBE, MESSAGE or PUBLISH without credentials —
 * recognised by its bytes, before any parsing) from a source that is not an HQ server is dropped
 * once a quarter of the queue is waiting (for free: the valve's 503 for the same costs a parse), so responses, ACK/BYE/CANCEL of calls that are up,
 * OPTIONS probes, and the second half of registrations already under way (the REGISTER that
 * answers our challenge) still find room: finishing started work is what keeps goodput up.
 */
final class BoundedDatagramQueue extends ArrayBlockingQueue<DatagramQueuedMessageDispatch> {
    private final transient Admission admission;
    private final long maxDelayMs;

    BoundedDatagramQueue(Admission admission) {
        super(admission.config().queue());
        this.admission = admission;
        this.maxDelayMs = admission.config().maxQueueDelayMs();
    }

    private static final byte[][] NEW_WORK = {bytes("REGISTER "), bytes("INVITE "), bytes("SUBSCRIBE "), bytes("MESSAGE "),
            bytes("PUBLISH ")};

    @Override
    public boolean offer(DatagramQueuedMessageDispatch d) {
        if (size() * 4 >= capacity() && startsNewWork(d.packet) && !admission.trusted(d.packet.getAddress().getHostAddress())) {
            admission.queueFull.incrementAndGet();
            return false;
        }
        if (super.offer(d)) return true;
        admission.queueFull.incrementAndGet();
        return false;
    }

    private int capacity() { return size() + remainingCapacity(); }

    static boolean startsNewWork(java.net.DatagramPacket p) {
        byte[] b = p.getData();
        int off = p.getOffset();
        int len = p.getLength();
        for (byte[] m : NEW_WORK) {
            if (len < m.length) continue;
            boolean same = true;
            for (int i = 0; i < m.length && same; i++) same = b[off + i] == m[i];
            if (same) return !hasCredentials(b, off, len);
        }
        return false;
    }

    private static final byte[] AUTHORIZATION = bytes("authorization:");

    /** Whether a header line (of the head, before the blank line) is Authorization or Proxy-Authorization. */
    static boolean hasCredentials(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end - 1; i++) {
            if (b[i] != '\n') continue;
            if (b[i + 1] == '\r' || b[i + 1] == '\n') return false; // end of the headers
            int start = i + 1;
            if (end - start > 6 && (b[start] | 0x20) == 'p' && (b[start + 5] | 0x20) == '-') start += 6; // "Proxy-"
            if (matchesIgnoreCase(b, start, end, AUTHORIZATION)) return true;
        }
        return false;
    }

    private static boolean matchesIgnoreCase(byte[] b, int at, int end, byte[] lower) {
        if (end - at < lower.length) return false;
        for (int i = 0; i < lower.length; i++) {
            int c = b[at + i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower[i]) return false;
        }
        return true;
    }

    private static byte[] bytes(String s) { return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII); }

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
