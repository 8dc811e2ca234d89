package dev.lifeline.tdm.pri;

import java.util.List;
import java.util.Optional;

/**
 * What the call layer asks of the PRI stack. Engine thread only. Every method is a no-op on a
 * call that is already released.
 */
public interface PriCallControl {
    /**
     * Sends SETUP on a free B-channel chosen by the channel-selection rules (or
     * {@code setup.timeslot()} when given). Empty when layer 2 is down or no channel is free
     * (the caller maps that to cause 34).
     */
    Optional<PriCall> setup(PriSetup setup, long now);

    /** Incoming call: ALERTING (with progress indicator 8 when we play ringback in-band). */
    void alerting(PriCall call, long now);

    /** Incoming call: PROGRESS with in-band information (e.g. tones before answer). */
    void progress(PriCall call, long now);

    /** Incoming call answered: CONNECT (the call is active on CONNECT ACKNOWLEDGE or at once, per Q.931 §5.2.8). */
    void answer(PriCall call, long now);

    /** Clear the call with a Q.850 cause: DISCONNECT, or RELEASE COMPLETE before any answer to a SETUP. */
    void hangup(PriCall call, int q850Cause, long now);

    /** Calls not yet released. */
    List<PriCall> calls();

    /** Per bearer timeslot, in order: {@code idle}, {@code busy} or {@code out-of-service}. */
    List<ChannelState> channels();

    /** Layer 2 and start-up RESTART done. */
    boolean isUp();

    /** One B-channel as status shows it. */
    record ChannelState(int timeslot, String state) {}
}
