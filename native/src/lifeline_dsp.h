/*
 * lifeline_dsp.h - shared helpers of the JNI DSP layer (liblifeline-dsp).
 *
 * Conventions (Netty style): natives never throw; constructors return a context pointer as
 * a jlong (0 on failure), operations return >= 0 on success or a negative errno. The Java
 * wrappers turn those into exceptions with a clear message. Array bounds are checked here
 * too, so a bad argument can never crash the JVM.
 */
#ifndef LIFELINE_DSP_H
#define LIFELINE_DSP_H

#include <jni.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* spandsp 0.0.6: the individual headers, so the build needs no libtiff headers (spandsp.h does) */
#include <spandsp/telephony.h>
#include <spandsp/logging.h>
#include <spandsp/queue.h>
#include <spandsp/complex.h>
#include <spandsp/dds.h>
#include <spandsp/tone_generate.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/tone_detect.h>
#include <spandsp/dtmf.h>
#include <spandsp/async.h>
#include <spandsp/fsk.h>
#include <spandsp/adsi.h>

/** Bumped when a native signature changes or natives are added (3: echo canceller, modem tones; 4: fax terminal; 5: G.722 and Opus; 6: T.38 gateway and terminal); Java checks it after loading. */
#define LL_ABI_VERSION 6
/** Samples copied between Java arrays and native code per step (stack buffer). */
#define LL_CHUNK 480

static inline void *ll_ptr(jlong handle) { return (void *) (intptr_t) handle; }
static inline jlong ll_handle(const void *p) { return (jlong) (intptr_t) p; }

/** 0 when array is non-null and [off, off+len) lies inside it, else -EINVAL. */
static inline int ll_check_range(JNIEnv *env, jarray array, jint off, jint len)
{
    if (array == NULL || off < 0 || len < 0)
        return -EINVAL;
    jsize n = (*env)->GetArrayLength(env, array);
    if ((jlong) off + (jlong) len > (jlong) n)
        return -EINVAL;
    return 0;
}

/** Directions for ll_each_chunk: copy each chunk in from Java before fn, back out after it. */
#define LL_IN 1
#define LL_OUT 2

/** Works on one chunk of samples in place. */
typedef void (*ll_chunk_fn)(void *ctx, int16_t *chunk, int n);

/**
 * Runs fn over pcm[off, off+len) (range already checked) in LL_CHUNK-sample steps through a
 * stack buffer, so no call pins or copies a whole Java array.
 */
static inline void ll_each_chunk(JNIEnv *env, jshortArray pcm, jint off, jint len, int dir, ll_chunk_fn fn, void *ctx)
{
    int16_t chunk[LL_CHUNK];
    for (int done = 0; done < len; ) {
        int n = len - done < LL_CHUNK ? len - done : LL_CHUNK;
        if (dir & LL_IN)
            (*env)->GetShortArrayRegion(env, pcm, off + done, n, chunk);
        fn(ctx, chunk, n);
        if (dir & LL_OUT)
            (*env)->SetShortArrayRegion(env, pcm, off + done, n, chunk);
        done += n;
    }
}

/* A generator that produced got of n samples (got < 0: an error, none): the rest is silence. */
static inline void ll_pad_silence(int16_t *a, int got, int n)
{
    if (got < 0)
        got = 0;
    if (got < n)
        memset(a + got, 0, (size_t) (n - got) * sizeof(int16_t));
}

static inline int16_t ll_saturate16(int32_t v)
{
    if (v > INT16_MAX)
        return INT16_MAX;
    if (v < -INT16_MAX)
        return -INT16_MAX;
    return (int16_t) v;
}

#endif
