package dev.lifeline.tdm;

/**
 * Turns raw loop open/close edges into what the user meant: seizure/answer, dial pulses,
 * a hook flash or a hang-up. Edges carry their own timestamps, so decoding does not depend on
 * when the engine gets round to it.
 */
final class HookDecoder {
    /** What a sequence of hook edges meant. */
    enum Signal { NONE, OFF_HOOK, FLASH, HANG_UP }

    private FxsTimers timers;
    private boolean offHook;
    /** True while the user is considered off hook (a short break does not change it). */
    private boolean engaged;
    private long lastEdge;
    private int pulses;

    HookDecoder(FxsTimers timers) { this.timers = timers; }

    void setTimers(FxsTimers newTimers) { this.timers = newTimers; }

    boolean engaged() { return engaged; }

    /** Loop closed at {@code at}. */
    Signal offHook(long at) {
        if (offHook) return Signal.NONE;
        offHook = true;
        long brk = at - lastEdge;
        lastEdge = at;
        if (!engaged) {
            engaged = true;
            pulses = 0;
            return Signal.OFF_HOOK;
        }
        if (brk < timers.flashMin()) {
            pulses++;
            return Signal.NONE;
        }
        if (brk <= timers.flashMax()) return Signal.FLASH;
        return Signal.NONE;
    }

    /** Loop opened at {@code at}. */
    void onHook(long at) {
        if (!offHook) return;
        offHook = false;
        lastEdge = at;
    }

    /** A device unplugged: whatever the hook was, the user is gone. */
    Signal lost(long at) {
        boolean was = engaged;
        offHook = false;
        engaged = false;
        pulses = 0;
        lastEdge = at;
        return was ? Signal.HANG_UP : Signal.NONE;
    }

    /** Checks timers: a long enough break is a hang-up. */
    Signal tick(long now) {
        if (engaged && !offHook && now - lastEdge >= timers.hangup()) {
            engaged = false;
            pulses = 0;
            return Signal.HANG_UP;
        }
        return Signal.NONE;
    }

    /** A completed pulse digit ('1'..'9','0'), or 0 while none is complete. */
    char pulseDigit(long now) {
        if (pulses > 0 && offHook && now - lastEdge >= FxsTimers.PULSE_DIGIT_GAP) {
            int n = pulses;
            pulses = 0;
            return n >= 10 ? '0' : (char) ('0' + n);
        }
        return 0;
    }
}
