package dev.lifeline.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A call detail record (DESIGN §8, after TR-104 {@code CallLog}): one per call, written when
 * the call ends. Times have millisecond precision (they are truncated here, so what is
 * stored is exactly what is read back). Build with {@link #builder()}, which derives the
 * duration and billable seconds.
 *
 * @param seq            per-gateway sequence, assigned by {@link CdrStore#insert}; 0 before
 * @param uuid           globally unique id of the call
 * @param direction      {@code internal}, {@code outbound} or {@code inbound}
 * @param callingName    or null
 * @param calledDialled  as the caller dialled it
 * @param calledNumber   after normalization
 * @param srcLeg         e.g. {@code fxs:fxs1}, {@code sip:7000@10.0.0.5}
 * @param dstLeg         e.g. {@code fxo:fxo1}; null if the call never reached a destination
 * @param answer         null if never answered
 * @param durationMs     end − start
 * @param billableSec    end − answer in whole seconds, rounded up; 0 if unanswered
 * @param q850Cause      Q.850 release cause (16 = normal clearing)
 * @param sipStatus      final SIP status of the SIP leg, or null
 * @param mode           {@code normal} or {@code survival}: the gateway mode when the call started
 * @param codec          e.g. {@code PCMU}, or null (no media)
 * @param rtp            or null (no RTP leg)
 * @param forwardedFrom  the extension that forwarded the call (call forwarding), or null
 * @param fax            how a fax crossed the call: {@code none}, {@code t38}, {@code pass-through} (G.711 in data mode)
 */
public record Cdr(long seq, String uuid, String gatewayId, String direction, String callingNumber, String callingName,
                  String calledDialled, String calledNumber, String srcLeg, String dstLeg, Instant start, Instant answer,
                  Instant end, long durationMs, long billableSec, int q850Cause, Integer sipStatus, String mode,
                  String codec, RtpStats rtp, String forwardedFrom, String fax) {

    public static final Set<String> DIRECTIONS = Set.of("internal", "outbound", "inbound");
    public static final Set<String> MODES = Set.of("normal", "survival");
    /** The fax column's values; {@code line} (a fax between two analog lines) is reserved and not yet written. */
    public static final Set<String> FAX = Set.of("none", "t38", "pass-through", "line");

    public Cdr {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(callingNumber, "callingNumber");
        Objects.requireNonNull(calledDialled, "calledDialled");
        Objects.requireNonNull(calledNumber, "calledNumber");
        Objects.requireNonNull(srcLeg, "srcLeg");
        if (!DIRECTIONS.contains(direction)) throw new IllegalArgumentException("direction must be one of " + DIRECTIONS + ": " + direction);
        fax = fax == null ? "none" : fax;
        if (!FAX.contains(fax)) throw new IllegalArgumentException("fax must be one of " + FAX + ": " + fax);
        if (!MODES.contains(mode)) throw new IllegalArgumentException("mode must be one of " + MODES + ": " + mode);
        start = Objects.requireNonNull(start, "start").truncatedTo(ChronoUnit.MILLIS);
        end = Objects.requireNonNull(end, "end").truncatedTo(ChronoUnit.MILLIS);
        answer = answer == null ? null : answer.truncatedTo(ChronoUnit.MILLIS);
        if (end.isBefore(start)) throw new IllegalArgumentException("end " + end + " is before start " + start);
        if (answer != null && (answer.isBefore(start) || answer.isAfter(end))) {
            throw new IllegalArgumentException("answer " + answer + " is outside start..end");
        }
        if (durationMs != Duration.between(start, end).toMillis()) throw new IllegalArgumentException("durationMs must be end - start");
        if (billableSec != billableSeconds(answer, end)) throw new IllegalArgumentException("billableSec must be end - answer rounded up");
    }

    public boolean answered() { return answer != null; }

    /** The same record with the sequence number the store assigned. */
    public Cdr withSeq(long newSeq) {
        return new Cdr(newSeq, uuid, gatewayId, direction, callingNumber, callingName, calledDialled, calledNumber, srcLeg,
                dstLeg, start, answer, end, durationMs, billableSec, q850Cause, sipStatus, mode, codec, rtp, forwardedFrom, fax);
    }

    /** Whole seconds from answer to end, rounded up (a 0.2 s call bills 1 s); 0 if unanswered. */
    public static long billableSeconds(Instant answer, Instant end) {
        if (answer == null) return 0;
        long ms = Duration.between(answer.truncatedTo(ChronoUnit.MILLIS), end.truncatedTo(ChronoUnit.MILLIS)).toMillis();
        return (ms + 999) / 1000;
    }

    public static Builder builder() { return new Builder(); }

    /** Fills a CDR field by field; {@link #build()} computes duration and billable seconds. */
    public static final class Builder {
        private String uuid = UUID.randomUUID().toString();
        private String gatewayId, direction, callingNumber = "", callingName, calledDialled, calledNumber, srcLeg, dstLeg;
        private Instant start, answer, end;
        private int q850Cause = 16;
        private Integer sipStatus;
        private String mode = "normal", codec;
        private RtpStats rtp;
        private String forwardedFrom;
        private String fax = "none";

        public Builder uuid(String v) { uuid = v; return this; }
        public Builder gatewayId(String v) { gatewayId = v; return this; }
        public Builder direction(String v) { direction = v; return this; }
        public Builder callingNumber(String v) { callingNumber = v; return this; }
        public Builder callingName(String v) { callingName = v; return this; }
        public Builder calledDialled(String v) { calledDialled = v; return this; }
        public Builder calledNumber(String v) { calledNumber = v; return this; }
        public Builder srcLeg(String v) { srcLeg = v; return this; }
        public Builder dstLeg(String v) { dstLeg = v; return this; }
        public Builder start(Instant v) { start = v; return this; }
        public Builder answer(Instant v) { answer = v; return this; }
        public Builder end(Instant v) { end = v; return this; }
        public Builder q850Cause(int v) { q850Cause = v; return this; }
        public Builder sipStatus(Integer v) { sipStatus = v; return this; }
        public Builder mode(String v) { mode = v; return this; }
        public Builder codec(String v) { codec = v; return this; }
        public Builder rtp(RtpStats v) { rtp = v; return this; }
        public Builder forwardedFrom(String v) { forwardedFrom = v; return this; }
        public Builder fax(String v) { fax = v; return this; }

        public Cdr build() {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Instant s = start.truncatedTo(ChronoUnit.MILLIS), e = end.truncatedTo(ChronoUnit.MILLIS);
            String normalized = calledNumber != null ? calledNumber : calledDialled;
            return new Cdr(0, uuid, gatewayId, direction, callingNumber, callingName, calledDialled, normalized, srcLeg, dstLeg,
                    s, answer, e, Duration.between(s, e).toMillis(), billableSeconds(answer, e), q850Cause, sipStatus, mode,
                    codec, rtp, forwardedFrom, fax);
        }
    }
}
