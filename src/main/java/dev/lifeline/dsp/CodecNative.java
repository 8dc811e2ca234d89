package dev.lifeline.dsp;

/**
 * The JNI entry points of the wideband codecs in liblifeline-dsp ({@code native/src/g722.c},
 * {@code native/src/opus.c}). Kept apart from {@link Native} so the codec and line-side
 * natives can change independently; the conventions are the same (handles, negative errno,
 * never throw), and {@link Native#check} turns failures into exceptions.
 */
final class CodecNative {
    private CodecNative() {}

    /** libopus errors come back as -(OPUS_ERR_BASE - opus_error): OPUS_INVALID_PACKET (-4) is -2004. */
    static final int OPUS_ERR_BASE = 2000;

    static native long g722EncNew0();
    static native int g722Encode0(long handle, short[] pcm, int off, int len, byte[] out, int outOff);
    static native void g722EncFree0(long handle);
    static native long g722DecNew0();
    static native int g722Decode0(long handle, byte[] in, int off, int len, short[] out, int outOff);
    static native void g722DecFree0(long handle);

    static native long opusEncNew0(int rate, int bitrate, boolean fec, int lossPercent, int bandwidth, int complexity);
    static native int opusEncode0(long handle, short[] pcm, int off, int len, byte[] out, int outOff, int max);
    static native void opusEncFree0(long handle);
    static native long opusDecNew0(int rate);
    static native int opusDecode0(long handle, byte[] in, int off, int len, short[] out, int outOff, int frame, boolean fec);
    static native void opusDecFree0(long handle);

    /** As {@link Native#check}, naming libopus errors too. */
    static int check(int rc, String what) {
        if (rc <= -OPUS_ERR_BASE) {
            String reason = switch (-rc - OPUS_ERR_BASE) {
                case 3 -> "libopus internal error";
                case 4 -> "corrupted or invalid Opus packet";
                case 5 -> "unimplemented request";
                case 6 -> "invalid state";
                default -> "libopus error " + (OPUS_ERR_BASE + rc);
            };
            throw new IllegalStateException(what + " failed: " + reason);
        }
        return Native.check(rc, what);
    }
}
