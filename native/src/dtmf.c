/*
 * dtmf.c - DTMF generation and detection over spandsp 0.0.6 dtmf_tx / dtmf_rx.
 * The receiver runs in buffered mode only (no realtime callback): in 0.0.6 a receiver with
 * a realtime callback stops delivering buffered digits.
 */
#include "lifeline_dsp.h"

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_dtmfTxNew0(JNIEnv *env, jclass cls, jint on_ms, jint off_ms, jint level)
{
    (void) env;
    (void) cls;
    if (on_ms < 20 || on_ms > 10000 || off_ms < 20 || off_ms > 10000 || level < -60 || level > 0)
        return 0;
    dtmf_tx_state_t *s = dtmf_tx_init(NULL); /* 0.0.6: one argument, mallocs the context */
    if (s == NULL)
        return 0;
    dtmf_tx_set_timing(s, on_ms, off_ms);
    dtmf_tx_set_level(s, level, 0);
    return ll_handle(s);
}

/* Queues digits all or nothing; returns 0 when queued, else how many would not fit (spandsp semantics). */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_dtmfTxPut0(JNIEnv *env, jclass cls, jlong handle,
                                                               jbyteArray digits, jint off, jint len)
{
    (void) cls;
    dtmf_tx_state_t *s = ll_ptr(handle);
    if (s == NULL)
        return -EBADF;
    int rc = ll_check_range(env, digits, off, len);
    if (rc < 0)
        return rc;
    if (len == 0)
        return 0;
    if (len > MAX_DTMF_DIGITS)
        return len - MAX_DTMF_DIGITS;
    char d[MAX_DTMF_DIGITS];
    (*env)->GetByteArrayRegion(env, digits, off, len, (jbyte *) d);
    return dtmf_tx_put(s, d, len);
}

/* Generates up to len samples; returns how many were tone/pause and zero-fills the rest. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_dtmfTxGenerate0(JNIEnv *env, jclass cls, jlong handle,
                                                                    jshortArray buf, jint off, jint len)
{
    (void) cls;
    dtmf_tx_state_t *s = ll_ptr(handle);
    if (s == NULL)
        return -EBADF;
    int rc = ll_check_range(env, buf, off, len);
    if (rc < 0)
        return rc;
    int16_t chunk[LL_CHUNK];
    int produced = 0;
    bool idle = false;
    for (int done = 0; done < len; ) {
        int n = len - done < LL_CHUNK ? len - done : LL_CHUNK;
        int got = idle ? 0 : dtmf_tx(s, chunk, n);
        if (got < n) {
            idle = true;
            memset(chunk + got, 0, (n - got) * sizeof(int16_t));
        }
        produced += got;
        (*env)->SetShortArrayRegion(env, buf, off + done, n, chunk);
        done += n;
    }
    return produced;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_dtmfTxFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    if (handle != 0)
        dtmf_tx_free(ll_ptr(handle));
}

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_dtmfRxNew0(JNIEnv *env, jclass cls)
{
    (void) env;
    (void) cls;
    return ll_handle(dtmf_rx_init(NULL, NULL, NULL));
}

/* Feeds audio, then drains the digits completed so far into out; returns the digit count. */
static void dtmf_rx_chunk(void *s, int16_t *a, int n) { dtmf_rx(s, a, n); }

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_dtmfRxProcess0(JNIEnv *env, jclass cls, jlong handle,
                                                                   jshortArray pcm, jint off, jint len,
                                                                   jbyteArray out)
{
    (void) cls;
    dtmf_rx_state_t *s = ll_ptr(handle);
    if (s == NULL)
        return -EBADF;
    int rc = ll_check_range(env, pcm, off, len);
    if (rc < 0)
        return rc;
    if (out == NULL)
        return -EINVAL;
    jsize cap = (*env)->GetArrayLength(env, out);
    if (cap > MAX_DTMF_DIGITS)
        cap = MAX_DTMF_DIGITS;
    ll_each_chunk(env, pcm, off, len, LL_IN, dtmf_rx_chunk, s);
    char digits[MAX_DTMF_DIGITS + 1];
    int got = (int) dtmf_rx_get(s, digits, cap);
    if (got > 0)
        (*env)->SetByteArrayRegion(env, out, 0, got, (const jbyte *) digits);
    return got;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_dtmfRxFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    if (handle != 0)
        dtmf_rx_free(ll_ptr(handle));
}
