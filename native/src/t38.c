/*
 * t38.c - T.38 fax over IP (spandsp 0.0.6): t38_gateway (a line's fax audio <-> IFP packets, what
 * the gateway runs when a fax call goes T.38) and t38_terminal (a T.30 fax machine speaking IFP
 * directly, the SIP T.38 endpoint of the test rigs).
 *
 * Packets leave spandsp through its tx packet handler, called from inside t38_gateway_rx or
 * t38_terminal_send_timeout; they wait in a fixed ring here until Java drains them once per frame,
 * so nothing is allocated per packet and a stalled drain costs dropped packets, never memory.
 *
 * Packets from the network are checked here (length, and a walk over the IFP structure with every
 * length field bounded by the packet) before spandsp sees them: a malformed IFP is refused, it is
 * never parsed by code that trusts its length fields.
 *
 * spandsp.h is included (as in fax.c): the T.30 headers need libtiff's types.
 */
#include "lifeline_dsp.h"
#include <tiffio.h>
#include <spandsp.h>

/** Largest IFP queued outward; spandsp 0.0.6 builds each packet in a 1000-byte buffer. */
#define LL_IFP_OUT_MAX 1024
/** Largest IFP accepted from the network (T38FaxMaxDatagram is a few hundred bytes in practice). */
#define LL_IFP_IN_MAX 2048
/** Packets waiting for Java; spandsp emits a handful per 20 ms frame at most. */
#define LL_IFP_QUEUE 64

/** Most copies of one packet spandsp may ask for (its categories' repeat counts are 1 or 3 here). */
#define LL_IFP_MAX_REPEATS 8

typedef struct {
    uint16_t len;
    uint8_t repeats; /* how many times to transmit it (spandsp's per-category count) */
    uint8_t data[LL_IFP_OUT_MAX];
} ll_ifp_t;

typedef struct {
    ll_ifp_t slot[LL_IFP_QUEUE];
    int head;
    int count;
    uint32_t dropped; /* packets spandsp sent that did not fit (queue full or too long) */
    uint32_t refused; /* packets from the network refused as malformed */
} ll_ifp_queue_t;

typedef struct {
    t38_gateway_state_t *gw;
    int version; /* T.38 version whose ASN.1 the IFPs use */
    ll_ifp_queue_t q;
} ll_t38_gateway_t;

typedef struct {
    t38_terminal_state_t *term;
    int version;
    ll_ifp_queue_t q;
    volatile int completion; /* -1 while the call runs, else a T30_ERR_ code */
} ll_t38_terminal_t;

static int ll_ifp_tx(t38_core_state_t *s, void *user_data, const uint8_t *buf, int len, int count)
{
    (void) s;
    ll_ifp_queue_t *q = user_data;
    if (count < 1)
        return 0; /* a category switched off */
    if (buf == NULL || len < 1 || len > LL_IFP_OUT_MAX || q->count == LL_IFP_QUEUE) {
        q->dropped++;
        return 0;
    }
    ll_ifp_t *p = &q->slot[(q->head + q->count) % LL_IFP_QUEUE];
    memcpy(p->data, buf, (size_t) len);
    p->len = (uint16_t) len;
    p->repeats = (uint8_t) (count > LL_IFP_MAX_REPEATS ? LL_IFP_MAX_REPEATS : count);
    q->count++;
    return 0;
}

/* Pops the oldest packet into out[0..]; returns its length | repeats << 16, 0 when none waits, -ENOSPC if out is too short. */
static jint ll_ifp_pop(JNIEnv *env, ll_ifp_queue_t *q, jbyteArray out)
{
    if (out == NULL)
        return -EINVAL;
    if (q->count == 0)
        return 0;
    ll_ifp_t *p = &q->slot[q->head];
    if ((*env)->GetArrayLength(env, out) < p->len)
        return -ENOSPC;
    (*env)->SetByteArrayRegion(env, out, 0, p->len, (const jbyte *) p->data);
    q->head = (q->head + 1) % LL_IFP_QUEUE;
    q->count--;
    return p->len | p->repeats << 16;
}

/*
 * Walks an IFP (T.38 §7, ASN.1 PER as spandsp decodes it, for the T.38 version set) with a bounds
 * check before every read; true when it ends exactly at len. Mirrors the first pass of spandsp's
 * own decoder so that nothing it then reads lies outside the packet.
 */
static bool ll_ifp_valid(const uint8_t *b, int len, int version)
{
    if (len < 1)
        return false;
    bool data_field_present = (b[0] & 0x80) != 0;
    bool is_data = (b[0] & 0x40) != 0;
    int ptr = (b[0] & 0x20) ? 2 : 1; /* extension types take a second octet */
    if (ptr > len)
        return false;
    if (!is_data)
        return !data_field_present && ptr == len;
    if (!data_field_present)
        return ptr == len;
    if (ptr >= len)
        return false;
    int count = b[ptr++];
    bool other_half = false;
    for (int i = 0; i < count; i++) {
        if (ptr >= len)
            return false;
        bool field_data_present;
        if (version == 0) {
            if (other_half) {
                field_data_present = (b[ptr] >> 3) & 1;
                if ((b[ptr] & 0x7) > T38_FIELD_T4_NON_ECM_SIG_END)
                    return false;
                ptr++;
                other_half = false;
            } else {
                field_data_present = (b[ptr] >> 7) & 1;
                if (((b[ptr] >> 4) & 0x7) > T38_FIELD_T4_NON_ECM_SIG_END)
                    return false;
                if (field_data_present)
                    ptr++;
                else
                    other_half = true;
            }
        } else {
            field_data_present = (b[ptr] >> 7) & 1;
            if (b[ptr] & 0x40) {
                if (ptr + 2 > len)
                    return false;
                int type = T38_FIELD_CM_MESSAGE + (((b[ptr] << 2) & 0x3C) | ((b[ptr + 1] >> 6) & 0x3));
                if (type > T38_FIELD_V34RATE)
                    return false;
                ptr += 2;
            } else {
                ptr++;
            }
        }
        if (field_data_present) {
            if (ptr + 2 > len)
                return false;
            int numocts = ((b[ptr] << 8) | b[ptr + 1]) + 1;
            if (numocts > len - ptr - 2)
                return false;
            ptr += numocts + 2;
        }
    }
    if (other_half)
        ptr++;
    return ptr == len;
}

/* Hands one IFP from the network to the core: 0 taken, -EMSGSIZE too long, -EPROTO malformed. */
static jint ll_ifp_in(JNIEnv *env, t38_core_state_t *core, ll_ifp_queue_t *q, int version,
                      jbyteArray buf, jint off, jint len, jint seq)
{
    int rc = ll_check_range(env, buf, off, len);
    if (rc < 0)
        return rc;
    if (len > LL_IFP_IN_MAX) {
        q->refused++;
        return -EMSGSIZE;
    }
    uint8_t pkt[LL_IFP_IN_MAX];
    (*env)->GetByteArrayRegion(env, buf, off, len, (jbyte *) pkt);
    if (!ll_ifp_valid(pkt, len, version)) {
        q->refused++;
        return -EPROTO;
    }
    t38_core_rx_ifp_packet(core, pkt, len, (uint16_t) (seq & 0xFFFF));
    return 0;
}

/*
 * Repeat counts per packet category: indicators and the last packet of a burst are sent three
 * times (UDPTL redundancy only rescues a lost packet when a later one follows, and after these
 * nothing may follow for seconds, past T.30's timers); data packets once, the redundancy of the
 * next ones covers them. Also the fastest image rate and the T.38 version whose ASN.1 we speak.
 */
static void ll_core_setup(t38_core_state_t *core, int version, int max_rate)
{
    t38_set_t38_version(core, version);
    t38_set_redundancy_control(core, T38_PACKET_CATEGORY_INDICATOR, 3);
    t38_set_redundancy_control(core, T38_PACKET_CATEGORY_CONTROL_DATA, 1);
    t38_set_redundancy_control(core, T38_PACKET_CATEGORY_CONTROL_DATA_END, 3);
    t38_set_redundancy_control(core, T38_PACKET_CATEGORY_IMAGE_DATA, 1);
    t38_set_redundancy_control(core, T38_PACKET_CATEGORY_IMAGE_DATA_END, 3);
    t38_set_fastest_image_data_rate(core, max_rate);
}

static int ll_modems(int max_rate)
{
    return max_rate >= 14400 ? T30_SUPPORT_V27TER | T30_SUPPORT_V29 | T30_SUPPORT_V17
                             : T30_SUPPORT_V27TER | T30_SUPPORT_V29;
}

static bool ll_options_ok(jint version, jint max_rate)
{
    return version >= 0 && version <= 3 && (max_rate == 9600 || max_rate == 14400);
}

/* ---- gateway ---- */

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_t38GatewayNew0(JNIEnv *env, jclass cls, jboolean ecm,
                                                                   jint maxRate, jint version)
{
    (void) env;
    (void) cls;
    if (!ll_options_ok(version, maxRate))
        return 0;
    ll_t38_gateway_t *b = calloc(1, sizeof(*b));
    if (b == NULL)
        return 0;
    b->version = version;
    b->gw = t38_gateway_init(NULL, ll_ifp_tx, &b->q);
    if (b->gw == NULL) {
        free(b);
        return 0;
    }
    ll_core_setup(t38_gateway_get_t38_core_state(b->gw), version, maxRate);
    t38_gateway_set_supported_modems(b->gw, ll_modems(maxRate));
    t38_gateway_set_ecm_capability(b->gw, ecm ? TRUE : FALSE);
    t38_gateway_set_transmit_on_idle(b->gw, TRUE);
    return ll_handle(b);
}

static void gw_rx_chunk(void *s, int16_t *a, int n) { t38_gateway_rx(s, a, n); }

static void gw_tx_chunk(void *s, int16_t *a, int n) { ll_pad_silence(a, t38_gateway_tx(s, a, n), n); }

/* The line's audio into the gateway (this also runs its timers); returns len. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_t38GatewayRx0(JNIEnv *env, jclass cls, jlong handle,
                                                                 jshortArray pcm, jint off, jint len)
{
    (void) cls;
    ll_t38_gateway_t *b = ll_ptr(handle);
    if (b == NULL)
        return -EBADF;
    int rc = ll_check_range(env, pcm, off, len);
    if (rc < 0)
        return rc;
    ll_each_chunk(env, pcm, off, len, LL_IN, gw_rx_chunk, b->gw);
    return len;
}

/* The audio the gateway plays to the line (silence when idle); returns len. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_t38GatewayTx0(JNIEnv *env, jclass cls, jlong handle,
                                                                 jshortArray pcm, jint off, jint len)
{
    (void) cls;
    ll_t38_gateway_t *b = ll_ptr(handle);
    if (b == NULL)
        return -EBADF;
    int rc = ll_check_range(env, pcm, off, len);
    if (rc < 0)
        return rc;
    ll_each_chunk(env, pcm, off, len, LL_OUT, gw_tx_chunk, b->gw);
    return len;
}

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_t38GatewayIfpIn0(JNIEnv *env, jclass cls, jlong handle,
                                                                    jbyteArray buf, jint off, jint len, jint seq)
{
    (void) cls;
    ll_t38_gateway_t *b = ll_ptr(handle);
    if (b == NULL)
        return -EBADF;
    return ll_ifp_in(env, t38_gateway_get_t38_core_state(b->gw), &b->q, b->version, buf, off, len, seq);
}

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_t38GatewayIfpOut0(JNIEnv *env, jclass cls, jlong handle, jbyteArray out)
{
    (void) cls;
    ll_t38_gateway_t *b = ll_ptr(handle);
    if (b == NULL)
        return -EBADF;
    return ll_ifp_pop(env, &b->q, out);
}

/* out[0] bit rate, out[1] ECM (0/1), out[2] pages transferred, out[3] packets dropped outward,
 * out[4] packets refused inward. Returns 5. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_t38GatewayStatus0(JNIEnv *env, jclass cls, jlong handle, jintArray out)
{
    (void) cls;
    ll_t38_gateway_t *b = ll_ptr(handle);
    if (b == NULL)
        return -EBADF;
    if (out == NULL || (*env)->GetArrayLength(env, out) < 5)
        return -EINVAL;
    t38_stats_t st;
    memset(&st, 0, sizeof(st));
    t38_gateway_get_transfer_statistics(b->gw, &st);
    jint v[5] = {st.bit_rate, st.error_correcting_mode ? 1 : 0, st.pages_transferred,
                 (jint) b->q.dropped, (jint) b->q.refused};
    (*env)->SetIntArrayRegion(env, out, 0, 5, v);
    return 5;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_t38GatewayFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    ll_t38_gateway_t *b = ll_ptr(handle);
    if (b == NULL)
        return;
    t38_gateway_free(b->gw);
    free(b);
}

/* ---- terminal ---- */

static void ll_t38_phase_e(t30_state_t *s, void *user_data, int completion_code)
{
    (void) s;
    ((ll_t38_terminal_t *) user_data)->completion = completion_code;
}

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_t38TerminalNew0(JNIEnv *env, jclass cls, jboolean calling,
                                                                    jstring txFile, jstring rxFile, jstring ident,
                                                                    jboolean ecm, jint maxRate, jint version)
{
    (void) cls;
    if ((txFile == NULL) == (rxFile == NULL) || ident == NULL || !ll_options_ok(version, maxRate))
        return 0;
    ll_t38_terminal_t *b = calloc(1, sizeof(*b));
    if (b == NULL)
        return 0;
    b->version = version;
    b->completion = -1;
    b->term = t38_terminal_init(NULL, calling ? TRUE : FALSE, ll_ifp_tx, &b->q);
    if (b->term == NULL) {
        free(b);
        return 0;
    }
    t30_state_t *t = t38_terminal_get_t30_state(b->term);
    const char *id = (*env)->GetStringUTFChars(env, ident, NULL);
    if (id != NULL) {
        t30_set_tx_ident(t, id);
        (*env)->ReleaseStringUTFChars(env, ident, id);
    }
    jstring file = txFile != NULL ? txFile : rxFile;
    const char *path = (*env)->GetStringUTFChars(env, file, NULL);
    if (path == NULL) {
        t38_terminal_free(b->term);
        free(b);
        return 0;
    }
    if (txFile != NULL)
        t30_set_tx_file(t, path, -1, -1);
    else
        t30_set_rx_file(t, path, -1);
    (*env)->ReleaseStringUTFChars(env, file, path);
    ll_core_setup(t38_terminal_get_t38_core_state(b->term), version, maxRate);
    t30_set_ecm_capability(t, ecm ? TRUE : FALSE);
    t30_set_supported_modems(t, ll_modems(maxRate));
    t30_set_supported_compressions(t, T30_SUPPORT_T4_1D_COMPRESSION | T30_SUPPORT_T4_2D_COMPRESSION
                                          | T30_SUPPORT_T6_COMPRESSION);
    t30_set_phase_e_handler(t, ll_t38_phase_e, b);
    return ll_handle(b);
}

/* Advances the terminal's clock by samples (8 kHz): it paces its packets and runs T.30's timers. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_t38TerminalTick0(JNIEnv *env, jclass cls, jlong handle, jint samples)
{
    (void) env;
    (void) cls;
    ll_t38_terminal_t *b = ll_ptr(handle);
    if (b == NULL)
        return -EBADF;
    if (samples < 0 || samples > 8000)
        return -EINVAL;
    t38_terminal_send_timeout(b->term, samples);
    return samples;
}

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_t38TerminalIfpIn0(JNIEnv *env, jclass cls, jlong handle,
                                                                     jbyteArray buf, jint off, jint len, jint seq)
{
    (void) cls;
    ll_t38_terminal_t *b = ll_ptr(handle);
    if (b == NULL)
        return -EBADF;
    return ll_ifp_in(env, t38_terminal_get_t38_core_state(b->term), &b->q, b->version, buf, off, len, seq);
}

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_t38TerminalIfpOut0(JNIEnv *env, jclass cls, jlong handle, jbyteArray out)
{
    (void) cls;
    ll_t38_terminal_t *b = ll_ptr(handle);
    if (b == NULL)
        return -EBADF;
    return ll_ifp_pop(env, &b->q, out);
}

/* out[0] completion (-1 running, else T30_ERR_*), out[1] pages sent, out[2] pages received,
 * out[3] bit rate, out[4] ECM (0/1), out[5] packets dropped outward, out[6] refused inward. Returns 7. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_t38TerminalStatus0(JNIEnv *env, jclass cls, jlong handle, jintArray out)
{
    (void) cls;
    ll_t38_terminal_t *b = ll_ptr(handle);
    if (b == NULL)
        return -EBADF;
    if (out == NULL || (*env)->GetArrayLength(env, out) < 7)
        return -EINVAL;
    t30_stats_t st;
    memset(&st, 0, sizeof(st));
    t30_get_transfer_statistics(t38_terminal_get_t30_state(b->term), &st);
    jint v[7] = {b->completion, st.pages_tx, st.pages_rx, st.bit_rate, st.error_correcting_mode ? 1 : 0,
                 (jint) b->q.dropped, (jint) b->q.refused};
    (*env)->SetIntArrayRegion(env, out, 0, 7, v);
    return 7;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_t38TerminalFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    ll_t38_terminal_t *b = ll_ptr(handle);
    if (b == NULL)
        return;
    t38_terminal_free(b->term);
    free(b);
}
