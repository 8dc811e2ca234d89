# Part "echo" of scripts/bench (issue #14): the line echo canceller against the rigs' simulated
# 2-wire hybrid (dev.lifeline.dsp.EchoBench, in-process, a few seconds): for tails 4, 8, 16 and
# 32 ms at ERL 6 and 20 dB, ERLE once converged, time to 30 dB, worst ERLE during 1.5 s of double
# talk and after it, near-end speech loss, and CPU µs per channel per 20 ms frame; in LINEAR mode
# (G.168's convergence measure, NLP off) and VOICE mode (as the gateway runs it: NLP and comfort
# noise on). Sourced by scripts/bench (needs TEST_CP, java_opts_common, die); runs alone with
# ./scripts/bench --echo-only. Writes bench-results/echo-latest.json (not latest.json, which the
# other parts share); the figures of the last run worth keeping go into docs/dsp.md by hand.

ECHO_JSON=null

bench_echo() {
  echo "bench: echo canceller against the simulated hybrid (tails 4-32 ms, ERL 6 and 20 dB)..." >&2
  local out
  # shellcheck disable=SC2046
  out=$(cd "$LIFELINE_HOME" && "$JAVA_HOME/bin/java" $(java_opts_common) -cp "$TEST_CP" dev.lifeline.dsp.EchoBench 2>&1) \
    || { echo "$out" | tail -30 >&2; die "bench: the echo canceller measurement failed"; }
  grep -v '^{' <<<"$out" | grep -v '^WARNING' | sed 's/^/  /' >&2
  ECHO_JSON=$(grep '^{' <<<"$out" | tail -1)
  [ -n "$ECHO_JSON" ] || die "bench: EchoBench printed no result: $out"
}

# echo_results : writes ECHO_JSON with the date, commit and machine to bench-results/echo-latest.json.
echo_results() {
  mkdir -p "$LIFELINE_HOME/bench-results"
  jq --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
     --arg commit "$(git -C "$LIFELINE_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
     --argjson nproc "$(nproc)" --arg load "$(cut -d' ' -f1 /proc/loadavg)" \
     '{date: $date, commit: $commit, cores: $nproc, load_average: $load} + .' <<<"$ECHO_JSON" \
     > "$LIFELINE_HOME/bench-results/echo-latest.json"
  echo "results: bench-results/echo-latest.json" >&2
}
