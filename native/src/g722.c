/*
 * g722.c - G.722 (64 kbit/s sub-band ADPCM, 16 kHz audio) over spandsp 0.0.6 g722_encode /
 * g722_decode. One context per direction of a call leg; one byte of payload per two samples.
 * The Java side is dev.lifeline.dsp.CodecNative (kept apart from Native.java so the codec
 * natives do not touch the line-side ones).
 */
#include "lifeline_dsp.h"
#include <spandsp/g722.h>

/* 60 ms at 16 kHz: the longest frame we handle in one call. */
#define G722_MAX_SAMPLES 960

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_CodecNative_g722EncNew0(JNIEnv *env, jclass cls)
{
    (void) env;
    (void) cls;
    return ll_handle(g722_encode_init(NULL, 64000, 0));
}

/* Encodes pcm[off, off+len) (16 kHz) into out[outOff...]; returns the bytes written (len / 2). */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_CodecNative_g722Encode0(JNIEnv *env, jclass cls, jlong handle, jshortArray pcm,
                                                                  jint off, jint len, jbyteArray out, jint outOff)
{
    (void) cls;
    g722_encode_state_t *s = ll_ptr(handle);
    if (s == NULL)
        return -EBADF;
    if (len > G722_MAX_SAMPLES || (len & 1) != 0 || ll_check_range(env, pcm, off, len) < 0)
        return -EINVAL;
    if (ll_check_range(env, out, outOff, len / 2) < 0)
        return -ENOSPC;
    int16_t amp[G722_MAX_SAMPLES];
    uint8_t data[G722_MAX_SAMPLES / 2];
    (*env)->GetShortArrayRegion(env, pcm, off, len, amp);
    int n = g722_encode(s, data, amp, len);
    (*env)->SetByteArrayRegion(env, out, outOff, n, (const jbyte *) data);
    return n;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_CodecNative_g722EncFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    if (handle != 0)
        g722_encode_free(ll_ptr(handle));
}

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_CodecNative_g722DecNew0(JNIEnv *env, jclass cls)
{
    (void) env;
    (void) cls;
    return ll_handle(g722_decode_init(NULL, 64000, 0));
}

/* Decodes in[off, off+len) into out[outOff...] (16 kHz); returns the samples written (2 * len). */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_CodecNative_g722Decode0(JNIEnv *env, jclass cls, jlong handle, jbyteArray in,
                                                                  jint off, jint len, jshortArray out, jint outOff)
{
    (void) cls;
    g722_decode_state_t *s = ll_ptr(handle);
    if (s == NULL)
        return -EBADF;
    if (len > G722_MAX_SAMPLES / 2 || ll_check_range(env, in, off, len) < 0)
        return -EINVAL;
    if (ll_check_range(env, out, outOff, 2 * len) < 0)
        return -ENOSPC;
    uint8_t data[G722_MAX_SAMPLES / 2];
    int16_t amp[G722_MAX_SAMPLES];
    (*env)->GetByteArrayRegion(env, in, off, len, (jbyte *) data);
    int n = g722_decode(s, amp, data, len);
    (*env)->SetShortArrayRegion(env, out, outOff, n, amp);
    return n;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_CodecNative_g722DecFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    if (handle != 0)
        g722_decode_free(ll_ptr(handle));
}
