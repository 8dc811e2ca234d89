/* lifeline_dsp.c - library identity, checked by dev.lifeline.dsp.Dsp right after loading. */
#include "lifeline_dsp.h"

JNIEXPORT jint JNICALL Java_dev_lifeline_dsp_Native_abiVersion0(JNIEnv *env, jclass cls)
{
    (void) env;
    (void) cls;
    return LL_ABI_VERSION;
}
