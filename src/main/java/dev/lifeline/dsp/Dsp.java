package dev.lifeline.dsp;

/** Loads liblifeline-dsp and says why it could not. API fixed; implementation by the DSP layer work. */
public final class Dsp {
    private Dsp() {}
    /** True when the native library is loaded and usable. */
    public static boolean isAvailable() { throw new UnsupportedOperationException("stub"); }
    /** Why loading failed (which file, what went wrong), or null when available. */
    public static String unavailabilityCause() { throw new UnsupportedOperationException("stub"); }
    /** Throws {@link DspUnavailableException} with the cause when not available. */
    public static void ensureAvailable() { throw new UnsupportedOperationException("stub"); }
}
