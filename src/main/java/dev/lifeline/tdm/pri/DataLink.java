package dev.lifeline.tdm.pri;

/**
 * Layer 2 of the D-channel as layer 3 (Q.931) sees it: the DL- primitives of Q.921 §4, for one
 * point-to-point data link (TEI 0 on a PRI). Implemented by {@code Lapd}; every method runs on
 * the engine thread.
 */
public interface DataLink {
    /** DL-ESTABLISH-REQUEST: bring multiple-frame operation up (SABME). */
    void establish(long now);

    /** DL-RELEASE-REQUEST: take it down (DISC). */
    void release(long now);

    /**
     * DL-DATA-REQUEST: send one layer-3 message in an I frame. Queued (bounded) while the link is
     * being established; dropped with a log line when the link is down and not being established.
     */
    void send(byte[] l3Message, long now);

    /** Multiple-frame operation is established (state 7/8 of Q.921 annex B). */
    boolean isEstablished();

    /** What layer 3 hears from layer 2. */
    interface Listener {
        /** DL-ESTABLISH-INDICATION or -CONFIRM: the link is up (after start, or re-established). */
        void onEstablished(long now);

        /** DL-RELEASE-INDICATION or -CONFIRM: the link is down (peer DISC, N200 retries exhausted, layer 1 lost). */
        void onReleased(long now);

        /** DL-DATA-INDICATION: one layer-3 message received in sequence. */
        void onData(byte[] l3Message, long now);
    }
}
