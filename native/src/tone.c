/*
 * tone.c - call-progress tone generator: a cadence of segments, each the sum of up to four
 * spandsp DDS oscillators. spandsp's own tone_gen only mixes two frequencies over four
 * cadence steps, which cannot express a howler (4 freqs) or a stutter dial tone (21 steps).
 */
#include "lifeline_dsp.h"

#define TONE_MAX_FREQS 4
#define TONE_MAX_SEGMENTS 256
/* Java passes each segment as 7 ints: nfreq, f0, f1, f2, f3, level dBm0, duration ms */
#define TONE_SEG_INTS 7

typedef struct {
    int nfreq;
    int32_t rate[TONE_MAX_FREQS];
    int16_t scale;
    int32_t samples; /* 0 = forever */
} tone_segment_t;

typedef struct {
    int nseg;
    int loop_from;  /* < 0: hold the last segment */
    int cur;
    int held;       /* the last segment is being held forever */
    int32_t pos;    /* samples into the current segment */
    uint32_t phase[TONE_MAX_FREQS];
    tone_segment_t seg[];
} tone_ctx_t;

static void tone_next_segment(tone_ctx_t *t)
{
    int next = t->cur + 1;
    t->pos = 0;
    if (next >= t->nseg) {
        if (t->loop_from < 0) {
            t->held = 1;
            return; /* keep the oscillators running: no click */
        }
        next = t->loop_from;
    }
    t->cur = next;
    memset(t->phase, 0, sizeof(t->phase));
}

JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_toneNew0(JNIEnv *env, jclass cls, jintArray spec, jint loop_from)
{
    (void) cls;
    if (spec == NULL)
        return 0;
    jsize n = (*env)->GetArrayLength(env, spec);
    if (n <= 0 || n % TONE_SEG_INTS != 0 || n / TONE_SEG_INTS > TONE_MAX_SEGMENTS)
        return 0;
    int nseg = n / TONE_SEG_INTS;
    if (loop_from >= nseg)
        return 0;
    jint v[TONE_SEG_INTS * TONE_MAX_SEGMENTS];
    (*env)->GetIntArrayRegion(env, spec, 0, n, v);
    if ((*env)->ExceptionCheck(env))
        return 0;
    tone_ctx_t *t = calloc(1, sizeof(*t) + nseg * sizeof(tone_segment_t));
    if (t == NULL)
        return 0;
    t->nseg = nseg;
    t->loop_from = loop_from < 0 ? -1 : loop_from;
    for (int i = 0; i < nseg; i++) {
        const jint *p = &v[i * TONE_SEG_INTS];
        tone_segment_t *s = &t->seg[i];
        if (p[0] < 0 || p[0] > TONE_MAX_FREQS || p[5] < -90 || p[5] > 3 || p[6] < 0 || p[6] > 3600000) {
            free(t);
            return 0;
        }
        s->nfreq = p[0];
        for (int k = 0; k < s->nfreq; k++) {
            if (p[1 + k] <= 0 || p[1 + k] >= 4000) {
                free(t);
                return 0;
            }
            s->rate[k] = dds_phase_rate((float) p[1 + k]);
        }
        s->scale = dds_scaling_dbm0((float) p[5]);
        s->samples = p[6] * (SAMPLE_RATE / 1000);
    }
    return ll_handle(t);
}

static void tone_fill(tone_ctx_t *t, int16_t *out, int len)
{
    int done = 0;
    while (done < len) {
        tone_segment_t *s = &t->seg[t->cur];
        int run = len - done;
        bool timed = s->samples > 0 && !t->held;
        if (timed && s->samples - t->pos < run)
            run = s->samples - t->pos;
        if (s->nfreq == 0) {
            memset(out + done, 0, run * sizeof(int16_t));
        } else {
            for (int i = 0; i < run; i++) {
                int32_t acc = 0;
                for (int k = 0; k < s->nfreq; k++)
                    acc += dds_mod(&t->phase[k], s->rate[k], s->scale, 0);
                out[done + i] = ll_saturate16(acc);
            }
        }
        done += run;
        if (timed) {
            t->pos += run;
            if (t->pos >= s->samples)
                tone_next_segment(t);
        }
    }
}

static void tone_fill_chunk(void *t, int16_t *a, int n) { tone_fill(t, a, n); }

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_toneGenerate0(JNIEnv *env, jclass cls, jlong handle,
                                                                  jshortArray buf, jint off, jint len)
{
    (void) cls;
    tone_ctx_t *t = ll_ptr(handle);
    if (t == NULL)
        return -EBADF;
    int rc = ll_check_range(env, buf, off, len);
    if (rc < 0)
        return rc;
    ll_each_chunk(env, buf, off, len, LL_OUT, tone_fill_chunk, t);
    return len;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_toneFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    free(ll_ptr(handle));
}
