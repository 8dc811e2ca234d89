# Part "pesq" of scripts/bench (issue #14, speech quality): speech samples through a running
# gateway, scored with ITU-T PESQ (dev.lifeline.bench.PesqBench; docs/voice-quality.md):
#   fxs1 <-> SIP phone on PCMU (without and with RFC 2198 redundancy), fxs1 <-> SIP phone on Opus
#   (P.862 narrowband, 8 kHz), SIP Opus <->
#   SIP Opus relayed (P.862.2 wideband, 16 kHz), at 0, 1 and 5 % seeded random packet loss on the
#   SIP side, PESQ_RUNS runs each (median). Sourced by scripts/bench (needs WORK, TEST_CP,
#   java_opts_common, die); runs alone with ./scripts/bench --pesq-only. Writes
#   bench-results/pesq-latest.json, .pesq of bench-results/latest.json, and the generated section
#   of docs/voice-quality.md.
#
# Set-up it does itself: espeak-ng, flite and sox (Debian) make the speech samples (two voices, a few
# Harvard sentences each, 8 and 16 kHz); scripts/lib/pesq-env.sh makes the Python venv with PyPI's
# pesq. Where PyPI cannot be reached the calls are still made and the diagnostics reported, with
# MOS-LQO null and the reason in .pesq.scorer (never a made-up number).

PESQ_RUNS=${PESQ_RUNS:-4}   # samples alternate (female, male, ...): an even count gives each voice the same runs
PESQ_LOSSES=${PESQ_LOSSES:-0,1,5}
PESQ_JSON=null

# shellcheck source=pesq-env.sh
source "$LIFELINE_HOME/scripts/lib/pesq-env.sh"

# pesq_speech DIR : writes NAME-8k.wav and NAME-16k.wav for a male voice (flite's kal16, a diphone
# voice: recorded speech units joined) and a female one (espeak-ng). espeak-ng's male formant voice,
# used before 2026-12-07, scored 3.92-3.98 through bare G.711 (PESQ hears its buzzy excitation through
# the quantisation noise); kal16 scores 4.41, as natural speech does (docs/voice-quality.md).
pesq_speech() {
  local dir=$1 v n
  need_packages espeak-ng flite sox
  mkdir -p "$dir"
  # Harvard sentences (IEEE 1969), about 9 s a voice: P.862 wants 8-12 s with pauses
  flite -voice kal16 -t "The birch canoe slid on the smooth planks. Glue the sheet to the dark blue background. It is easy to tell the depth of a well." \
    -o "$dir/m.wav" || die "bench: flite failed"
  espeak-ng -v en-us+f3 -s 150 -w "$dir/f.wav" "Four hours of steady work faced us. A large size in stockings is hard to sell. The boy was there when the sun rose." \
    || die "bench: espeak-ng failed"
  for v in m f; do
    n=$([ "$v" = m ] && echo male || echo female)
    # peak -10 dBFS: active speech near P.56's -26 dBov, 10 dB from clipping; half a second of silence each side
    sox "$dir/$v.wav" -b 16 -c 1 "$dir/$n-8k.wav" norm -10 pad 0.5 0.5 rate -v 8000 || die "bench: sox failed"
    sox "$dir/$v.wav" -b 16 -c 1 "$dir/$n-16k.wav" norm -10 pad 0.5 0.5 rate -v 16000 || die "bench: sox failed"
    rm -f "$dir/$v.wav"
  done
}

bench_pesq() {
  echo "bench: speech quality (PESQ), $PESQ_RUNS runs at $PESQ_LOSSES % loss on 4 paths (about $(( PESQ_RUNS * 3 * 4 * 23 / 60 + 1 )) minutes)..." >&2
  local py scorer_args=() out
  pesq_speech "$WORK/speech"
  if py=$( (pesq_python) 2> "$WORK/pesq-env.err"); then
    scorer_args=(--python "$py" --scorer "$LIFELINE_HOME/scripts/lib/pesq_score.py")
  else
    echo "bench: PESQ NOT AVAILABLE (the calls are still made, MOS-LQO is left null): $(tail -1 "$WORK/pesq-env.err")" >&2
  fi
  # shellcheck disable=SC2046
  out=$(cd "$LIFELINE_HOME" && "$JAVA_HOME/bin/java" $(java_opts_common) -Dtinylog.configuration=tinylog-test.properties \
      -cp "$TEST_CP" dev.lifeline.bench.PesqBench --speech "$WORK/speech" --work "$WORK/pesq" --runs "$PESQ_RUNS" \
      --losses "$PESQ_LOSSES" "${scorer_args[@]}" 2> "$WORK/pesq.err") \
    || { tail -30 "$WORK/pesq.err" >&2; die "bench: the PESQ measurement failed"; }
  grep '^pesq:' "$WORK/pesq.err" | sed 's/^/  /' >&2 || true
  PESQ_JSON=$(grep '^{' <<<"$out" | tail -1)
  [ -n "$PESQ_JSON" ] || die "bench: PesqBench printed no result: $out"
  local scorer="pesq (PyPI; github.com/ludlows/python-pesq) $("${py:-false}" -c 'import importlib.metadata as m; print(m.version("pesq"))' 2>/dev/null || echo 'unavailable')"
  [ ${#scorer_args[@]} -gt 0 ] || scorer="unavailable: $(tail -1 "$WORK/pesq-env.err" | sed 's/"/'"'"'/g')"
  PESQ_JSON=$(jq -c --arg s "$scorer" --arg d "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
      --arg c "$(git -C "$LIFELINE_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
      '. + {scorer: $s, date: $d, commit: $c, goals: {g711_0pct_min: 4.2, g711_5pct_min: 3.5}}' <<<"$PESQ_JSON")
  pesq_table >&2
}

# pesq_table : the results as a Markdown table (path, direction, loss, median MOS-LQO, runs, diagnostics).
pesq_table() {
  echo "| path | direction | scoring | loss | MOS-LQO median | per sample | runs | level Δ dB | seg. SNR dB | packets lost |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  jq -r '.results[] | "| \(.path) | \(.direction) | \(.mode) | \(.loss_pct) % | \(.mos_lqo_median // "not scored") | \(.mos_lqo_median_by_sample | to_entries | map("\(.key) \(.value)") | join(", ")) | \(.mos_lqo) | \(.level_diff_db_median) | \(.seg_snr_db_median) | \(.packets_lost) |"' <<<"$PESQ_JSON"
}

# pesq_results : writes bench-results/pesq-latest.json and .pesq of bench-results/latest.json.
pesq_results() { bench_part_results pesq "$PESQ_JSON"; }

# pesq_docs : rewrites the generated section of docs/voice-quality.md.
pesq_docs() {
  local begin='<!-- bench-pesq:begin (generated by scripts/bench; do not edit by hand) -->' end='<!-- bench-pesq:end -->'
  local section
  section="$begin
### Latest run

- date: $(jq -r .date <<<"$PESQ_JSON") (commit $(jq -r .commit <<<"$PESQ_JSON")); $(nproc) cores; scorer: $(jq -r .scorer <<<"$PESQ_JSON"); self-check: $(jq -r .scorer_check <<<"$PESQ_JSON")

$(pesq_table)
$end"
  BENCH_DOC="$LIFELINE_HOME/docs/voice-quality.md" bench_doc_section "$begin" "$end" "$section" '## Results (scripts/bench --pesq-only)'
  echo "docs/voice-quality.md PESQ section updated" >&2
}
