package dev.lifeline.dsp;

import java.util.Set;

/** The call-progress tones, ring cadence and caller-ID method of a country (DESIGN §3.2). */
public final class ToneZone {
    public static ToneZone forName(String name) { throw new UnsupportedOperationException("stub"); }
    public static Set<String> names() { throw new UnsupportedOperationException("stub"); }
    public String name() { throw new UnsupportedOperationException("stub"); }
    public ToneSpec dial() { throw new UnsupportedOperationException("stub"); }
    public ToneSpec stutterDial() { throw new UnsupportedOperationException("stub"); }
    public ToneSpec ringback() { throw new UnsupportedOperationException("stub"); }
    public ToneSpec busy() { throw new UnsupportedOperationException("stub"); }
    public ToneSpec congestion() { throw new UnsupportedOperationException("stub"); }
    /** Heard after the far end hangs up. */
    public ToneSpec disconnect() { throw new UnsupportedOperationException("stub"); }
    /** Receiver-off-hook warning. */
    public ToneSpec howler() { throw new UnsupportedOperationException("stub"); }
    public ToneSpec callWaiting() { throw new UnsupportedOperationException("stub"); }
    /** Ring cadence as on/off milliseconds, repeating. */
    public int[] ringCadenceMs() { throw new UnsupportedOperationException("stub"); }
    public CallerIdStandard callerIdStandard() { throw new UnsupportedOperationException("stub"); }
    public CallerIdTiming callerIdTiming() { throw new UnsupportedOperationException("stub"); }
}
