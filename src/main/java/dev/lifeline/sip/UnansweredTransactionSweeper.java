package dev.lifeline.sip;

import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.TransactionState;
import org.tinylog.Logger;

/**
 * Removes server transactions that JAIN-SIP keeps in its table although nobody will ever answer
 * through them. The gateway answers REGISTER, OPTIONS and challenges statelessly; under a storm
 * (10,000 REGISTER/s, with retransmissions) JAIN-SIP 1.3 nevertheless maps a few thousand of those
 * requests' transactions into its table, in TRYING with no timer running, and nothing ever removes
 * them: each storm added ≈ 3,000 (measured: 2,764, then 6,640 after a second one), so memory grew
 * with what the network sent. A transaction still in TRYING at two sweeps {@link #PERIOD_S} apart
 * has had no answer for that long: its client gave up (Timer F, 32 s) or will soon, and every
 * request the gateway means to answer through a transaction gets a provisional or final answer
 * within seconds (INVITE: 100 Trying at once; a REGISTER forwarded to HQ: HQ's answer or a 408
 * within 4 s). One daemon thread, one sweep every {@link #PERIOD_S} seconds.
 */
final class UnansweredTransactionSweeper implements AutoCloseable {
    static final int PERIOD_S = 16;

    private final SIPTransactionStack stack;
    private final Map<String, SIPServerTransaction> table;
    private Set<SIPServerTransaction> seenTrying = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sip-tx-sweeper");
        t.setDaemon(true);
        return t;
    });

    @SuppressWarnings("unchecked")
    UnansweredTransactionSweeper(SIPTransactionStack stack) {
        this.stack = stack;
        Map<String, SIPServerTransaction> t;
        try {
            Field f = SIPTransactionStack.class.getDeclaredField("serverTransactionTable");
            f.setAccessible(true);
            t = (Map<String, SIPServerTransaction>) f.get(stack);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Logger.warn("SIP: cannot watch the server transaction table ({}); unanswered transactions are not swept", e.toString());
            t = null;
        }
        this.table = t;
    }

    void start() {
        if (table != null) timer.scheduleWithFixedDelay(this::sweep, PERIOD_S, PERIOD_S, TimeUnit.SECONDS);
    }

    /** One sweep; returns how many transactions it removed. */
    synchronized int sweep() {
        if (table == null) return 0;
        Set<SIPServerTransaction> trying = Collections.newSetFromMap(new IdentityHashMap<>());
        int removed = 0;
        try {
            for (SIPServerTransaction tx : table.values()) {
                TransactionState s = tx.getState();
                if (s != null && s != TransactionState.TRYING) continue;
                if (seenTrying.contains(tx)) {
                    stack.removeTransaction(tx);
                    removed++;
                } else {
                    trying.add(tx);
                }
            }
        } catch (RuntimeException e) {
            Logger.warn("SIP: transaction sweep failed: {}", e.toString());
        }
        seenTrying = trying;
        if (removed > 0) {
            Logger.info("SIP: removed {} server transactions left unanswered for {} s ({} in the table)", removed, PERIOD_S, table.size());
        }
        return removed;
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
