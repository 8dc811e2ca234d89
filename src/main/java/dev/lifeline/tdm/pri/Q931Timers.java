package dev.lifeline.tdm.pri;

/**
 * Layer-3 timers in milliseconds. Defaults are Q.931 Table 9-1/9-2 values except T309, which
 * keeps active calls for 90 s instead of 6 s so a D-channel that flaps (a re-plugged cable, a
 * peer restart of layer 2 only) does not drop every conversation on the span.
 *
 * @param t303 SETUP sent, no answer: resend once, then clear with cause 102
 * @param t305 DISCONNECT sent, no RELEASE: send RELEASE
 * @param t308 RELEASE sent, no RELEASE COMPLETE: resend once, then free the channel
 * @param t309 layer 2 lost: how long active calls are kept
 * @param t310 CALL PROCEEDING received, nothing further: clear with cause 102
 * @param t313 CONNECT sent (user side), no CONNECT ACKNOWLEDGE: clear with cause 102
 * @param t316 RESTART sent, no RESTART ACKNOWLEDGE: resend
 * @param restartRetries how many times RESTART is resent before the span comes up anyway
 * @param relink how often to ask layer 2 to establish again while it is down
 */
public record Q931Timers(int t303, int t305, int t308, int t309, int t310, int t313, int t316,
                         int restartRetries, int relink) {
    public static Q931Timers defaults() {
        return new Q931Timers(4_000, 30_000, 4_000, 90_000, 30_000, 4_000, 120_000, 2, 5_000);
    }
}
