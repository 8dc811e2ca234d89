# Part g2 of scripts/bench (issue #15): concurrent relayed calls with SDES-SRTP on both legs beside
# the same calls in plain RTP, in the same run, both driven by dev.lifeline.bench.SrtpCallLoad
# (SIPp 3.6 has no SRTP, so part g's SIPp figure is not the plain baseline here: the same Java
# load generator makes both). Sourced by scripts/bench (needs its WORK, TEST_CP, BG_PIDS, GW_PID,
# SIP_PORT, MEDIA_RAMP_S, LATE_LIMIT, start_sip_gateway, stop_gateway, register_contact, free_port,
# cpu_ticks, CLK_TCK); runs alone with ./scripts/bench --srtp-only.
#
#   g2. N calls 7000 -> gateway -> 7001 (N = 40, 80, 120, ... until a mode falls below the goal),
#       started within MEDIA_RAMP_S, 10 s of 20 ms PCMA each then BYE; the callee echoes, as in part g.
#       Plain: RTP/AVP on both legs. SRTP: the caller offers RTP/SAVP with AES_CM_128_HMAC_SHA1_80,
#       the gateway offers the callee RTP/AVP with a=crypto (sip.srtp optional, the default) and the
#       callee answers with a key, so both legs are SRTP (checked: CDRs with srtp_suite). Quality
#       from the step's CDRs exactly as in part g (bad = missing or lost + packets of calls with
#       jitter > 20 ms, of 500 x N sent); gateway CPU and the load generator's over 6 s mid-step.

read -r -a SRTP_STEPS <<<"${BENCH_SRTP_STEPS:-40 80 120 160 240 320 400 480 560 640}"   # env: other steps (development)
SRTP_CALL_S=10

# srtp_step MODE N : one step (MODE plain|srtp) on the running gateway (data dir $SRTP_DIR);
# appends a JSON object to SRTP_JSON, a row to SRTP_ROW[MODE-N]; returns 0 when every call completed with < 1 % bad.
srtp_step() {
  local mode=$1 n=$2 sd="$WORK/srtp-$1-$2" before pid g0 g1 l0 l1 w0 w1 stats cdrs rx lost jlate jmax javg srtp_cdrs auth_fail
  local expected missing bad_frac bad_pct gw_cpu load_cpu answered failed out lag
  mkdir -p "$sd"
  before=$(sqlite3 "$SRTP_DIR/lifeline.db" 'SELECT COALESCE(MAX(seq), 0) FROM cdr')
  # shellcheck disable=SC2046
  "$JAVA_HOME/bin/java" $(java_opts_common) -XX:+UseSerialGC -cp "$TEST_CP" dev.lifeline.bench.SrtpCallLoad \
    --gateway "127.0.0.1:$SIP_PORT" --calls "$n" --seconds "$SRTP_CALL_S" --ramp-s "$MEDIA_RAMP_S" \
    --srtp "$([ "$mode" = srtp ] && echo on || echo off)" --callee-port "$SRTP_CALLEE_PORT" > "$sd/load.out" 2> "$sd/load.err" &
  pid=$!; BG_PIDS+=("$pid")
  sleep $(( MEDIA_RAMP_S + 2 ))
  g0=$(cpu_ticks "$GW_PID"); l0=$(cpu_ticks "$pid"); w0=$(now_ms)
  sleep 6
  g1=$(cpu_ticks "$GW_PID"); l1=$(cpu_ticks "$pid"); w1=$(now_ms)
  wait "$pid" || true
  for _ in $(seq 50); do
    [ "$(sqlite3 "$SRTP_DIR/lifeline.db" "SELECT COUNT(*) FROM cdr WHERE seq > $before")" -ge "$n" ] && break; sleep 0.1
  done
  gw_cpu=$(awk -v t=$(( g1 - g0 )) -v hz="$CLK_TCK" -v ms=$(( w1 - w0 )) 'BEGIN {printf "%.0f", 100 * t / hz / (ms / 1000)}')
  load_cpu=$(awk -v t=$(( l1 - l0 )) -v hz="$CLK_TCK" -v ms=$(( w1 - w0 )) 'BEGIN {printf "%.0f", 100 * t / hz / (ms / 1000)}')
  stats=$(sqlite3 -separator ' ' "$SRTP_DIR/lifeline.db" "SELECT COUNT(*), COALESCE(SUM(rtp_packets_received), 0),
      COALESCE(SUM(rtp_packets_lost), 0), COALESCE(SUM(CASE WHEN rtp_jitter_ms > 20 THEN rtp_packets_received ELSE 0 END), 0),
      COALESCE(MAX(rtp_jitter_ms), 0), COALESCE(AVG(rtp_jitter_ms), 0), COUNT(srtp_suite), COALESCE(SUM(srtp_auth_failures), 0)
      FROM cdr WHERE seq > $before AND answer_ms IS NOT NULL")
  read -r cdrs rx lost jlate jmax javg srtp_cdrs auth_fail <<<"$stats"
  out=$(tail -1 "$sd/load.out"); jq -e . <<<"$out" >/dev/null 2>&1 || out=null
  answered=$(jq -r '.answered // 0' <<<"$out" 2>/dev/null || echo 0); failed=$(jq -r '.failed // 0' <<<"$out" 2>/dev/null || echo "$n")
  expected=$(( n * SRTP_CALL_S * 50 ))
  missing=$(( expected - rx > lost ? expected - rx : lost ))
  bad_frac=$(awk -v m="$missing" -v j="$jlate" -v e="$expected" 'BEGIN {printf "%.5f", (m + j) / e}')
  bad_pct=$(awk -v f="$bad_frac" 'BEGIN {printf "%.2f", 100 * f}')
  javg=$(awk -v v="$javg" 'BEGIN {printf "%.2f", v}'); jmax=$(awk -v v="$jmax" 'BEGIN {printf "%.2f", v}')
  lag=$(jq -r '"\(.ticks_late_over_5ms // "?") of \(.ticks // "?") ticks late > 5 ms, max \(.tick_max_lag_ms // "?") ms"' <<<"$out" 2>/dev/null || echo "?")
  echo "  $mode $n calls: $answered answered, $failed failed; $cdrs CDRs ($srtp_cdrs SRTP, $auth_fail packets failing auth); received $rx of $expected, lost $lost, in high-jitter calls $jlate ($bad_pct % bad); jitter avg $javg max $jmax ms; gateway CPU $gw_cpu %, load generator $load_cpu % (its ticker: $lag)" >&2
  SRTP_JSON+=( "{\"mode\":\"$mode\",\"calls\":$n,\"answered\":$answered,\"failed\":$failed,\"cdrs\":$cdrs,\"srtp_cdrs\":$srtp_cdrs,\"srtp_auth_failures\":$auth_fail,\"packets_expected\":$expected,\"packets_received\":$rx,\"packets_lost\":$lost,\"packets_in_calls_jitter_over_20ms\":$jlate,\"bad_fraction\":$bad_frac,\"jitter_avg_ms\":$javg,\"jitter_max_ms\":$jmax,\"gateway_cpu_pct_of_one_core\":$gw_cpu,\"load_generator_cpu_pct_of_one_core\":$load_cpu,\"load\":${out:-null}}" )
  SRTP_ROW[$mode-$n]="$bad_pct % bad, jitter avg/max $javg/$jmax ms, gateway CPU $gw_cpu %, load generator $load_cpu % (its ticker: $lag)"
  sleep 1
  [ "$failed" = 0 ] && [ "$answered" -ge "$n" ] && [ "$cdrs" -ge "$n" ] \
    && { [ "$mode" = plain ] || [ "$srtp_cdrs" -ge "$n" ]; } \
    && awk -v f="$bad_frac" -v l="$LATE_LIMIT" 'BEGIN {exit !(f < l)}'
}

# bench_srtp : runs g2 on a fresh gateway; sets SRTP_RESULT (JSON) and SRTP_TABLE (markdown rows).
bench_srtp() {
  echo "bench: g2. concurrent relayed calls, plain RTP vs SDES-SRTP (SrtpCallLoad), ${SRTP_STEPS[*]}..." >&2
  SRTP_DIR="$WORK/sip-srtp"
  start_sip_gateway "$SRTP_DIR"
  SRTP_CALLEE_PORT=$(free_port)
  register_contact 7001 "$SRTP_CALLEE_PORT"
  SRTP_JSON=() SRTP_TABLE=""
  declare -gA SRTP_ROW=() SRTP_BEST=([plain]=0 [srtp]=0)
  local n mode plain_on=1 srtp_on=1
  for n in "${SRTP_STEPS[@]}"; do
    [ "$plain_on" = 1 ] || [ "$srtp_on" = 1 ] || break
    if [ "$plain_on" = 1 ]; then if srtp_step plain "$n"; then SRTP_BEST[plain]=$n; else plain_on=0; fi; fi
    if [ "$srtp_on" = 1 ]; then if srtp_step srtp "$n"; then SRTP_BEST[srtp]=$n; else srtp_on=0; fi; fi
  done
  stop_gateway
  for n in "${SRTP_STEPS[@]}"; do
    for mode in plain srtp; do
      [ -n "${SRTP_ROW[$mode-$n]:-}" ] && SRTP_TABLE+="| $n concurrent calls, $mode | ${SRTP_ROW[$mode-$n]} |"$'\n'
    done
  done
  SRTP_TABLE=${SRTP_TABLE%$'\n'}
  local IFS=,
  SRTP_RESULT="{\"call_s\":$SRTP_CALL_S,\"ramp_s\":$MEDIA_RAMP_S,\"max_concurrent_under_1pct_bad\":{\"plain\":${SRTP_BEST[plain]},\"srtp\":${SRTP_BEST[srtp]}},\"steps\":[${SRTP_JSON[*]}]}"
}

# srtp_docs : the generated g2 section of docs/benchmarks.md; srtp_results : .sip_media_srtp of bench-results/latest.json
srtp_results() { bench_latest_put sip_media_srtp "$SRTP_RESULT"; }
srtp_docs() {
  local section
  local begin='<!-- bench-srtp:begin (generated by scripts/bench; do not edit by hand) -->' end='<!-- bench-srtp:end -->'
  section="$begin
Latest run: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$LIFELINE_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) × $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1).
Concurrent relayed calls with < 1 % packets lost or late: **plain ${SRTP_BEST[plain]}, SRTP ${SRTP_BEST[srtp]}** (steps ${SRTP_STEPS[*]}; a mode stops at its first step below the goal).

| step | result (2 cores shared with the load generator) |
|---|---|
$SRTP_TABLE
$end"
  bench_doc_section "$begin" "$end" "$section"
  echo "docs/benchmarks.md SRTP section updated" >&2
}
