/* placeholder, replaced by the DSP layer */
int lifeline_dsp_placeholder(void) { return 0; }
