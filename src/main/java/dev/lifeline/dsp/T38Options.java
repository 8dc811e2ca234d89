package dev.lifeline.dsp;

/**
 * What a T.38 endpoint offers: the fastest image rate (9,600 bit/s = V.29 and V.27ter; 14,400 =
 * V.17 too), whether ECM may be used, and the T.38 version whose IFP encoding both ends speak
 * (SDP's {@code T38FaxVersion}; version 0 encodes the data field types differently from 1-3).
 */
public record T38Options(int maxBitRate, boolean ecm, int version) {
    public T38Options {
        if (maxBitRate != 9600 && maxBitRate != 14400) throw new IllegalArgumentException("max bit rate must be 9600 or 14400, not " + maxBitRate);
        if (version < 0 || version > 3) throw new IllegalArgumentException("T.38 version must be 0..3, not " + version);
    }

    /** T38FaxVersion 0, the version every T.38 implementation speaks. */
    public static T38Options of(int maxBitRate, boolean ecm) { return new T38Options(maxBitRate, ecm, 0); }
}
