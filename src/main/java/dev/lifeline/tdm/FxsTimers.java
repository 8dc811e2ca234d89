package dev.lifeline.tdm;

/**
 * Hook and tone timings of an FXS line, in milliseconds. On-hook shorter than {@code flashMin}
 * is a dial pulse, between {@code flashMin} and {@code flashMax} a hook flash, and at least
 * {@code hangup} a hang-up.
 */
public record FxsTimers(int flashMin, int flashMax, int hangup, int firstDigit, int interDigit,
                        int offHookWarning, int howlerMax) {
    /** A make longer than this ends a pulse digit. */
    public static final int PULSE_DIGIT_GAP = 200;

    public static FxsTimers defaults() {
        return new FxsTimers(100, 600, 700, 10_000, 4_000, 20_000, 60_000);
    }
}
