/*
 * cid.c - caller-ID spills over spandsp adsi: Bell 202 (CLASS), ETSI V.23 (CLIP) and
 * ETSI DTMF (CLIP_DTMF). Message layout (SDMF/MDMF fields) is decided in Java; here the
 * fields are assembled with adsi_add_field, modulated with adsi_tx and demodulated with
 * adsi_rx, whose checksum-verified messages are queued for Java to poll.
 */
#include "lifeline_dsp.h"

/* The longest spill we accept to produce: 4 s (a DTMF spill of 20 digits is about 2 s). */
#define CID_MAX_SAMPLES (4 * SAMPLE_RATE)
#define CID_MSG_MAX 256
#define CID_QUEUE 8

static int cid_valid_standard(int standard)
{
    return standard == ADSI_STANDARD_CLASS || standard == ADSI_STANDARD_CLIP || standard == ADSI_STANDARD_CLIP_DTMF;
}

/*
 * fields: [msgType, (fieldType, fieldLen, body...)*]. Returns the spill as a new short[],
 * or NULL (with no exception pending) on bad input; Java reports the error.
 */
JNIEXPORT jshortArray JNICALL Java_dev_lifeline_dsp_Native_cidGenerate0(JNIEnv *env, jclass cls, jint standard,
                                                                       jbyteArray fields)
{
    (void) cls;
    if (!cid_valid_standard(standard) || fields == NULL)
        return NULL;
    jsize n = (*env)->GetArrayLength(env, fields);
    if (n < 1 || n > CID_MSG_MAX)
        return NULL;
    uint8_t in[CID_MSG_MAX];
    (*env)->GetByteArrayRegion(env, fields, 0, n, (jbyte *) in);

    adsi_tx_state_t *tx = adsi_tx_init(NULL, standard);
    if (tx == NULL)
        return NULL;
    if (standard != ADSI_STANDARD_CLIP_DTMF) {
        /* 300 bits channel seizure, 180 mark bits (GR-30 / EN 300 659: spandsp's default is 80) */
        adsi_tx_set_preamble(tx, 300, 180, 5, 1);
    }
    uint8_t msg[CID_MSG_MAX];
    int len = adsi_add_field(tx, msg, 0, in[0], NULL, 0);
    for (int pos = 1; pos < n; ) {
        if (pos + 2 > n || pos + 2 + in[pos + 1] > n || len + 2 + in[pos + 1] >= CID_MSG_MAX - 2) {
            adsi_tx_free(tx);
            return NULL;
        }
        len = adsi_add_field(tx, msg, len, in[pos], in + pos + 2, in[pos + 1]);
        pos += 2 + in[pos + 1];
    }
    if (adsi_tx_put_message(tx, msg, len) <= 0) {
        adsi_tx_free(tx);
        return NULL;
    }
    int16_t *pcm = malloc(CID_MAX_SAMPLES * sizeof(int16_t));
    if (pcm == NULL) {
        adsi_tx_free(tx);
        return NULL;
    }
    int total = 0;
    while (total < CID_MAX_SAMPLES) {
        int want = CID_MAX_SAMPLES - total < LL_CHUNK ? CID_MAX_SAMPLES - total : LL_CHUNK;
        int got = adsi_tx(tx, pcm + total, want);
        if (got <= 0)
            break;
        total += got;
    }
    adsi_tx_free(tx);
    jshortArray result = (*env)->NewShortArray(env, total);
    if (result != NULL)
        (*env)->SetShortArrayRegion(env, result, 0, total, pcm);
    free(pcm);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionClear(env); /* OutOfMemoryError: report as failure */
        return NULL;
    }
    return result;
}

typedef struct {
    adsi_rx_state_t *rx;
    int head;
    int count;
    int len[CID_QUEUE];
    uint8_t msg[CID_QUEUE][CID_MSG_MAX];
} cid_rx_ctx_t;

static void cid_put_msg(void *user_data, const uint8_t *msg, int len)
{
    cid_rx_ctx_t *c = user_data;
    if (len <= 0 || len > CID_MSG_MAX)
        return; /* status reports, not messages */
    if (c->count == CID_QUEUE) {
        /* full: drop the oldest */
        c->head = (c->head + 1) % CID_QUEUE;
        c->count--;
    }
    int slot = (c->head + c->count) % CID_QUEUE;
    memcpy(c->msg[slot], msg, len);
    c->len[slot] = len;
    c->count++;
}

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_cidRxNew0(JNIEnv *env, jclass cls, jint standard)
{
    (void) env;
    (void) cls;
    if (!cid_valid_standard(standard))
        return 0;
    cid_rx_ctx_t *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return 0;
    c->rx = adsi_rx_init(NULL, standard, cid_put_msg, c);
    if (c->rx == NULL) {
        free(c);
        return 0;
    }
    return ll_handle(c);
}

static void adsi_rx_chunk(void *rx, int16_t *a, int n) { adsi_rx(rx, a, n); }

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_cidRxProcess0(JNIEnv *env, jclass cls, jlong handle,
                                                                  jshortArray pcm, jint off, jint len)
{
    (void) cls;
    cid_rx_ctx_t *c = ll_ptr(handle);
    if (c == NULL)
        return -EBADF;
    int rc = ll_check_range(env, pcm, off, len);
    if (rc < 0)
        return rc;
    ll_each_chunk(env, pcm, off, len, LL_IN, adsi_rx_chunk, c->rx);
    return len;
}

/* Copies the oldest queued message into out; returns its length, 0 if none, -ENOSPC if out is too small. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_cidRxPoll0(JNIEnv *env, jclass cls, jlong handle, jbyteArray out)
{
    (void) cls;
    cid_rx_ctx_t *c = ll_ptr(handle);
    if (c == NULL)
        return -EBADF;
    if (out == NULL)
        return -EINVAL;
    if (c->count == 0)
        return 0;
    int len = c->len[c->head];
    if ((*env)->GetArrayLength(env, out) < len)
        return -ENOSPC;
    (*env)->SetByteArrayRegion(env, out, 0, len, (const jbyte *) c->msg[c->head]);
    c->head = (c->head + 1) % CID_QUEUE;
    c->count--;
    return len;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_cidRxFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    cid_rx_ctx_t *c = ll_ptr(handle);
    if (c == NULL)
        return;
    adsi_rx_free(c->rx);
    free(c);
}
