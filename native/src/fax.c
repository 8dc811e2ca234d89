/*
 * fax.c - a T.30 fax terminal on audio (spandsp 0.0.6 fax_state_t): the fax machine of the
 * test rigs and, later, of the gateway's own fax handling. It sends the pages of a TIFF-F file
 * or receives into one; fax_rx takes the line's audio, fax_tx makes the audio to send. The
 * phase E handler records how the call ended.
 *
 * spandsp.h is included here (and only here): the T.30 headers need libtiff's types.
 */
#include "lifeline_dsp.h"
#include <tiffio.h>
#include <spandsp.h>

typedef struct {
    fax_state_t *fax;
    volatile int completion; /* -1 while the call runs, else a T30_ERR_ code */
} ll_fax_t;

static void ll_fax_phase_e(t30_state_t *t, void *user_data, int completion_code)
{
    (void) t;
    ((ll_fax_t *) user_data)->completion = completion_code;
}

/* modems: bit set of T30_SUPPORT_V27TER (1), T30_SUPPORT_V29 (2), T30_SUPPORT_V17 (4). */
JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_faxNew0(JNIEnv *env, jclass cls, jboolean calling,
                                                            jstring txFile, jstring rxFile, jstring ident,
                                                            jboolean ecm, jint modems)
{
    (void) cls;
    if ((txFile == NULL) == (rxFile == NULL) || ident == NULL)
        return 0; /* exactly one of send or receive */
    ll_fax_t *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return 0;
    f->completion = -1;
    f->fax = fax_init(NULL, calling ? TRUE : FALSE);
    if (f->fax == NULL) {
        free(f);
        return 0;
    }
    t30_state_t *t = fax_get_t30_state(f->fax);
    const char *id = (*env)->GetStringUTFChars(env, ident, NULL);
    if (id != NULL) {
        t30_set_tx_ident(t, id);
        (*env)->ReleaseStringUTFChars(env, ident, id);
    }
    jstring file = txFile != NULL ? txFile : rxFile;
    const char *path = (*env)->GetStringUTFChars(env, file, NULL);
    if (path == NULL) {
        fax_free(f->fax);
        free(f);
        return 0;
    }
    if (txFile != NULL)
        t30_set_tx_file(t, path, -1, -1);
    else
        t30_set_rx_file(t, path, -1);
    (*env)->ReleaseStringUTFChars(env, file, path);
    t30_set_ecm_capability(t, ecm ? TRUE : FALSE);
    t30_set_supported_modems(t, modems & (T30_SUPPORT_V27TER | T30_SUPPORT_V29 | T30_SUPPORT_V17));
    t30_set_supported_compressions(t, T30_SUPPORT_T4_1D_COMPRESSION | T30_SUPPORT_T4_2D_COMPRESSION
                                          | T30_SUPPORT_T6_COMPRESSION);
    t30_set_phase_e_handler(t, ll_fax_phase_e, f);
    fax_set_transmit_on_idle(f->fax, TRUE);
    return ll_handle(f);
}

static void fax_rx_chunk(void *s, int16_t *a, int n) { fax_rx(s, a, n); }

static void fax_tx_chunk(void *s, int16_t *a, int n) { ll_pad_silence(a, fax_tx(s, a, n), n); }

/* Feeds len samples of line audio to the terminal; returns len. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_faxRx0(JNIEnv *env, jclass cls, jlong handle,
                                                          jshortArray pcm, jint off, jint len)
{
    (void) cls;
    ll_fax_t *f = ll_ptr(handle);
    if (f == NULL)
        return -EBADF;
    int rc = ll_check_range(env, pcm, off, len);
    if (rc < 0)
        return rc;
    ll_each_chunk(env, pcm, off, len, LL_IN, fax_rx_chunk, f->fax);
    return len;
}

/* Writes len samples of the terminal's audio (silence when it has nothing to say); returns len. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_faxTx0(JNIEnv *env, jclass cls, jlong handle,
                                                          jshortArray pcm, jint off, jint len)
{
    (void) cls;
    ll_fax_t *f = ll_ptr(handle);
    if (f == NULL)
        return -EBADF;
    int rc = ll_check_range(env, pcm, off, len);
    if (rc < 0)
        return rc;
    ll_each_chunk(env, pcm, off, len, LL_OUT, fax_tx_chunk, f->fax);
    return len;
}

/* out[0] completion (-1 running, else T30_ERR_*), out[1] pages sent, out[2] pages received,
 * out[3] bit rate, out[4] ECM in use (0/1). Returns 5. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_faxStatus0(JNIEnv *env, jclass cls, jlong handle, jintArray out)
{
    (void) cls;
    ll_fax_t *f = ll_ptr(handle);
    if (f == NULL)
        return -EBADF;
    if (out == NULL || (*env)->GetArrayLength(env, out) < 5)
        return -EINVAL;
    t30_stats_t st;
    memset(&st, 0, sizeof(st));
    t30_get_transfer_statistics(fax_get_t30_state(f->fax), &st);
    jint v[5] = {f->completion, st.pages_tx, st.pages_rx, st.bit_rate, st.error_correcting_mode ? 1 : 0};
    (*env)->SetIntArrayRegion(env, out, 0, 5, v);
    return 5;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_faxFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    ll_fax_t *f = ll_ptr(handle);
    if (f == NULL)
        return;
    fax_free(f->fax);
    free(f);
}
