/*
 * srtp.c - SRTP/SRTCP (RFC 3711, RFC 7714) over libsrtp2, for SDES-keyed SIP media.
 *
 * One srtp_t per direction of a call: the outbound one with ssrc_any_outbound (whatever SSRC we
 * send with), the inbound one with ssrc_any_inbound (whatever SSRC the peer picks, and a new one
 * after it restarts its stream). Packets are protected and unprotected in place in the caller's
 * Java byte[], which must have room for the trailer (SRTP_MAX_TRAILER_LEN + 4 bytes beyond the
 * packet). The master key is copied into libsrtp's derived state by srtp_create and wiped from
 * our stack copy at once; nothing here prints or keeps it.
 *
 * Results follow the library's convention: >= 0 success (the new length), -errno for bad
 * arguments, and -(LL_SRTP_ERR_BASE + srtp_err_status_t) for what libsrtp refused (an
 * authentication failure, a replay), so Java can count those without an exception.
 */
#include "lifeline_dsp.h"
#include <pthread.h>
#include <srtp2/srtp.h>

#define LL_SRTP_ERR_BASE 1000
/* suites, in the order of dev.lifeline.dsp.Srtp.Suite */
#define LL_SRTP_AES_CM_128_HMAC_SHA1_80 0
#define LL_SRTP_AES_CM_128_HMAC_SHA1_32 1
#define LL_SRTP_AEAD_AES_128_GCM 2
#define LL_SRTP_ROOM (SRTP_MAX_TRAILER_LEN + 4)
#define LL_SRTP_REPLAY_WINDOW 128

static pthread_once_t srtp_once = PTHREAD_ONCE_INIT;
static srtp_err_status_t srtp_init_status = srtp_err_status_init_fail;

static void srtp_init_once(void) { srtp_init_status = srtp_init(); }

/* Key length (master key + salt) of a suite, or -1 when unknown. */
static int suite_key_len(int suite)
{
    switch (suite) {
    case LL_SRTP_AES_CM_128_HMAC_SHA1_80:
    case LL_SRTP_AES_CM_128_HMAC_SHA1_32:
        return SRTP_AES_ICM_128_KEY_LEN_WSALT;
    case LL_SRTP_AEAD_AES_128_GCM:
        return SRTP_AES_GCM_128_KEY_LEN_WSALT;
    default:
        return -1;
    }
}

/* Fills both crypto policies; RFC 4568 §6.2: SRTCP uses the same suite, with a full 80-bit tag for _32 (RFC 3711 §5.2 leaves it 80). */
static void suite_policy(int suite, srtp_policy_t *p)
{
    switch (suite) {
    case LL_SRTP_AES_CM_128_HMAC_SHA1_80:
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
        break;
    case LL_SRTP_AES_CM_128_HMAC_SHA1_32:
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
        break;
    case LL_SRTP_AEAD_AES_128_GCM:
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtcp);
        break;
    }
}

/* 0 when the one-time library initialisation succeeded, else -(base + status). */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_srtpInit0(JNIEnv *env, jclass cls)
{
    (void) env;
    (void) cls;
    pthread_once(&srtp_once, srtp_init_once);
    return srtp_init_status == srtp_err_status_ok ? 0 : -(LL_SRTP_ERR_BASE + (int) srtp_init_status);
}

/* A session for one direction; key holds master key + salt of the suite's length. 0 on failure. */
JNIEXPORT jlong JNICALL Java_dev_lifeline_dsp_Native_srtpNew0(JNIEnv *env, jclass cls, jint suite, jbyteArray key,
                                                             jboolean outbound)
{
    (void) cls;
    pthread_once(&srtp_once, srtp_init_once);
    int key_len = suite_key_len(suite);
    if (srtp_init_status != srtp_err_status_ok || key_len < 0 || key == NULL
        || (*env)->GetArrayLength(env, key) != key_len)
        return 0;
    unsigned char master[SRTP_MAX_KEY_LEN];
    (*env)->GetByteArrayRegion(env, key, 0, key_len, (jbyte *) master);
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    suite_policy(suite, &policy);
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = master;
    policy.window_size = LL_SRTP_REPLAY_WINDOW;
    policy.allow_repeat_tx = 0;
    policy.next = NULL;
    srtp_t session = NULL;
    srtp_err_status_t st = srtp_create(&session, &policy);
    explicit_bzero(master, sizeof master);
    return st == srtp_err_status_ok ? ll_handle(session) : 0;
}

/* Runs protect or unprotect on buf[off, off+len) in place; returns the new length or a negative code. */
static jint srtp_op(JNIEnv *env, jlong handle, jbyteArray buf, jint off, jint len, bool rtcp, bool protect)
{
    srtp_t session = ll_ptr(handle);
    if (session == NULL)
        return -EBADF;
    int rc = ll_check_range(env, buf, off, len);
    if (rc < 0)
        return rc;
    if (protect && (jlong) off + len + LL_SRTP_ROOM > (*env)->GetArrayLength(env, buf))
        return -ENOSPC;
    jbyte *base = (*env)->GetPrimitiveArrayCritical(env, buf, NULL);
    if (base == NULL)
        return -ENOMEM;
    int n = len;
    void *pkt = base + off;
    srtp_err_status_t st;
    if (protect)
        st = rtcp ? srtp_protect_rtcp(session, pkt, &n) : srtp_protect(session, pkt, &n);
    else
        st = rtcp ? srtp_unprotect_rtcp(session, pkt, &n) : srtp_unprotect(session, pkt, &n);
    /* unprotect decrypts in place even when the tag then fails: 0 keeps what we wrote, as the caller drops it anyway */
    (*env)->ReleasePrimitiveArrayCritical(env, buf, base, 0);
    return st == srtp_err_status_ok ? n : -(LL_SRTP_ERR_BASE + (int) st);
}

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_srtpProtect0(JNIEnv *env, jclass cls, jlong handle, jbyteArray buf,
                                                                jint off, jint len, jboolean rtcp)
{
    (void) cls;
    return srtp_op(env, handle, buf, off, len, rtcp, true);
}

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_srtpUnprotect0(JNIEnv *env, jclass cls, jlong handle, jbyteArray buf,
                                                                  jint off, jint len, jboolean rtcp)
{
    (void) cls;
    return srtp_op(env, handle, buf, off, len, rtcp, false);
}

/* Bytes a protected packet may grow by (the caller's buffer must have them). */
JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_srtpRoom0(JNIEnv *env, jclass cls)
{
    (void) env;
    (void) cls;
    return LL_SRTP_ROOM;
}

JNIEXPORT void JNICALL Java_dev_lifeline_dsp_Native_srtpFree0(JNIEnv *env, jclass cls, jlong handle)
{
    (void) env;
    (void) cls;
    srtp_t session = ll_ptr(handle);
    if (session != NULL)
        srtp_dealloc(session);
}
