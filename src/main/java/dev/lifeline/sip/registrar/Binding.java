package dev.lifeline.sip.registrar;

import java.util.List;
import java.util.Objects;

/**
 * One registered contact of an address-of-record (Kamailio's "ucontact"). Immutable: the
 * {@link LocationStore} swaps whole bindings, so readers on other threads never see half an update.
 *
 * @param aor        the address-of-record: the extension (user part of the To URI)
 * @param contact    the contact URI as registered (where calls for the AOR are sent)
 * @param q          preference 0..1 (RFC 3261 §10.2.1.2), 1.0 when the phone gave none
 * @param expiresAt  wall-clock epoch milliseconds when the binding lapses; wall clock (not monotonic)
 *                   so the remaining lifetime survives a restart
 * @param callId     Call-ID of the REGISTER that made it (for RFC 3261 §10.3 CSeq ordering)
 * @param cseq       CSeq number of that REGISTER
 * @param received   where the REGISTER really came from, "ip:port" (NAT: may differ from the contact)
 * @param transport  "udp" / "tcp" / ... the REGISTER came over
 * @param path       Path header values (RFC 3327), outermost first; empty when none
 * @param userAgent  User-Agent header, or null
 * @param instance   +sip.instance (RFC 5626), or null; when present it identifies the binding
 * @param origin     who granted it: {@link #LOCAL} (this gateway's registrar) or {@link #HQ} (a shadow
 *                   binding: the phone registered at HQ through the gateway, and HQ's 200 OK confirmed
 *                   this contact; kept so survival routing can reach the phone the moment the WAN goes)
 */
public record Binding(String aor, String contact, double q, long expiresAt, String callId, long cseq,
                      String received, String transport, List<String> path, String userAgent, String instance,
                      String origin) {
    public static final String LOCAL = "local";
    public static final String HQ = "hq";

    public Binding {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(callId, "callId");
        path = path == null ? List.of() : List.copyOf(path);
        if (q < 0 || q > 1) throw new IllegalArgumentException("q must be 0..1: " + q);
        origin = origin == null ? LOCAL : origin;
        if (!origin.equals(LOCAL) && !origin.equals(HQ)) throw new IllegalArgumentException("origin must be local or hq: " + origin);
    }

    /** A binding granted by this gateway's own registrar. */
    public Binding(String aor, String contact, double q, long expiresAt, String callId, long cseq, String received,
                   String transport, List<String> path, String userAgent, String instance) {
        this(aor, contact, q, expiresAt, callId, cseq, received, transport, path, userAgent, instance, LOCAL);
    }

    /** True for a shadow of a registration HQ granted (see {@code origin}). */
    public boolean shadow() { return HQ.equals(origin); }

    /** What identifies the binding inside its AOR: the instance id if the phone sent one, else the contact URI. */
    public String key() { return instance != null ? instance : contact; }

    /** Whole seconds left at {@code nowMs} (rounded up, never negative). */
    public long remainingSeconds(long nowMs) { return Math.max(0, (expiresAt - nowMs + 999) / 1000); }

    public boolean expiredAt(long nowMs) { return expiresAt <= nowMs; }

    public Binding withExpiresAt(long at) {
        return new Binding(aor, contact, q, at, callId, cseq, received, transport, path, userAgent, instance, origin);
    }
}
