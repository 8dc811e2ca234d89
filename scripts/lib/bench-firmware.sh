# Part o of scripts/bench (issue #12): a firmware upgrade with two real bundles from
# scripts/build-firmware (jlink runtime and all), through the real supervisor, ordered by the
# controller's `upgrade` command over Mosquitto. v1 is the bundle as built; v2 is the same bundle
# with VERSION "<v1>-bench2", re-packed and signed with the same development key (what a release
# build with --key does). Measures: image size; command -> installed (download over loopback HTTP,
# signature, hash, unpack); -> old version stopped; -> new version healthy (ready and reached the
# controller); -> the "done" report; the whole. Then a v3 signed by a stranger's key must be
# refused (9019) without a restart. Sourced by scripts/bench (needs WORK, die, JAVA_HOME); runs
# alone with ./scripts/bench --firmware-only.

FW_JSON=null

# fw_wait FILE PATTERN SECONDS : waits until FILE has a line matching PATTERN; prints the time (s.ns) it did
fw_wait() {
  local f=$1 pat=$2 n=$(( $3 * 10 ))
  for _ in $(seq "$n"); do
    if grep -q -- "$pat" "$f" 2>/dev/null; then date +%s.%N; return 0; fi
    sleep 0.1
  done
  tail -30 "$f" >&2
  die "bench: firmware: no '$pat' within $3 s"
}

bench_firmware() {
  echo "bench: o. firmware upgrade with two real bundles (build-firmware, supervisor, controller upgrade)..." >&2
  "$LIFELINE_HOME/scripts/build-firmware" --no-verify > "$WORK/fw-build.log" 2>&1 \
    || { tail -20 "$WORK/fw-build.log" >&2; die "bench: build-firmware failed"; }
  local tgz img key v1 name arch d root
  tgz=$(sed -n 's/^build-firmware: \(.*\.tar\.gz\) .*/\1/p' "$WORK/fw-build.log" | tail -1)
  key=$(sed -n 's/.*(signed with \([^;]*\);.*/\1/p' "$WORK/fw-build.log" | tail -1)
  [ -f "$tgz" ] && [ -f "$key" ] || die "bench: firmware: build-firmware named no bundle or key"
  name=$(basename "$tgz" .tar.gz)
  d="$WORK/fw"
  root="$d/opt"
  mkdir -p "$d/v2" "$root/slots/a" "$root/state" "$d/data/tmp" "$d/www"
  tar -xzf "$tgz" -C "$root/slots/a" --strip-components=1
  v1=$(cat "$root/slots/a/VERSION")
  arch=$(cat "$root/slots/a/ARCH")
  # v2: the same bundle, another version, signed with the same key
  tar -xzf "$tgz" -C "$d/v2"
  echo "$v1-bench2" > "$d/v2/$name/VERSION"
  tar -C "$d/v2" -czf "$d/v2.tar.gz" "$name"
  "$JAVA_HOME/bin/java" -cp "$root/slots/a/app/lifeline.jar" dev.lifeline.mgmt.firmware.FirmwareTool sign "$key" \
    "$d/v2.tar.gz" "$v1-bench2" "$arch" "$d/www/v2.fw" || die "bench: firmware: signing v2 failed"
  # v3: signed by a key the firmware does not trust
  "$JAVA_HOME/bin/java" -cp "$root/slots/a/app/lifeline.jar" dev.lifeline.mgmt.firmware.FirmwareTool keygen "$d/stranger.pem" "$d/stranger.pub"
  "$JAVA_HOME/bin/java" -cp "$root/slots/a/app/lifeline.jar" dev.lifeline.mgmt.firmware.FirmwareTool sign "$d/stranger.pem" \
    "$d/v2.tar.gz" "$v1-bench3" "$arch" "$d/www/v3.fw"
  img=$(stat -c %s "$d/www/v2.fw")

  local mport hport sport
  mport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  hport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  sport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$mport" > "$d/mosquitto.conf"
  mosquitto -c "$d/mosquitto.conf" > "$d/mosquitto.log" 2>&1 &
  local mpid=$!
  (cd "$d/www" && exec python3 -m http.server "$hport" --bind 127.0.0.1) > "$d/http.log" 2>&1 &
  local hpid=$!
  sed 's/^sim: .*/sim: { listen: 127.0.0.1:0 }/' "$root/slots/a/board-profiles/sim-4fxs-2fxo.yaml" > "$d/board.yaml"
  { sed -e 's/^\( *coap-port:\).*/\1 0/' -e 's/^\(    port:\) 8080.*/\1 0/' -e "s/^\( *\(udp\|tcp\)-port:\).*/\1 $sport/" \
      "$root/slots/a/site-configs/demo.yaml"
    printf '\ncontroller:\n  url: tcp://127.0.0.1:%s\n' "$mport"; } > "$d/site.yaml"
  local p0=lifeline/v1/demo-branch/gw-demo
  mosquitto_sub -h 127.0.0.1 -p "$mport" -t "$p0/cmd/ack" -v > "$d/acks.log" 2>&1 &
  local spid=$!
  env -i PATH=/usr/bin:/bin LIFELINE_HEALTH_DEADLINE=120 LIFELINE_JAVA_OPTS="-Djava.io.tmpdir=$d/data/tmp" \
    "$root/slots/a/bin/lifeline-supervisor" "$root" run --board "$d/board.yaml" --config "$d/site.yaml" --data "$d/data" \
    > "$d/supervisor.log" 2>&1 &
  local svpid=$!
  fw_wait "$d/supervisor.log" "controller link up" 60 > /dev/null
  local t0 t1 t2 t3 t4 sha
  sha=$(sha256sum "$d/www/v2.fw" | cut -d' ' -f1)
  t0=$(date +%s.%N)
  mosquitto_pub -h 127.0.0.1 -p "$mport" -q 1 -t "$p0/cmd" \
    -m "{\"command\":\"upgrade\",\"requestId\":\"bench-2\",\"url\":\"http://127.0.0.1:$hport/v2.fw\",\"sha256\":\"$sha\",\"size\":$img}"
  t1=$(fw_wait "$d/supervisor.log" "installed in slot b" 120)
  t2=$(fw_wait "$d/supervisor.log" "trying slot b" 60)
  t3=$(fw_wait "$d/supervisor.log" "slot b .* is healthy after" 120)
  t4=$(fw_wait "$d/acks.log" '"requestId":"bench-2".*"status":"done"' 60)
  [ "$(cat "$root/state/active")" = b ] || die "bench: firmware: slot b is not active after the upgrade"
  grep -q "\"version\":\"$v1-bench2\"" "$d/acks.log" || die "bench: firmware: the done report does not name $v1-bench2"
  # v3 signed by a stranger: refused, no restart
  local restarts
  restarts=$(grep -c "asked for a restart" "$d/supervisor.log")
  mosquitto_pub -h 127.0.0.1 -p "$mport" -q 1 -t "$p0/cmd" \
    -m "{\"command\":\"upgrade\",\"requestId\":\"bench-3\",\"url\":\"http://127.0.0.1:$hport/v3.fw\",\"sha256\":\"$(sha256sum "$d/www/v3.fw" | cut -d' ' -f1)\"}"
  fw_wait "$d/acks.log" '"requestId":"bench-3".*"status":"failed".*9019\|"requestId":"bench-3".*9019.*"status":"failed"' 120 > /dev/null
  [ "$(grep -c "asked for a restart" "$d/supervisor.log")" = "$restarts" ] || die "bench: firmware: the refused image caused a restart"
  kill -TERM "$svpid" 2>/dev/null; wait "$svpid" 2>/dev/null || true
  kill "$spid" "$hpid" "$mpid" 2>/dev/null; wait "$spid" "$hpid" "$mpid" 2>/dev/null || true
  FW_JSON=$(jq -n --arg v1 "$v1" --argjson img "$img" --argjson t0 "$t0" --argjson t1 "$t1" --argjson t2 "$t2" --argjson t3 "$t3" \
    --argjson t4 "$t4" '{from: $v1, to: ($v1 + "-bench2"), image_bytes: $img,
      command_to_installed_s: (($t1 - $t0) * 100 | round / 100), installed_to_old_stopped_s: (($t2 - $t1) * 100 | round / 100),
      new_started_to_healthy_s: (($t3 - $t2) * 100 | round / 100), healthy_to_done_report_s: (($t4 - $t3) * 100 | round / 100),
      command_to_done_s: (($t4 - $t0) * 100 | round / 100), stranger_signature_refused: true}')
  echo "  $(jq -c . <<<"$FW_JSON")" >&2
}

firmware_results() { bench_latest_put firmware "$FW_JSON"; }

firmware_docs() {
  local section
  local begin='<!-- bench-firmware:begin (generated by scripts/bench; do not edit by hand) -->' end='<!-- bench-firmware:end -->'
  section="$begin
### Firmware upgrade with real bundles (latest run)

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ) (commit $(git -C "$LIFELINE_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown)); $(nproc) cores (load average $(cut -d' ' -f1 /proc/loadavg) when it ended)
- $(jq -r .from <<<"$FW_JSON") → $(jq -r .to <<<"$FW_JSON"), image $(( $(jq .image_bytes <<<"$FW_JSON") / 1048576 )) MiB, served over loopback HTTP, ordered by the controller's \`upgrade\`

| step | seconds |
|---|---|
| command → downloaded, signature and hash checked, unpacked into slot b | $(jq .command_to_installed_s <<<"$FW_JSON") |
| → old version stopped (CDRs flushed), supervisor starts slot b | $(jq .installed_to_old_stopped_s <<<"$FW_JSON") |
| → new version ready and connected to the controller (healthy) | $(jq .new_started_to_healthy_s <<<"$FW_JSON") |
| → \`done\` report on \`cmd/ack\` | $(jq .healthy_to_done_report_s <<<"$FW_JSON") |
| **command → done** | **$(jq .command_to_done_s <<<"$FW_JSON")** |

An image signed by a key the firmware does not trust was refused (9019) without a restart.
$end"
  bench_doc_section "$begin" "$end" "$section" '## Firmware upgrade (issue #12, bench part o)'
  echo "docs/benchmarks.md firmware section updated" >&2
}
