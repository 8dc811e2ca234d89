package dev.lifeline.call;

import dev.lifeline.store.Cdr;

/** Turns an ended call into its CDR (DESIGN §8): direction, parties, legs, times, cause, media. */
final class CallRecords {
    private CallRecords() {}

    /** @param modeNow the gateway's mode as the call ends */
    static Cdr cdr(Call c, String gatewayId, String modeNow) {
        String direction = c.caller.isPstn() ? "inbound" : c.callee != null && c.callee.isPstn() ? "outbound" : "internal";
        return Cdr.builder().uuid(c.uuid).gatewayId(gatewayId).direction(direction)
                .callingNumber(c.caller.number()).callingName(c.caller.displayName())
                .calledDialled(c.dialled).calledNumber(c.normalized)
                .srcLeg(c.caller.id()).dstLeg(c.callee == null ? null : c.callee.id())
                .start(c.start).answer(c.answer).end(c.end)
                .q850Cause(c.cause).mode(modeOf(c, modeNow))
                .sipStatus(firstNonNull(c.callee == null ? null : c.callee.sipStatus(), c.caller.sipStatus()))
                .codec(firstNonNull(c.caller.codec(), c.callee == null ? null : c.callee.codec()))
                .rtp(firstNonNull(c.caller.rtpStats(), c.callee == null ? null : c.callee.rtpStats()))
                .forwardedFrom(c.forwardedFrom)
                .fax(faxOf(c))
                .build();
    }

    /**
     * How a fax crossed the call: as a SIP leg says ({@code t38}, {@code pass-through}); else
     * {@code line} when both legs are lines (no packet media, so no codec) and either line's
     * canceller recognised a fax; else null ({@code none}).
     */
    private static String faxOf(Call c) {
        String sip = firstNonNull(c.caller.fax(), c.callee == null ? null : c.callee.fax());
        if (sip != null || c.callee == null) return sip;
        boolean lines = c.caller.codec() == null && c.callee.codec() == null;
        return lines && (c.caller.faxOnLine() || c.callee.faxOnLine()) ? "line" : null;
    }

    /**
     * "survival" when the gateway was outside NORMAL when the call was placed or when it ended: a
     * call set up in survival stays a survival call after recovery, and one that met a dead HQ and
     * fell back locally (the mode flipping meanwhile) is one too.
     */
    private static String modeOf(Call c, String modeNow) {
        return "survival".equals(c.mode) ? c.mode : modeNow;
    }

    private static <T> T firstNonNull(T a, T b) { return a != null ? a : b; }
}
