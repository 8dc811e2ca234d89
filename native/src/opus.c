/*
 * opus.c - Opus (RFC 6716, RTP per RFC 7587) over the system libopus (Debian libopus0 1.3.1).
 * Mono encoder and decoder contexts, one per direction of a call leg. Decoding a packet with
 * fec=1 recovers the frame *before* it from its in-band FEC data (LBRR); decoding with no
 * packet (len 0) runs Opus's own concealment. libopus errors come back as
 * -(LL_OPUS_ERR_BASE - opus_error), e.g. OPUS_INVALID_PACKET (-4) as -2004.
 * The Java side is dev.lifeline.dsp.CodecNative.
 */
#include "lifeline_dsp.h"
#include <opus/opus.h>

#define LL_OPUS_ERR_BASE 2000
/* 120 ms at 48 kHz mono: the longest Opus packet decodes to this many samples. */
#define OPUS_MAX_SAMPLES 5760
#define OPUS_MAX_PACKET 1500

static int opus_rc(int err)
{
    if (err == OPUS_BAD_ARG)
        return -EINVAL;
    if (err == OPUS_BUFFER_TOO_SMALL)
        return -ENOSPC;
    if (err == OPUS_ALLOC_FAIL)
        return -ENOMEM;
    return -(LL_OPUS_ERR_BASE - err);
}

/* bandwidth: an OPUS_BANDWIDTH_* value (1101..1105) limiting what we encode, or 0 for no limit. */
JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_CodecNative_opusEncNew0(JNIEnv *env, jclass cls, jint rate, jint bitrate,
                                                                   jboolean fec, jint lossPercent, jint bandwidth,
                                                                   jint complexity)
{
    (void) env;
    (void) cls;
    int err = 0;
    OpusEncoder *e = opus_encoder_create(rate, 1, OPUS_APPLICATION_VOIP, &err);
    if (e == NULL || err != OPUS_OK)
        return 0;
    if (opus_encoder_ctl(e, OPUS_SET_BITRATE(bitrate)) != OPUS_OK
        || opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(fec ? 1 : 0)) != OPUS_OK
        || opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(lossPercent)) != OPUS_OK
        || opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)) != OPUS_OK
        || opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(complexity)) != OPUS_OK
        || (bandwidth != 0 && opus_encoder_ctl(e, OPUS_SET_MAX_BANDWIDTH(bandwidth)) != OPUS_OK)) {
        opus_encoder_destroy(e);
        return 0;
    }
    return ll_handle(e);
}

/* Encodes one frame pcm[off, off+len) into out[outOff, outOff+max); returns the packet length. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_CodecNative_opusEncode0(JNIEnv *env, jclass cls, jlong handle, jshortArray pcm,
                                                                  jint off, jint len, jbyteArray out, jint outOff, jint max)
{
    (void) cls;
    OpusEncoder *e = ll_ptr(handle);
    if (e == NULL)
        return -EBADF;
    if (len > OPUS_MAX_SAMPLES || ll_check_range(env, pcm, off, len) < 0 || max <= 0)
        return -EINVAL;
    if (max > OPUS_MAX_PACKET)
        max = OPUS_MAX_PACKET;
    if (ll_check_range(env, out, outOff, max) < 0)
        return -ENOSPC;
    int16_t amp[OPUS_MAX_SAMPLES];
    unsigned char data[OPUS_MAX_PACKET];
    (*env)->GetShortArrayRegion(env, pcm, off, len, amp);
    int n = opus_encode(e, amp, len, data, max);
    if (n < 0)
        return opus_rc(n);
    (*env)->SetByteArrayRegion(env, out, outOff, n, (const jbyte *) data);
    return n;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_CodecNative_opusEncFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    if (handle != 0)
        opus_encoder_destroy(ll_ptr(handle));
}

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_CodecNative_opusDecNew0(JNIEnv *env, jclass cls, jint rate)
{
    (void) env;
    (void) cls;
    int err = 0;
    OpusDecoder *d = opus_decoder_create(rate, 1, &err);
    if (d == NULL || err != OPUS_OK)
        return 0;
    return ll_handle(d);
}

/*
 * Decodes in[off, off+len) (len 0: conceal a lost packet) into out[outOff, outOff+frame);
 * frame is the samples wanted (a multiple of 2.5 ms; with fec, exactly the lost frame's
 * duration). Returns the samples written.
 */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_CodecNative_opusDecode0(JNIEnv *env, jclass cls, jlong handle, jbyteArray in,
                                                                  jint off, jint len, jshortArray out, jint outOff,
                                                                  jint frame, jboolean fec)
{
    (void) cls;
    OpusDecoder *d = ll_ptr(handle);
    if (d == NULL)
        return -EBADF;
    if (len < 0 || len > OPUS_MAX_PACKET || frame <= 0 || frame > OPUS_MAX_SAMPLES)
        return -EINVAL;
    if (len > 0 && ll_check_range(env, in, off, len) < 0)
        return -EINVAL;
    if (ll_check_range(env, out, outOff, frame) < 0)
        return -ENOSPC;
    unsigned char data[OPUS_MAX_PACKET];
    int16_t amp[OPUS_MAX_SAMPLES];
    if (len > 0)
        (*env)->GetByteArrayRegion(env, in, off, len, (jbyte *) data);
    int n = opus_decode(d, len > 0 ? data : NULL, len, amp, frame, fec ? 1 : 0);
    if (n < 0)
        return opus_rc(n);
    (*env)->SetShortArrayRegion(env, out, outOff, n, amp);
    return n;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_CodecNative_opusDecFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    if (handle != 0)
        opus_decoder_destroy(ll_ptr(handle));
}
