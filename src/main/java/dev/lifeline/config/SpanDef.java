package dev.lifeline.config;

/**
 * One digital span (E1/T1) of a board.
 *
 * @param id          e.g. {@code e1a}
 * @param type        {@code e1} or {@code t1}
 * @param signalling  {@code pri-cpe} or {@code pri-net}
 * @param timeslots   bearer timeslots as written, e.g. {@code 1-15,17-31} (already checked for syntax and range)
 * @param echoTailMs  the echo canceller's tail on each bearer, 0 = none: the span's far end is the
 *                    PSTN, whose hybrids (where a call reaches an analog line) are further away
 */
public record SpanDef(String id, String type, String signalling, String timeslots, int echoTailMs) {
    /** Default tail on a span's bearers. */
    public static final int DEFAULT_TAIL_MS = 64;

    public SpanDef(String id, String type, String signalling, String timeslots) {
        this(id, type, signalling, timeslots, DEFAULT_TAIL_MS);
    }

    /** The bearer timeslots in ascending order, e.g. 1..15, 17..31. */
    public java.util.List<Integer> bearers() {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (String part : timeslots.split(",")) {
            String[] r = part.split("-");
            int a = Integer.parseInt(r[0].trim()), b = Integer.parseInt(r[r.length - 1].trim());
            for (int ts = a; ts <= b; ts++) out.add(ts);
        }
        return java.util.List.copyOf(out);
    }

    /** This side is the network (pri-net); the branch is normally the user side (pri-cpe). */
    public boolean networkSide() { return "pri-net".equals(signalling); }
}
