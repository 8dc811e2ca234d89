/*
 * echo.c - line echo cancellation, and modem connect-tone detection over spandsp 0.0.6.
 *
 * The canceller works sample by sample on a pair: tx (what the gateway sends towards the
 * 2-wire hybrid, the canceller's reference) and rx (what comes back: the near end's speech plus
 * the hybrid's echo of tx); it returns rx with the estimated echo removed. The pairs must be
 * time-aligned as they were on the wire, which the Java caller guarantees per 20 ms frame.
 *
 * The tone detector runs two spandsp receivers on the same audio, because one receiver only
 * looks for one family: CNG (1100 Hz) and ANS (2100 Hz, which spandsp splits into plain ANS/CED
 * and ANS with phase reversals). Their hits are packed into one int: cng | (ans << 8).
 */
#include "lifeline_dsp.h"
#include <math.h>
#include <spandsp/power_meter.h>
#include <spandsp/modem_connect_tones.h>

/*
 * Why not spandsp's echo_can: the 0.0.6 library Debian ships (and that the gateway links) prints
 * two lines to stdout for every sample ("echo is ...", "Narrowband score ..."), 16 000 lines a
 * second per channel; its NLP zeroes every received signal below about -12 dBm0 (so it silences
 * the near-end talker, not just the echo), it ignores ECHO_CAN_DISABLE, and measured against
 * the rigs' hybrid it did not reach 30 dB within 500 ms nor hold through double talk (docs/dsp.md).
 * So the canceller is our own, small and G.168-shaped:
 *
 * - two NLMS FIR filters as long as the tail (Ochiai's two-path scheme): the background filter
 *   adapts on every sample; the foreground filter makes the output and only takes the
 *   background's taps when, over a block, they cancel better. Near-end speech (double talk) can
 *   throw the background off but never the output; a background gone much worse than the
 *   foreground is reset to it, so it recovers at once when the double talk ends.
 * - NLP: while the residual is far below the estimated echo (only echo left), the output is
 *   replaced by comfort noise at the level of the line's own background noise.
 */
#define LL_EC_MAX_TAPS 1024
#define LL_EC_ADAPT 0x01
#define LL_EC_NLP 0x02
#define LL_EC_CNG 0x04
#define LL_EC_DISABLE 0x80
#define LL_EC_MODE_MASK (LL_EC_ADAPT | LL_EC_NLP | LL_EC_CNG | LL_EC_DISABLE)
#define LL_EC_BLOCK 160
#define LL_EC_MU 0.6f

typedef struct {
    int taps;
    int mode;
    float *fg;      /* foreground taps: make the output */
    float *bg;      /* background taps: adapt */
    float *x;       /* tx history, doubled so x + pos is always taps contiguous samples, newest first */
    int pos;
    float xpow;     /* sum of x^2 over the tail */
    double e_fg, e_bg, rx_blk, y_blk;  /* block energies */
    int blk;
    int block;      /* samples per decision: at least twice the taps, so the background cannot fit near-end speech within one */
    float rx_short, y_short, e_short; /* short-term powers (about 10 ms) for the NLP */
    float noise;    /* background noise floor estimate (power) */
    uint32_t rnd;
    float cng_lp;
    int hangover;   /* samples left of NLP hold-off after near-end speech */
    bool narrowband; /* tx of this frame is a tone: do not adapt */
} ll_ec_t;

static void ll_ec_free(ll_ec_t *ec)
{
    free(ec->fg);
    free(ec->bg);
    free(ec->x);
    free(ec);
}

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_echoNew0(JNIEnv *env, jclass cls, jint taps, jint mode)
{
    (void) env;
    (void) cls;
    if (taps < 8 || taps > LL_EC_MAX_TAPS || (mode & ~LL_EC_MODE_MASK) != 0)
        return 0;
    ll_ec_t *ec = calloc(1, sizeof(*ec));
    if (ec == NULL)
        return 0;
    ec->taps = taps;
    ec->mode = mode;
    ec->block = 2 * taps > LL_EC_BLOCK ? 2 * taps : LL_EC_BLOCK;
    ec->fg = calloc(taps, sizeof(float));
    ec->bg = calloc(taps, sizeof(float));
    ec->x = calloc(2 * taps, sizeof(float));
    ec->rnd = 0x2545F491u;
    ec->noise = 1e9f;
    if (ec->fg == NULL || ec->bg == NULL || ec->x == NULL) {
        ll_ec_free(ec);
        return 0;
    }
    return ll_handle(ec);
}

static float dot(const float *a, const float *b, int n)
{
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int i = 0; i < n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    return (s0 + s1) + (s2 + s3);
}

static void ll_ec_block_end(ll_ec_t *ec)
{
    /* take the background's taps when they cancel clearly better, and only while echo dominates
       what comes back (the background removes at least 9 dB of it): in double talk the near
       end's speech keeps e_bg close to rx, so a background that chased it is never taken */
    if (ec->e_bg < 0.7 * ec->e_fg && ec->e_bg < 0.125 * ec->rx_blk)
        memcpy(ec->fg, ec->bg, ec->taps * sizeof(float));
    else if (ec->e_fg > 2.0 * ec->rx_blk + 1e3 * ec->block) {
        /* the foreground adds energy instead of removing it (the echo path changed): drop both */
        memset(ec->fg, 0, ec->taps * sizeof(float));
        memset(ec->bg, 0, ec->taps * sizeof(float));
    } else if (ec->e_bg > 4.0 * ec->e_fg + 1e3 * ec->block)
        memcpy(ec->bg, ec->fg, ec->taps * sizeof(float)); /* background diverged (double talk): restart from the good taps */
    ec->e_fg = ec->e_bg = ec->rx_blk = ec->y_blk = 0;
    ec->blk = 0;
}

static int16_t ll_ec_sample(ll_ec_t *ec, int16_t tx, int16_t rx)
{
    int n = ec->taps;
    /* newest sample first: x[pos] and its copy x[pos + n] */
    ec->pos = ec->pos == 0 ? n - 1 : ec->pos - 1;
    float old = ec->x[ec->pos];
    ec->x[ec->pos] = ec->x[ec->pos + n] = (float) tx;
    ec->xpow += (float) tx * tx - old * old;
    if (ec->xpow < 0)
        ec->xpow = 0;
    const float *xv = ec->x + ec->pos;

    float r = (float) rx;
    float y = dot(ec->fg, xv, n);
    float e = r - y;
    float yb = dot(ec->bg, xv, n);
    float eb = r - yb;
    if ((ec->mode & LL_EC_ADAPT) && !ec->narrowband) {
        float g = LL_EC_MU * eb / (ec->xpow + n * 1000.0f);
        for (int i = 0; i < n; i++)
            ec->bg[i] += g * xv[i];
    }
    ec->e_fg += (double) e * e;
    ec->e_bg += (double) eb * eb;
    ec->rx_blk += (double) r * r;
    ec->y_blk += (double) y * y;
    if (++ec->blk == ec->block)
        ll_ec_block_end(ec);

    const float a = 1.0f / 80;
    ec->rx_short += a * (r * r - ec->rx_short);
    ec->y_short += a * (y * y - ec->y_short);
    ec->e_short += a * (e * e - ec->e_short);
    /* noise floor: follows drops at once, rises slowly (about 3 dB/s) */
    if (ec->rx_short < ec->noise)
        ec->noise = ec->rx_short;
    else
        ec->noise *= 1.0001f;

    float out = e;
    if (ec->mode & LL_EC_NLP) {
        bool echo_only = ec->y_short > 4.0f * ec->noise + 100.0f && ec->e_short < 0.03f * ec->y_short;
        if (!echo_only && ec->e_short > 0.1f * ec->y_short)
            ec->hangover = 0;
        if (echo_only) {
            ec->hangover = 160;
        }
        if (ec->hangover > 0) {
            ec->hangover--;
            out = 0;
            if (ec->mode & LL_EC_CNG) {
                ec->rnd = 1664525u * ec->rnd + 1013904223u;
                float w = ((float) (int32_t) ec->rnd) / 2147483648.0f; /* -1..1, power 1/3 */
                ec->cng_lp += 0.5f * (w - ec->cng_lp);
                out = ec->cng_lp * sqrtf(ec->noise * 3.0f * 3.0f);
            }
        }
    }
    if (out > 32767.0f)
        return 32767;
    if (out < -32767.0f)
        return -32767;
    return (int16_t) lrintf(out);
}

/*
 * A tone (one or two sines: dial tone, DTMF, a test tone) is predictable from its own past, so a
 * filter trained on it learns nothing about the echo path but can learn to cancel any sine of the
 * same frequency coming back, e.g. the near end's own tone (G.168 §6.4.2.10 asks that narrowband
 * signals not make the canceller diverge). Test: a 4th-order linear predictor (Levinson-Durbin
 * over the frame's unbiased autocorrelation) removes more than 15 dB of the frame's power. Pure
 * tones and dial tone's 350+440 Hz reach 17 dB and more; speech-shaped noise stays near 3-5 dB.
 */
static bool ll_narrowband(const int16_t *t, int n)
{
    double r[5] = {0};
    for (int k = 0; k <= 4; k++)
        for (int i = k; i < n; i++)
            r[k] += (double) t[i] * t[i - k];
    for (int k = 1; k <= 4; k++)
        r[k] *= (double) n / (n - k);
    if (n < 16 || r[0] < n * 100.0 * 100.0) /* short, or below about -50 dBm0: nothing to judge */
        return false;
    double a[5] = {1, 0, 0, 0, 0}, tmp[5];
    double err = r[0];
    for (int m = 1; m <= 4; m++) {
        double acc = r[m];
        for (int j = 1; j < m; j++)
            acc -= a[j] * r[m - j];
        double k = acc / err;
        memcpy(tmp, a, sizeof(a));
        a[m] = k;
        for (int j = 1; j < m; j++)
            a[j] = tmp[j] - k * tmp[m - j];
        err *= (1 - k * k);
        if (err <= r[0] * 0.0316) /* -15 dB */
            return true;
    }
    return false;
}

/* Cancels echo of tx[txOff..+len) in rx[rxOff..+len), in place in rx; returns len. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_echoUpdate0(JNIEnv *env, jclass cls, jlong handle,
                                                               jshortArray tx, jint txOff, jshortArray rx, jint rxOff, jint len)
{
    (void) cls;
    ll_ec_t *ec = ll_ptr(handle);
    if (ec == NULL)
        return -EBADF;
    int rc = ll_check_range(env, tx, txOff, len);
    if (rc == 0)
        rc = ll_check_range(env, rx, rxOff, len);
    if (rc < 0)
        return rc;
    if (ec->mode & LL_EC_DISABLE)
        return len; /* modems and fax: the line as it is */
    int16_t t[LL_CHUNK];
    int16_t r[LL_CHUNK];
    for (int done = 0; done < len; ) {
        int n = len - done < LL_CHUNK ? len - done : LL_CHUNK;
        (*env)->GetShortArrayRegion(env, tx, txOff + done, n, t);
        (*env)->GetShortArrayRegion(env, rx, rxOff + done, n, r);
        ec->narrowband = ll_narrowband(t, n);
        for (int i = 0; i < n; i++)
            r[i] = ll_ec_sample(ec, t[i], r[i]);
        (*env)->SetShortArrayRegion(env, rx, rxOff + done, n, r);
        done += n;
    }
    return len;
}

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_echoMode0(JNIEnv *env, jclass cls, jlong handle, jint mode)
{
    (void) env;
    (void) cls;
    ll_ec_t *ec = ll_ptr(handle);
    if (ec == NULL)
        return -EBADF;
    if ((mode & ~LL_EC_MODE_MASK) != 0)
        return -EINVAL;
    ec->mode = mode;
    return 0;
}

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_echoFlush0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    ll_ec_t *ec = ll_ptr(handle);
    if (ec == NULL)
        return -EBADF;
    int n = ec->taps;
    memset(ec->fg, 0, n * sizeof(float));
    memset(ec->bg, 0, n * sizeof(float));
    memset(ec->x, 0, 2 * n * sizeof(float));
    ec->xpow = 0;
    ec->e_fg = ec->e_bg = ec->rx_blk = ec->y_blk = 0;
    ec->blk = 0;
    ec->hangover = 0;
    return 0;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_echoFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    ll_ec_t *ec = ll_ptr(handle);
    if (ec != NULL)
        ll_ec_free(ec);
}

typedef struct {
    modem_connect_tones_rx_state_t *cng;
    modem_connect_tones_rx_state_t *ans;
    modem_connect_tones_rx_state_t *pre; /* V.21 HDLC preamble: a fax answering without CED, or its DIS */
    int cng_hit;
    int ans_hit;
    int pre_hit;
} ll_modem_tones_t;

static void ll_modem_tones_free(ll_modem_tones_t *s)
{
    if (s->cng != NULL)
        modem_connect_tones_rx_free(s->cng);
    if (s->ans != NULL)
        modem_connect_tones_rx_free(s->ans);
    if (s->pre != NULL)
        modem_connect_tones_rx_free(s->pre);
    free(s);
}

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_modemTonesNew0(JNIEnv *env, jclass cls)
{
    (void) env;
    (void) cls;
    ll_modem_tones_t *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return 0;
    s->cng = modem_connect_tones_rx_init(NULL, MODEM_CONNECT_TONES_FAX_CNG, NULL, NULL);
    s->ans = modem_connect_tones_rx_init(NULL, MODEM_CONNECT_TONES_ANSAM_PR, NULL, NULL);
    s->pre = modem_connect_tones_rx_init(NULL, MODEM_CONNECT_TONES_FAX_PREAMBLE, NULL, NULL);
    if (s->cng == NULL || s->ans == NULL || s->pre == NULL) {
        ll_modem_tones_free(s);
        return 0;
    }
    return ll_handle(s);
}

static void modem_tones_chunk(void *ctx, int16_t *a, int n)
{
    ll_modem_tones_t *s = ctx;
    modem_connect_tones_rx(s->cng, a, n);
    modem_connect_tones_rx(s->ans, a, n);
    modem_connect_tones_rx(s->pre, a, n);
    int c = modem_connect_tones_rx_get(s->cng);
    int a2 = modem_connect_tones_rx_get(s->ans);
    int p = modem_connect_tones_rx_get(s->pre);
    if (p != MODEM_CONNECT_TONES_NONE)
        s->pre_hit = p;
    if (c != MODEM_CONNECT_TONES_NONE)
        s->cng_hit = c;
    if (a2 != MODEM_CONNECT_TONES_NONE)
        s->ans_hit = a2;
}

/* Feeds pcm to the receivers; returns the tones first detected in it: cng | (ans << 8) | (preamble << 16), 0 for none. */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_modemTonesProcess0(JNIEnv *env, jclass cls, jlong handle,
                                                                      jshortArray pcm, jint off, jint len)
{
    (void) cls;
    ll_modem_tones_t *s = ll_ptr(handle);
    if (s == NULL)
        return -EBADF;
    int rc = ll_check_range(env, pcm, off, len);
    if (rc < 0)
        return rc;
    s->cng_hit = MODEM_CONNECT_TONES_NONE;
    s->ans_hit = MODEM_CONNECT_TONES_NONE;
    s->pre_hit = MODEM_CONNECT_TONES_NONE;
    ll_each_chunk(env, pcm, off, len, LL_IN, modem_tones_chunk, s);
    return (s->cng_hit & 0xFF) | ((s->ans_hit & 0xFF) << 8) | ((s->pre_hit & 0xFF) << 16);
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_modemTonesFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    ll_modem_tones_t *s = ll_ptr(handle);
    if (s != NULL)
        ll_modem_tones_free(s);
}
