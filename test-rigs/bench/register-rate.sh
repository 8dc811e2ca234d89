#!/usr/bin/env bash
# REGISTER/s with digest auth against a registrar, measured with SIPp.
#   test-rigs/bench/register-rate.sh HOST:PORT [RATE] [SECONDS]
# Offers RATE registrations per second (default 1000) for SECONDS (default 10); each is a fresh
# phone doing REGISTER -> 401 -> REGISTER with MD5 digest -> 200 (test-rigs/sipp/register-load.xml,
# users 7000..7009 from users.csv). Prints one JSON line:
#   {"target":"HOST:PORT","offered_per_s":1000,"rate_per_s":987.5,"calls":10000,"succeeded":9990,"failed":10,"seconds":10.1}
# rate_per_s = successful registrations per second of wall time (each is two REGISTER transactions).
set -euo pipefail
target=${1:?usage: register-rate.sh HOST:PORT [RATE] [SECONDS]}
rate=${2:-1000}
secs=${3:-10}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v sipp >/dev/null || { echo "register-rate: sipp not found (apt-get install sip-tester)" >&2; exit 2; }
calls=$((rate * secs))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
set +e
( cd "$work" && sipp -sf "$here/sipp/register-load.xml" -inf "$here/sipp/users.csv" -i 127.0.0.1 \
    -buff_size 1048576 -r "$rate" -rp 1000 -m "$calls" -l $((rate * 5)) -recv_timeout 5000 -timeout $((secs * 3 + 30))s \
    -trace_stat -stf stats.csv -fd 1 "$target" -nostdin >sipp.out 2>&1 )
rc=$?
set -e
end=$(date +%s.%N)
[ -s "$work/stats.csv" ] || { echo "register-rate: sipp produced no statistics (exit $rc):" >&2; cat "$work/sipp.out" >&2; exit 1; }
col() { # value of a column of the last stats line, by header name
  awk -F';' -v name="$1" 'NR==1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { v = $c } END { print v + 0 }' "$work/stats.csv"
}
ok=$(col "SuccessfulCall(C)")
failed=$(col "FailedCall(C)")
elapsed=$(echo "$end - $start" | bc -l)
# while_offered: the median of the per-period completion rates (SuccessfulCall(P) divided by the
# period's own length, CurrentTime - LastResetTime: an overloaded SIPp writes its once-a-second line
# late, and a 2 s period counted as one second doubled the rate) over the periods that end within
# the seconds SIPp was offering calls — what the target kept completing under the load, without the
# tail in which SIPp only waits out the timeouts of calls that were refused
steady=$(awk -F';' -v secs="$secs" '
  function epoch(f,  a) { split(f, a, "\t"); return a[3] + 0 }
  NR == 1 { for (i = 1; i <= NF; i++) if ($i == "SuccessfulCall(P)") c = i; next }
  NR == 2 { t0 = epoch($1) }
  NR >= 2 { from = epoch($2); to = epoch($3)
            if (to - from >= 0.2 && to - t0 <= secs + 0.5) printf "%.1f\n", $c / (to - from) }' "$work/stats.csv" | sort -n \
  | awk '{ v[NR] = $1 } END { if (!NR) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
printf '{"target":"%s","offered_per_s":%s,"rate_per_s":%.1f,"calls":%s,"succeeded":%s,"failed":%s,"seconds":%.1f,"while_offered_per_s":%s}\n' \
  "$target" "$rate" "$(echo "$ok / $elapsed" | bc -l)" "$calls" "$ok" "$failed" "$elapsed" "$steady"
