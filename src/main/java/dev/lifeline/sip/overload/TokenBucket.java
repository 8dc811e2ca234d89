package dev.lifeline.sip.overload;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, holding at most a quarter second's worth
 * (so a budget is a rate, not a reserve that an idle minute builds up). Not thread-safe; the
 * {@link Admission} that owns it serialises access. Time is passed in (nanoseconds) for tests.
 */
final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(double ratePerSecond, long nowNanos) {
        this.perNano = ratePerSecond / 1e9;
        this.capacity = Math.max(1.0, ratePerSecond / 4);
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** Takes one token if there is one. */
    boolean take(long nowNanos) {
        refill(nowNanos);
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }

    /** How full the bucket is, 0..1. */
    double fill(long nowNanos) {
        refill(nowNanos);
        return tokens / capacity;
    }

    private void refill(long nowNanos) {
        long dt = nowNanos - last;
        if (dt > 0) {
            tokens = Math.min(capacity, tokens + dt * perNano);
            last = nowNanos;
        }
    }
}
