#!/usr/bin/env python3
"""Scores reference/degraded WAV pairs with PyPI's `pesq` (ITU-T P.862 narrowband with the P.862.1
MOS-LQO mapping, P.862.2 wideband). Used by dev.lifeline.bench.PesqScorer (scripts/bench --pesq-only).

    pesq_score.py MANIFEST      # lines: RATE <tab> nb|wb <tab> REF.wav <tab> DEG.wav

Prints one line per pair, in order: the MOS-LQO, or "error: ..." when PESQ refuses the pair
(e.g. no utterance found). The files are already cut and aligned by the bench; both must be
16-bit mono at RATE (8000 for nb, 16000 for wb)."""
import sys
import wave

import numpy as np
from pesq import pesq


def read(path, rate):
    with wave.open(path, "rb") as w:
        if w.getframerate() != rate or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise ValueError(f"{path}: need {rate} Hz 16-bit mono")
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32)


def main():
    with open(sys.argv[1]) as f:
        for line in f:
            if not line.strip():
                continue
            rate, mode, ref, deg = line.rstrip("\n").split("\t")
            try:
                print(f"{pesq(int(rate), read(ref, int(rate)), read(deg, int(rate)), mode):.3f}", flush=True)
            except Exception as e:  # noqa: BLE001 - one bad pair must not lose the others' scores
                print(f"error: {type(e).__name__}: {e}".replace("\n", " "), flush=True)


if __name__ == "__main__":
    main()
