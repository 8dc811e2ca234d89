package dev.lifeline.media.udptl;

/**
 * The receive half of UDPTL redundancy: from each packet it delivers, in sequence order, the
 * earlier IFPs that never arrived (taken from the packet's secondaries) and then the primary; a
 * repeat or a packet older than what was delivered is dropped. It keeps one number (the next
 * sequence expected), so nothing a peer sends can make it grow.
 */
public final class UdptlReceiver {
    /** Where IFPs go, in order, each with its own sequence number. */
    @FunctionalInterface
    public interface Delivery {
        void ifp(int seq, byte[] ifp);
    }

    private int expected = -1;
    long delivered, recovered, lost, duplicates;

    /** Delivers what {@code p} brings that was not delivered yet. */
    public void accept(UdptlPacket p, Delivery out) {
        int seq = p.seq();
        int gap;
        if (expected < 0) {
            gap = p.secondary().size(); // the first packet: what it repeats is news too
        } else {
            int diff = (seq - expected) & 0xffff;
            if (diff >= 0x8000) { // behind what was delivered: a repeat or a late packet
                duplicates++;
                return;
            }
            gap = diff;
        }
        int recoverable = Math.min(gap, p.secondary().size());
        if (expected >= 0) lost += gap - recoverable;
        for (int back = recoverable; back >= 1; back--) { // oldest first
            byte[] ifp = p.secondary().get(back - 1);
            if (ifp.length == 0) continue;
            out.ifp((seq - back) & 0xffff, ifp);
            recovered++;
            delivered++;
        }
        out.ifp(seq, p.primary());
        delivered++;
        expected = (seq + 1) & 0xffff;
    }
}
