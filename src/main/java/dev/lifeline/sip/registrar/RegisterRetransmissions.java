package dev.lifeline.sip.registrar;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stateless registrar needs of a transaction layer: recognising a retransmitted REGISTER
 * by its Call-ID and CSeq. The first copy goes ahead; a copy that arrives while the first is still
 * being committed is dropped (the answer is on its way); a copy that arrives after the answer gets
 * the same answer again, without checking the digest a second time (its nonce count was already
 * used, so a second check would wrongly call it a replay). Kept for 32 s (64 × T1, the longest a
 * phone retransmits), at most {@link #CAPACITY} entries of a few dozen bytes: unlike a JAIN-SIP
 * server transaction, which keeps the whole request and response for that long.
 */
final class RegisterRetransmissions {
    static final int CAPACITY = 16_384;
    static final long KEEP_MS = 32_000;

    /** The answer given to the first copy: its status, and the AOR for a 200 (re-answered with the current bindings). */
    record Answer(int status, String aor) { }

    /** What to do with a REGISTER. */
    sealed interface Seen permits First, InProgress, Answered { }
    record First() implements Seen { }
    record InProgress() implements Seen { }
    record Answered(Answer answer) implements Seen { }

    private record Record(Answer answer, long atMs) { }

    private final Map<String, Record> entries = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Record> e) { return size() > CAPACITY; }
    };

    static String key(String callId, long cseq) { return cseq + " " + callId; }

    /** Registers a copy of the REGISTER {@code key}; a first copy is then in progress until {@link #answered}. */
    synchronized Seen arrived(String key, long nowMs) {
        Record e = entries.get(key);
        if (e != null && nowMs - e.atMs <= KEEP_MS) return e.answer == null ? new InProgress() : new Answered(e.answer);
        entries.put(key, new Record(null, nowMs));
        return new First();
    }

    synchronized void answered(String key, Answer answer, long nowMs) {
        entries.put(key, new Record(answer, nowMs));
    }

    synchronized int size() { return entries.size(); }
}
