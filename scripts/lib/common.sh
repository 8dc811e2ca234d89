# Shared helpers for Lifeline's scripts. Sourced, not run.
# Finds a JDK 21+, installs missing Debian packages (as root) and builds the project.

LIFELINE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

die() { echo "lifeline: $*" >&2; exit 1; }

# Every script says why it stops: die() prints its reason; any other failing command (under
# set -e) is named here with its status and line, instead of the script ending silently.
_lifeline_stopped() {
  local rc=$? cmd=$BASH_COMMAND
  [ "$BASHPID" = "$$" ] || return 0   # a subshell's failure is reported where the main script fails
  echo "$(basename "$0"): stopped: '$cmd' failed with status $rc (${BASH_SOURCE[1]:-$0}:${BASH_LINENO[0]})" >&2
}
set -o errtrace
trap _lifeline_stopped ERR

# built_jar : echoes target/lifeline-*.jar if it is built, else nothing (and never fails, so
# it is safe under set -euo pipefail on a fresh clone where target/ does not exist yet).
built_jar() {
  local f
  for f in "$LIFELINE_HOME"/target/lifeline-*.jar; do
    [ -f "$f" ] && { echo "$f"; return 0; }
  done
  return 0
}

# Echo the major version of the java binary given.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1 | cut -d. -f1
}

# Sets JAVA_HOME to a JDK 21+: JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    local v; v=$(java_major "$JAVA_HOME/bin/java")
    if [ "${v:-0}" -ge 21 ]; then export JAVA_HOME; return 0; fi
  fi
  local best="" bestv=0 d v
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/javac" ] || continue
    v=$(java_major "$d/bin/java")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  if [ -z "$best" ]; then
    need_packages openjdk-21-jdk-headless || true
    for d in /usr/lib/jvm/*/; do d=${d%/}; [ -x "$d/bin/javac" ] && [ "$(java_major "$d/bin/java")" -ge 21 ] && best=$d; done
  fi
  [ -n "$best" ] || die "no JDK 21 or newer found (JAVA_HOME or /usr/lib/jvm). Install one, e.g.: apt-get install openjdk-21-jdk-headless"
  export JAVA_HOME="$best"
}

# need_packages PKG... : installs the Debian packages that are missing (root), or says how.
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "lifeline: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || true
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
  else
    die "missing Debian packages. Run as root: apt-get install -y ${missing[*]}"
  fi
}

# Packages needed to build and run the gateway.
BUILD_PACKAGES=(gcc make libc6-dev libspandsp-dev libsrtp2-dev libopus-dev maven libcoap3-bin)  # libcoap3-bin: coap-client for the fast CLI queries
# Packages the test rigs use as real peers / independent checks (espeak-ng: speech samples for the PESQ chain, docs/voice-quality.md).
TEST_PACKAGES=(multimon-ng sox espeak-ng sip-tester kamailio kamailio-tls-modules bc mosquitto mosquitto-clients iproute2 baresip git openssl sqlite3 chromium chromium-driver libpri-dev tcpdump)

# Maven's own guava warns about sun.misc.Unsafe on JDK 24+; that noise is not ours.
maven_opts() {
  local v; v=$(java_major "$JAVA_HOME/bin/java")
  if [ "${v:-0}" -ge 24 ]; then echo "--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"; else echo "${MAVEN_OPTS:-}"; fi
}

mvn_cmd() {
  ( cd "$LIFELINE_HOME" && JAVA_HOME="$JAVA_HOME" MAVEN_OPTS="$(maven_opts)" mvn -B -q "$@" )
}

# Builds target/lifeline-*.jar, target/lib and target/native if sources are newer.
ensure_built() {
  local jar stamp
  jar=$(built_jar)
  if [ -n "$jar" ] && [ -f "$LIFELINE_HOME/target/native/liblifeline-dsp.so" ] && \
     [ -z "$(find "$LIFELINE_HOME/src/main" "$LIFELINE_HOME/native" "$LIFELINE_HOME/pom.xml" -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
    return 0
  fi
  echo "lifeline: building (first run takes a minute)..." >&2
  mvn_cmd -DskipTests package >&2 || die "build failed (see Maven output above)"
}

java_opts_common() {
  echo "--enable-native-access=ALL-UNNAMED -Djava.library.path=$LIFELINE_HOME/target/native -Dlifeline.dsp.library=$LIFELINE_HOME/target/native/liblifeline-dsp.so"
}

# JVM flags of the gateway process: small box, one engine thread, idle most of the time.
# Measured with scripts/bench (docs/benchmarks.md); the firmware bundle's bin/lifeline gets the
# same list (scripts/build-firmware copies it). LIFELINE_JAVA_OPTS adds to it (and can override:
# a later flag wins).
LIFELINE_JVM_FLAGS=(
  -XX:+UseSerialGC              # one small heap, no GC threads; pauses are ~ms at this size
  -Xms32m -Xmx128m              # idle live heap is a few MB; ~300 concurrent B2BUA calls need more than 96 MB (bench f); initial > young
  -Xmn24m                       # young generation fixed: the serial collector never shrinks it, the old one it does (after a storm); 16 MB meant 40 collections a second at 5,000 REGISTER/s
  -XX:MaxHeapFreeRatio=40       # give heap back after a storm: RSS returns under 150 MB (docs/benchmarks.md)
  -XX:MinHeapFreeRatio=10
  -XX:TrimNativeHeapInterval=5000  # return freed C heap (glibc arenas) to the OS every 5 s
  -XX:+ExitOnOutOfMemoryError   # last resort: exit at once so the supervisor restarts a clean process (CDRs are on disk)
  -XX:MaxMetaspaceSize=64m
  -XX:ReservedCodeCacheSize=32m
  -XX:TieredStopAtLevel=1       # C1 only: faster start, less code cache; hot DSP runs in C anyway
  -XX:CICompilerCount=1
  -Xss512k
  -Xshare:auto
  --enable-native-access=ALL-UNNAMED
)

# glibc gives every thread that mallocs its own arena (up to 8 per core); a JVM has ~45 threads,
# and the arenas' free memory stays in RSS. Two are plenty for the gateway's native allocations.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

# lifeline_java_cmd [ARGS...] : sets the array LIFELINE_CMD to the java command that runs the
# gateway (dev.lifeline.app.Main ARGS...) from this checkout's target/; needs find_jdk and a build.
lifeline_java_cmd() {
  local jar
  jar=$(built_jar)
  [ -n "$jar" ] || die "no target/lifeline-*.jar; build first (ensure_built)"
  # shellcheck disable=SC2206
  local extra=(${LIFELINE_JAVA_OPTS:-})
  # shellcheck disable=SC2046
  LIFELINE_CMD=("$JAVA_HOME/bin/java" "${LIFELINE_JVM_FLAGS[@]}" $(java_opts_common) "${extra[@]}"
    -Dlifeline.home="$LIFELINE_HOME" -cp "$jar:$LIFELINE_HOME/target/lib/*" dev.lifeline.app.Main "$@")
}
