package dev.lifeline.config;

/**
 * SIP admission control ({@code sip.overload}): what the gateway accepts from the network before
 * it spends work on it. Priority traffic (in-dialog requests, ACK, CANCEL, anything from the HQ
 * servers) is never counted against these budgets.
 *
 * @param maxRate         new requests per second the box admits in all (dialog-creating INVITEs,
 *                        REGISTERs, out-of-dialog OPTIONS...); beyond it: 503 with Retry-After
 * @param sourceRate      new requests per second one source IP may use while the box is busy (its
 *                        global budget is below half); keeps one sender from starving the rest
 * @param queue           UDP datagrams waiting for a SIP worker thread; beyond it the datagram is
 *                        dropped unread, like a full socket buffer (memory: queue x 16 KB at most)
 * @param maxQueueDelayMs a request that waited longer than this in the queue is dropped unread: its
 *                        sender has retransmitted it by then, answering the old copy is wasted work
 * @param retryAfterSeconds the Retry-After of a 503 sent for overload
 * @param rejectRate      503s per second the box sends in all for overload (each source at most
 *                        {@code sourceRate} of them); a refused request beyond it is dropped unanswered
 * @param maxCallLegs     SIP call legs (INVITE dialogs, each with its RTP socket and buffers) the
 *                        B2BUA holds at once; a call between two SIP phones is two. A new INVITE
 *                        beyond it gets 503 with Retry-After and no session: without the cap a call
 *                        flood filled the heap with half-set-up calls and stalled every call
 */
public record OverloadConfig(int maxRate, int sourceRate, int queue, long maxQueueDelayMs, int retryAfterSeconds,
                             int rejectRate, int maxCallLegs) {
    public static final OverloadConfig DEFAULTS = new OverloadConfig(6000, 4000, 1000, 1000, 5, 20000, 1200);

    static OverloadConfig read(YamlNode node) {
        if (node == null) return DEFAULTS;
        Fields f = node.fields("max-rate", "source-rate", "queue", "max-queue-delay", "retry-after", "reject-rate",
                "max-call-legs");
        OverloadConfig d = DEFAULTS;
        OverloadConfig c = new OverloadConfig(
                f.integer("max-rate", d.maxRate, 10, 1_000_000),
                f.integer("source-rate", d.sourceRate, 1, 1_000_000),
                f.integer("queue", d.queue, 16, 100_000),
                f.durationMs("max-queue-delay", d.maxQueueDelayMs, 50, 32_000),
                f.integer("retry-after", d.retryAfterSeconds, 1, 3600),
                f.integer("reject-rate", d.rejectRate, 1, 1_000_000),
                f.integer("max-call-legs", d.maxCallLegs, 2, 100_000));
        if (c.sourceRate > c.maxRate) {
            node.problems().add(node.childPath("source-rate"), "must not exceed max-rate (" + c.maxRate + ")");
        }
        return c;
    }
}
