package dev.lifeline.call;

import dev.lifeline.media.AudioSource;

/**
 * One party's side of a call: an FXS line, later an FXO line, an E1 channel or a SIP dialog.
 * The call engine drives every kind through this and never asks which kind it is.
 */
public interface Leg {
    /** Stable id for logs and CDRs, e.g. {@code fxs:fxs1}. */
    String id();

    /** The number this leg is reached at / presents (an extension). */
    String number();

    /** Display name for caller ID, or null. */
    String displayName();

    /** Can take a new call now. */
    boolean available();

    /** Offer a call to this leg (ring the phone / send INVITE). */
    void alert(Party caller, long now);

    /** This leg is the caller and the far end is being alerted. */
    void ringback(long now);

    /**
     * The callee has in-band audio before answer (an ISDN progress indicator 1 or 8: the
     * exchange's own ringback, an announcement): this leg, the caller, hears {@code early}
     * instead of its local ringback until the call is answered or ends. Default: keep the local
     * ringback (a SIP caller's phone makes its own).
     */
    default void earlyMedia(AudioSource early, long now) { }

    /** Bridge media: this leg now hears {@code peer}. */
    void connect(AudioSource peer, long now);

    /** What this leg's user says, for the other side of the bridge. */
    AudioSource audio();

    /** The call is over for this leg (or failed before it began), with a Q.850 cause. */
    void release(int q850Cause, long now);

    /**
     * Once per tick while this leg is the callee of a call that is still alerting: a leg that
     * rings others in turn (a hunt group) keeps its per-member timers here. Default: nothing.
     */
    default void alertingTick(long now) { }

    /** Once per 20 ms tick while in a call, after every line's input was read. */
    default void mediaTick(long now) { }

    /** Deliver a DTMF digit from the other party to this leg's user (tone or RFC 4733 event). */
    default void sendDtmf(char digit, long now) { }

    /** Codec name for the CDR, or null (analog). */
    default String codec() { return null; }

    /**
     * Before {@link #alert}: the codec the caller's leg agreed (its {@link #codec()}), for a SIP
     * leg to offer first so both SIP sides can share it and their packets be relayed.
     */
    default void preferCodec(String codecName) { }

    /** How a fax crossed this leg, for the CDR ({@code t38}, {@code pass-through}), or null (none seen, or not a SIP leg). */
    default String fax() { return null; }

    /**
     * A fax was recognised on this leg's own line (FXS, FXO, E1 bearer) since it was connected:
     * its echo canceller stood aside for one. With two such legs and no SIP leg to say how, the
     * CDR's {@code fax} is {@code line}. Default: false (a SIP leg reports through {@link #fax()}).
     */
    default boolean faxOnLine() { return false; }

    /** RTP statistics for the CDR, or null (analog). */
    default dev.lifeline.store.RtpStats rtpStats() { return null; }

    /** The final SIP status this leg saw or sent, for the CDR, or null. */
    default Integer sipStatus() { return null; }

    /**
     * A call that HQ sent us (a trusted INVITE from an upstream server): it is routed to local
     * endpoints only, never back to HQ.
     */
    default boolean viaHq() { return false; }

    /** A PSTN trunk leg (FXO, later E1): decides a call's CDR direction, inbound or outbound. */
    default boolean isPstn() { return false; }

    /**
     * Asks this leg's far end to call {@code target} itself (SIP REFER, RFC 3515), a transfer that
     * takes the gateway's line out of the call; {@code accepted} hears the answer on the engine
     * thread. False when this kind of leg cannot (then the gateway bridges the transfer itself).
     */
    default boolean refer(String target, String referredBy, java.util.function.Consumer<Boolean> accepted) { return false; }

    /**
     * An attended transfer handed to this leg's far end (REFER with Replaces, RFC 3891): it is asked
     * to call {@code third}'s party at this gateway itself with an INVITE that replaces the gateway's
     * dialog with {@code third}. {@code accepted} hears the answer on the engine thread. False when
     * either leg cannot (not both SIP dialogs, or not confirmed): the gateway's own bridge stands.
     */
    default boolean referReplacing(Leg third, String referredBy, java.util.function.Consumer<Boolean> accepted) { return false; }

    /** Frees what the leg holds (RTP ports) once the call is over. */
    default void dispose() { }
}
