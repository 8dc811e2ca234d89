# Fast path of `lifeline status|calls|registrations|cdr|unblock|watch`: asks the running gateway's
# CoAP management API with libcoap's `coap-client` (C, a few ms) instead of starting a JVM (~1 s).
# Sourced by scripts/lifeline before common.sh, and kept free of forks it can avoid (each costs
# a few ms on the box): no package, JDK or build check runs here: those
# belong to `run` and `test` (which install libcoap3-bin). Without coap-client it returns and the
# caller falls back to the JVM client. Why libcoap: docs/operations.md "Command line".

# query_main COMMAND [ARGS...] : runs the query and exits with its status.
query_main() {
  local cmd=$1; shift
  local data=var coap="" json=false limit=20 interval=2 source="" user="" a
  while [ $# -gt 0 ]; do
    a=$1; shift
    case "$a" in
      --json) json=true ;;
      --data) [ $# -gt 0 ] || query_fail "--data needs a directory"; data=$1; shift ;;
      --data=*) data=${a#--data=} ;;
      --coap) [ $# -gt 0 ] || query_fail "--coap needs a URI (coap://HOST:PORT)"; coap=$1; shift ;;
      --coap=*) coap=${a#--coap=} ;;
      --limit) [ $# -gt 0 ] || query_fail "--limit needs a number"; limit=$1; shift ;;
      --limit=*) limit=${a#--limit=} ;;
      --interval) [ $# -gt 0 ] || query_fail "--interval needs seconds"; interval=$1; shift ;;
      --interval=*) interval=${a#--interval=} ;;
      --follow) [ "$cmd" = status ] || query_fail "--follow goes with status"; cmd=watch ;;
      --as) [ $# -gt 0 ] || query_fail "--as needs admin, viewer or cert"; shift ;;   # DTLS identity: JVM client only
      -*) query_fail "unknown option $a for $cmd" ;;
      *) if [ "$cmd" = unblock ] && [ -z "$source" ]; then source=$a
         elif [ "$cmd" = unblock ] && [ -z "$user" ]; then user=$a
         else query_fail "unexpected argument '$a' for $cmd"; fi ;;
    esac
  done
  [[ "$limit" =~ ^[0-9]+$ ]] || query_fail "--limit must be a number, not '$limit'"
  [[ "$interval" =~ ^[0-9]+([.][0-9]+)?$ ]] || query_fail "--interval must be seconds, not '$interval'"
  if [ -z "$coap" ]; then query_endpoint "$data"; coap=$QUERY_URI; fi
  # CoAP over DTLS (the API beyond loopback): the JVM client takes it, so the pre-shared key is read
  # inside the process and never shows on a command line (coap-client takes keys only as arguments)
  if [[ "$coap" == coaps://* ]]; then QUERY_NEEDS_DTLS=1; return 0; fi
  case "$cmd" in
    status|calls|registrations) query_get "$coap" "$cmd" "$json" ;;
    cdr) query_get "$coap" "cdr?limit=$limit" "$json" ;;
    unblock)
      [ -n "$source" ] || query_fail "usage: lifeline unblock SOURCE [USER]"
      query_post "$coap" "unblock?source=$source${user:+&user=$user}" ;;
    watch) query_watch "$coap" "$interval" ;;
  esac
}

query_fail() { echo "lifeline: $*" >&2; exit 2; }

# query_endpoint DATA_DIR : sets QUERY_URI to the gateway's CoAP URI from DATA_DIR/run/mgmt.uri;
# one-line errors for a data directory that is not there or cannot be read.
query_endpoint() {
  local data=$1 f="$1/run/mgmt.uri"
  [ -d "$data" ] || { echo "lifeline: no data directory '$data' (give the one the gateway runs with: --data DIR)" >&2; exit 1; }
  if [ ! -e "$f" ]; then
    echo "lifeline: no gateway has run with data directory '$data' ($f missing); start one with ./scripts/lifeline run" >&2; exit 1
  fi
  [ -r "$f" ] || { echo "lifeline: permission denied reading $f (run as the gateway's user)" >&2; exit 1; }
  QUERY_URI=""
  read -r QUERY_URI <"$f" || true
  [[ "$QUERY_URI" =~ ^coaps?://[^/]+$ ]] || { echo "lifeline: $f does not hold a coap:// URI ('$QUERY_URI')" >&2; exit 1; }
}

# query_get URI PATH JSON : GET; prints the body; a non-2.xx answer or none at all is one line on stderr.
query_get() {
  local accept=text/plain
  [ "$3" = true ] && accept=application/json
  query_coap "$1" "$2" -m get -A "$accept"
}

query_post() { query_coap "$1" "$2" -m post -t text/plain -e ""; }

# query_coap URI PATH COAP_CLIENT_ARGS... : one exchange; exits on failure with a one-line reason.
# coap-client writes the payload of a 2.xx answer to stdout and any other answer as "4.04 Not Found"
# (code, then payload) to stderr; both are read together (no temporary file) and told apart by
# that code, which no view's text starts with.
query_coap() {
  local uri=$1 path=$2; shift 2
  local out rc=0
  # -B 2: give up after 2 s without an answer; -v 3: errors only
  out=$("$COAP_CLIENT" -B 2 -v 3 "$@" "$uri/$path" 2>&1) || rc=$?
  if [ -z "$out" ]; then
    echo "lifeline: no answer from the gateway at $uri within 2 s (is it running? ./scripts/lifeline run)" >&2; exit 1
  fi
  if [[ "$out" =~ ^[1-5][.][0-9][0-9]([[:space:]]|$) ]] && [[ ! "$out" =~ ^2[.] ]]; then
    echo "lifeline: the gateway at $uri answered: ${out//$'\n'/ }" >&2; exit 1
  fi
  [ "$rc" -eq 0 ] || { echo "lifeline: coap-client failed with status $rc: ${out//$'\n'/ }" >&2; exit 1; }
  printf '%s\n' "$out"
}

# query_watch URI SECONDS : `top`-like view of status and calls, redrawn every SECONDS until Ctrl-C.
query_watch() {
  local uri=$1 every=$2 screen
  trap 'tput cnorm 2>/dev/null; echo; exit 0' INT TERM
  tput civis 2>/dev/null || true
  while :; do
    screen="lifeline watch — $uri — $(date '+%H:%M:%S') (every ${every}s, Ctrl-C to leave)"$'\n\n'
    screen+=$( (query_get "$uri" status false; echo; query_get "$uri" calls false) 2>&1 ) || true
    printf '\033[H\033[2J%s\n' "$screen"
    sleep "$every"
  done
}
