# Part h of scripts/bench (issue #5): the central-controller link, measured with real processes on
# loopback: Mosquitto, the gateway (lifeline run) and the reference controller (lifeline ctl).
# Sourced by scripts/bench (needs its WORK, TEST_CP, BG_PIDS, GW_PID, wait_ready, stop_gateway,
# now_ms, median); runs alone with ./scripts/bench --controller-only.
#
#   i1. drain: a 100,000-CDR backlog in the gateway's journal (CdrDrainBench fill), the gateway
#       started with the controller section, `lifeline ctl collect` storing every CDR in its SQLite
#       file (committed before each ack). Drain rate = the gateway's own measure (first batch sent
#       -> last ack, logged as "drained N CDRs in T ms"); also ready -> all stored at the controller.
#       Meanwhile two pairs of virtual phones call each other (CallSetupBench): first digit -> callee
#       rings, and last digit -> rings, of the calls made during the drain vs after it.  goal >= 5000/s
#   i2. config push: `lifeline ctl push` of the running demo config (plus its controller section)
#       with versions 1..5; round trip publish -> config/ack "applied" as ctl measures it, the
#       gateway's own apply time, and the whole command (JVM start included); median of 5.  goal < 1 s

CTL_BACKLOG=100000
CTL_CALLS=12
CTL_PUSHES=5

# ctl_free_port : a TCP port on loopback nobody listens on.
ctl_free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 10000 ))
    [ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ] && { echo "$p"; return; }
  done
}

# med_or_null : the median of the numbers on stdin, or null when there are none.
med_or_null() {
  local v; v=$(grep -E '^-?[0-9]' || true)
  if [ -n "$v" ]; then median <<<"$v"; else echo null; fi
}

# bench_controller : runs i1 and i2; sets CTL_JSON (a JSON object) and CTL_ROWS (markdown table rows).
bench_controller() {
  local d="$WORK/ctl" port broker i
  mkdir -p "$d"
  echo "bench: i. controller link: ${CTL_BACKLOG}-CDR drain to lifeline ctl collect via Mosquitto, calls meanwhile; config push x $CTL_PUSHES..." >&2

  # --- the broker: like the tests' (anonymous, no persistence), room for a whole backlog in flight
  port=$(ctl_free_port)
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 200000\nlog_dest file %s\n' \
    "$port" "$d/mosquitto.log" > "$d/mosquitto.conf"
  mosquitto -c "$d/mosquitto.conf" > "$d/mosquitto.out" 2>&1 &
  local mq_pid=$!; BG_PIDS+=("$mq_pid")
  for i in $(seq 50); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
  ss -Hltn "sport = :$port" | grep -q . || { cat "$d/mosquitto.out" >&2; die "bench: mosquitto did not start"; }
  broker="tcp://127.0.0.1:$port"
  { cat "$WORK/site.yaml"; printf '\ncontroller:\n  url: %s\n' "$broker"; } > "$d/site.yaml"

  # --- i1: backlog, collector, gateway, calls
  "$JAVA_HOME/bin/java" -cp "$TEST_CP" dev.lifeline.bench.CdrDrainBench fill --data "$d/gw" --cdrs "$CTL_BACKLOG" >&2 \
    || die "bench: could not fill the journal"
  lifeline_java_cmd ctl collect --broker "$broker" --db "$d/ctl.db" --client-id bench-ctl
  "${LIFELINE_CMD[@]}" > "$d/collect.out" 2> "$d/collect.err" &
  local collect_pid=$!; BG_PIDS+=("$collect_pid")
  for i in $(seq 100); do grep -q 'collecting' "$d/collect.err" && break; sleep 0.1; done
  grep -q 'collecting' "$d/collect.err" || { cat "$d/collect.err" >&2; die "bench: ctl collect did not start"; }

  lifeline_java_cmd run --board "$WORK/board.yaml" --config "$d/site.yaml" --data "$d/gw"
  "${LIFELINE_CMD[@]}" > "$d/gw.out" 2>&1 &
  GW_PID=$!
  wait_ready "$d/gw" 30
  local t_ready; t_ready=$(now_ms)
  local sim; sim=$(tr -d '[:space:]' < "$d/gw/run/sim.addr")
  # shellcheck disable=SC2046
  "$JAVA_HOME/bin/java" $(java_opts_common) -cp "$TEST_CP" dev.lifeline.bench.CallSetupBench --sim "$sim" \
    --calls "$CTL_CALLS" > "$d/calls.out" 2> "$d/calls.err" &
  local calls_pid=$!; BG_PIDS+=("$calls_pid")

  local n=0 t_first="" t_done="" end=$(( $(now_ms) + 120000 ))
  while [ "$(now_ms)" -lt "$end" ]; do
    n=$(sqlite3 "$d/ctl.db" 'SELECT COUNT(*) FROM cdrs' 2>/dev/null || echo 0)
    [ -z "$t_first" ] && [ "${n:-0}" -gt 0 ] && t_first=$(now_ms)
    if [ "${n:-0}" -ge "$CTL_BACKLOG" ]; then t_done=$(now_ms); break; fi
    sleep 0.05
  done
  [ -n "$t_done" ] || { tail -5 "$d/collect.out" "$d/collect.err" "$d/gw.out" >&2; die "bench: the controller got $n of $CTL_BACKLOG CDRs in 2 min"; }
  wait "$calls_pid" || true

  # the gateway's own measure, once the last ack is in
  local drained=""
  for i in $(seq 100); do
    drained=$(sed -n 's/.*cdr sync: drained \([0-9]*\) CDRs in \([0-9]*\) ms.*/\1 \2/p' "$d/gw.out" "$d"/gw/log/lifeline.log 2>/dev/null | head -1)
    [ -n "$drained" ] && break; sleep 0.1
  done
  local gw_cdrs gw_ms gw_rate
  read -r gw_cdrs gw_ms <<<"${drained:-0 0}"
  gw_rate=$(awk -v n="$gw_cdrs" -v ms="$gw_ms" 'BEGIN {if (ms > 0) printf "%d", n * 1000 / ms; else print 0}')
  local e2e_ms=$(( t_done - t_ready ))
  local e2e_rate; e2e_rate=$(awk -v n="$CTL_BACKLOG" -v ms="$e2e_ms" 'BEGIN {printf "%d", n * 1000 / ms}')
  local ctl_ms=$(( t_done - t_first ))
  local ctl_rate; ctl_rate=$(awk -v n="$CTL_BACKLOG" -v ms="$ctl_ms" 'BEGIN {if (ms > 0) printf "%d", n * 1000 / ms; else print 0}')
  # every seq exactly once at the controller (the calls' CDRs come after the backlog)
  sleep 1
  local stored smin smax dup_lines
  read -r stored smin smax <<<"$(sqlite3 -separator ' ' "$d/ctl.db" 'SELECT COUNT(*), MIN(seq), MAX(seq) FROM cdrs')"
  local contiguous=false
  [ "$smin" = 1 ] && [ "$stored" = "$smax" ] && contiguous=true
  dup_lines=$(sed -n 's/.* stored, \([0-9]*\) duplicate.*/\1/p' "$d/collect.out" | awk '{s += $1} END {print s + 0}')
  local batches; batches=$(grep -c ' stored, ' "$d/collect.out" || true)

  # calls: during the drain (dialled before the last CDR was stored) and after it
  local during after failed
  # columns: call PAIR EPOCH_DIAL_START DIALTONE_MS SETUP_MS PDD_MS ok|no-dialtone|no-ring
  during=$(awk -v t="$t_done" '$1 == "call" && $7 == "ok" && $3 <= t {print $5}' "$d/calls.out")
  after=$(awk -v t="$t_done" '$1 == "call" && $7 == "ok" && $3 > t {print $5}' "$d/calls.out")
  local pdd_d pdd_a
  pdd_d=$(awk -v t="$t_done" '$1 == "call" && $7 == "ok" && $3 <= t {print $6}' "$d/calls.out" | med_or_null)
  pdd_a=$(awk -v t="$t_done" '$1 == "call" && $7 == "ok" && $3 > t {print $6}' "$d/calls.out" | med_or_null)
  failed=$(awk '$1 == "call" && $7 != "ok"' "$d/calls.out" | wc -l)
  failed=$(( failed + $(grep -c '^error' "$d/calls.out" || true) ))
  [ "$failed" = 0 ] || grep -v ' ok$' "$d/calls.out" | sed 's/^/  failed: /' >&2
  local n_during n_after pdd_during pdd_during_max pdd_after
  n_during=$(grep -c . <<<"$during" || true); n_after=$(grep -c . <<<"$after" || true)
  pdd_during=$(med_or_null <<<"$during")
  pdd_during_max=$(sort -n <<<"$during" | tail -1); [ -n "$pdd_during_max" ] || pdd_during_max=null
  pdd_after=$(med_or_null <<<"$after")
  echo "  drain: gateway ${gw_cdrs} CDRs in ${gw_ms} ms = ${gw_rate}/s; controller stored all ${CTL_BACKLOG} ${e2e_ms} ms after ready (${ctl_rate}/s from the first stored); $batches batches, $dup_lines duplicates; seqs 1..$smax contiguous: $contiguous" >&2
  echo "  calls: $n_during during the drain (dialling start -> callee rings: median ${pdd_during} ms, max ${pdd_during_max} ms; last digit -> ring median ${pdd_d} ms), $n_after after (median ${pdd_after} ms; last digit -> ring ${pdd_a} ms), $failed failed" >&2

  # --- i2: config push to applied
  local rt=() ap=() wall=() out t0 t1 v
  for v in $(seq "$CTL_PUSHES"); do
    lifeline_java_cmd ctl push --broker "$broker" --site demo-branch --gateway gw-demo --version "$v" "$d/site.yaml"
    t0=$(now_ms)
    out=$("${LIFELINE_CMD[@]}" 2>&1) || { echo "$out" >&2; die "bench: ctl push v$v was not applied"; }
    t1=$(now_ms)
    rt+=( "$(sed -n 's/.*, \([0-9]*\) ms round trip.*/\1/p' <<<"$out")" )
    ap+=( "$(sed -n 's/.*; \([0-9]*\) ms on the gateway.*/\1/p' <<<"$out")" )
    wall+=( $(( t1 - t0 )) )
  done
  local rt_med ap_med wall_med
  rt_med=$(printf '%s\n' "${rt[@]}" | median); ap_med=$(printf '%s\n' "${ap[@]}" | median)
  wall_med=$(printf '%s\n' "${wall[@]}" | median)
  echo "  push: round trip ${rt[*]} ms (median $rt_med), applied on the gateway in ${ap[*]} ms, whole command ${wall[*]} ms" >&2

  local journal_left; journal_left=$(sqlite3 "$d/gw/lifeline.db" 'SELECT COUNT(*) FROM cdr')
  stop_gateway
  kill -TERM "$collect_pid" 2>/dev/null || true; wait "$collect_pid" 2>/dev/null || true
  kill -TERM "$mq_pid" 2>/dev/null || true; wait "$mq_pid" 2>/dev/null || true

  CTL_JSON=$(cat <<EOF
{ "backlog": $CTL_BACKLOG, "gateway_drained_cdrs": $gw_cdrs, "gateway_drain_ms": $gw_ms, "gateway_drain_per_s": $gw_rate,
    "ready_to_all_stored_ms": $e2e_ms, "ready_to_all_stored_per_s": $e2e_rate, "controller_first_to_all_stored_per_s": $ctl_rate,
    "batches": $batches, "duplicates": $dup_lines, "stored": $stored, "seqs_contiguous_from_1": $contiguous, "journal_left": $journal_left,
    "calls_during_drain": $n_during, "setup_during_drain_median_ms": $pdd_during, "setup_during_drain_max_ms": $pdd_during_max,
    "last_digit_to_ring_during_drain_median_ms": $pdd_d, "calls_after_drain": $n_after, "setup_after_drain_median_ms": $pdd_after,
    "last_digit_to_ring_after_drain_median_ms": $pdd_a, "calls_failed": $failed,
    "push_round_trip_ms": [$(IFS=,; echo "${rt[*]}")], "push_round_trip_median_ms": $rt_med,
    "push_gateway_apply_median_ms": $ap_med, "push_command_median_ms": $wall_med,
    "goal_drain_per_s": 5000, "goal_push_ms": 1000 }
EOF
)
  local v1 v2
  v1=$(awk -v v="$gw_rate" 'BEGIN {print (v + 0 >= 5000) ? "meets goal" : "MISSES goal"}')
  v2=$(awk -v v="$rt_med" 'BEGIN {print (v + 0 < 1000) ? "meets goal" : "MISSES goal"}')
  CTL_ROWS="| CDR drain, ${CTL_BACKLOG}-CDR backlog → Mosquitto → \`lifeline ctl collect\` (SQLite, commit before ack), gateway's measure | ${gw_rate} CDRs/s (${gw_cdrs} in ${gw_ms} ms; ready → all stored ${e2e_ms} ms; ${batches} batches, ${dup_lines} duplicates, seqs contiguous: ${contiguous}, journal left: ${journal_left}) | ≥ 5000/s | $v1 |
| analog calls during the drain: first digit → callee rings (4 DTMF digits take 560 ms of it), median / max | ${pdd_during} / ${pdd_during_max} ms over ${n_during} calls; last digit → ring ${pdd_d} ms (after the drain: ${pdd_after} ms over ${n_after}, last digit → ring ${pdd_a} ms; failed: ${failed}) | | |
| config push → applied (\`lifeline ctl push\` of the demo config, round trip), median of ${CTL_PUSHES} | ${rt_med} ms (runs: ${rt[*]}; gateway apply ${ap_med} ms; whole command with JVM start ${wall_med} ms) | < 1000 ms | $v2 |"
}

# write_controller_results : bench-results/controller-latest.json and, unless UPDATE_DOCS=0, the
# generated controller section of docs/benchmarks.md (the same numbers go into latest.json on a
# full run).
write_controller_results() {
  local date commit json doc begin end section
  date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  commit=$(git -C "$LIFELINE_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown)
  mkdir -p "$LIFELINE_HOME/bench-results"
  json="$LIFELINE_HOME/bench-results/controller-latest.json"
  printf '{\n  "date": "%s",\n  "commit": "%s",\n  "machine": { "nproc": %s, "cpu": "%s" },\n  "controller": %s\n}\n' \
    "$date" "$commit" "$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1 | sed 's/"/\\"/g')" \
    "$CTL_JSON" > "$json"
  jq . "$json" > /dev/null 2>&1 || echo "bench: warning: $json is not valid JSON" >&2
  echo
  echo "Controller link — $date, commit $commit"
  echo
  printf '| measure | result | goal | |\n|---|---|---|---|\n%s\n' "$CTL_ROWS"
  [ "${UPDATE_DOCS:-1}" = 1 ] || return 0
  begin='<!-- bench-controller:begin (generated by scripts/bench; do not edit by hand) -->'
  end='<!-- bench-controller:end -->'
  section=$(printf '%s\n### Latest controller run\n\n- date: %s (commit %s)\n- machine: %s × %s\n\n| measure | result | goal | |\n|---|---|---|---|\n%s\n%s' \
    "$begin" "$date" "$commit" "$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$CTL_ROWS" "$end")
  bench_doc_section "$begin" "$end" "$section"
  echo "docs/benchmarks.md (controller section) updated" >&2
}
