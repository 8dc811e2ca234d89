/*
 * plc.c - packet loss concealment over spandsp 0.0.6 plc_rx / plc_fillin.
 * plc_rx records the tail of good audio (and blends it after an erasure, so it may change
 * the samples: they are copied back); plc_fillin synthesises a replacement for a lost
 * packet from the last pitch period, fading to silence after about 50 ms.
 */
#include "lifeline_dsp.h"
#include <spandsp/plc.h>

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_plcNew0(JNIEnv *env, jclass cls)
{
    (void) env;
    (void) cls;
    plc_state_t *s = plc_init(NULL); /* 0.0.6: NULL mallocs the context */
    return ll_handle(s);
}

static void plc_rx_chunk(void *s, int16_t *a, int n) { plc_rx(s, a, n); }

static void plc_fillin_chunk(void *s, int16_t *a, int n) { plc_fillin(s, a, n); }
/* Feeds received audio through the concealer in place; returns len. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_plcRx0(JNIEnv *env, jclass cls, jlong handle,
                                                          jshortArray pcm, jint off, jint len)
{
    (void) cls;
    plc_state_t *s = ll_ptr(handle);
    if (s == NULL)
        return -EBADF;
    int rc = ll_check_range(env, pcm, off, len);
    if (rc < 0)
        return rc;
    ll_each_chunk(env, pcm, off, len, LL_IN | LL_OUT, plc_rx_chunk, s);
    return len;
}

/* Writes len samples of synthetic fill-in for lost audio; returns len. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_plcFillin0(JNIEnv *env, jclass cls, jlong handle,
                                                              jshortArray pcm, jint off, jint len)
{
    (void) cls;
    plc_state_t *s = ll_ptr(handle);
    if (s == NULL)
        return -EBADF;
    int rc = ll_check_range(env, pcm, off, len);
    if (rc < 0)
        return rc;
    ll_each_chunk(env, pcm, off, len, LL_OUT, plc_fillin_chunk, s);
    return len;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_plcFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    plc_state_t *s = ll_ptr(handle);
    if (s != NULL)
        plc_free(s);
}
