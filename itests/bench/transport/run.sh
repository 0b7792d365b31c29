#!/usr/bin/env bash
# libp2p transport benchmark on loopback (TCP + Noise XX + Yamux), figures printed and never asserted:
#   - single-stream throughput on /nodus/sink/1.0.0 (BYTES, default 1 GiB, after a warm-up stream of WARMUP_BYTES,
#     default 2 GiB, the same on every side; MB = 10^6 bytes)
#   - connection setup, TCP + multistream + Noise + Yamux + identify, p50/p99 over DIALS fresh connections (200)
# for Java<->Java (two hosts in one JVM), JS<->JS (itests/js-peer/bench.mjs), JS client -> Java server and
# Java client -> JS server, plus the JCA ChaCha20-Poly1305 limit of this JVM on one core (64 KiB per doFinal).
# Java<->Java and JS<->JS alternate ROUNDS times (default 3) and the table shows their medians. One table at the
# end, with the goals beside it. Measured the same way on every side: see bench.mjs and
# bundles/transport/src/test/java/io/nodus/transport/host/TransportBench.java.
#
#   BYTES=268435456 DIALS=100 itests/bench/transport/run.sh     # smaller run on a loaded machine
#   WARMUP_BYTES=16777216 itests/bench/transport/run.sh         # figures before the JIT has compiled the hot path
#   MVN_ARGS=-o itests/bench/transport/run.sh                   # offline Maven
#
# Needs io.nodus:api installed (mvn install -pl bundles/api), node >= 20 and npm (js-peer/setup.sh runs npm ci).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
JS="$ROOT/itests/js-peer"
BYTES="${BYTES:-1073741824}"
DIALS="${DIALS:-200}"
ROUNDS="${ROUNDS:-3}"
# Steady state is measured: the Java data path is JIT-compiled per 64 KiB frame, C2 takes its methods only after
# some thousand invocations each and compiling them takes a few CPU-seconds. With a 16 MiB warm-up a 1 GiB stream ran
# while C2 was busy, at 2x the CPU per byte; steady state came after ~2 GiB, on a quiet and on a loaded machine.
# JS gets the same warm-up, so every side is measured the same way.
WARMUP_BYTES="${WARMUP_BYTES:-2147483648}"
read -r -a MVN_EXTRA <<< "${MVN_ARGS:-}"
if [ -z "${JAVA_HOME:-}" ]; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do [ -x "$d/bin/javac" ] && { export JAVA_HOME="$d"; break; }; done
fi
export PATH="$JAVA_HOME/bin:$PATH"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
say() { printf '[bench] %s\n' "$*" >&2; }

say "building the transport test classes"
mvn -q -B "${MVN_EXTRA[@]}" -f "$ROOT/pom.xml" -pl bundles/transport test-compile
mvn -q -B "${MVN_EXTRA[@]}" -f "$ROOT/pom.xml" -pl bundles/transport dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="$ROOT/bundles/transport/target/test-classes:$ROOT/bundles/transport/target/classes:$(cat "$WORK/cp.txt")"
JAVA=(java --sun-misc-unsafe-memory-access=allow -Dnodus.bench.warmupBytes="$WARMUP_BYTES" -cp "$CP"
  io.nodus.transport.host.TransportBench)
"$JS/setup.sh"
NODE=(node --import "$JS/polyfill.mjs")

# json FILE EXPR: evaluates a JS expression over the JSON object `j` in FILE ("-" when absent)
json() { node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const v=eval(process.argv[2]); console.log(v ?? "-")' "$1" "$2"; }
# median EXPR FILE...: the median over the files of a JS expression over each file's JSON object `j`
median() { node -e 'const fs=require("fs"); const [e,...fs_]=process.argv.slice(1); const v=fs_.map(f=>{const j=JSON.parse(fs.readFileSync(f,"utf8")); return +eval(e);}).sort((a,b)=>a-b); const m=v.length>>1; console.log(v.length%2 ? v[m] : +((v[m-1]+v[m])/2).toFixed(2))' "$@"; }
# each EXPR FILE...: the values of EXPR, one per file, joined by " / "
each() { node -e 'const fs=require("fs"); const [e,...fs_]=process.argv.slice(1); console.log(fs_.map(f=>{const j=JSON.parse(fs.readFileSync(f,"utf8")); return eval(e);}).join(" / "))' "$@"; }
# result MODE FILE: the JSON of the "RESULT MODE {...}" line a TransportBench run printed
result() { sed -n "s/^RESULT $1 //p" "$2" | tail -1; }

# wait_line FILE PATTERN PID: waits (at most 120 s) until FILE has a line matching PATTERN, fails if PID dies
wait_line() {
  local i
  for ((i = 0; i < 1200; i++)); do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { say "process $3 ended before printing '$2'"; return 1; }
    sleep 0.1
  done
  say "timed out waiting for '$2' in $1"; return 1
}

say "cipher: JCA ChaCha20-Poly1305, one core"
"${JAVA[@]}" cipher "$BYTES" > "$WORK/cipher.out" 2> "$WORK/cipher.err"
result cipher "$WORK/cipher.out" > "$WORK/cipher.json"

# Java<->Java and JS<->JS alternate ROUNDS times (each a fresh process); the table shows each column's median, so
# that a burst of load from elsewhere on a shared machine moves one round, not the comparison.
for ((r = 1; r <= ROUNDS; r++)); do
  say "round $r/$ROUNDS: java -> java: $BYTES bytes, $DIALS dials"
  "${JAVA[@]}" local "$BYTES" "$DIALS" > "$WORK/jj.$r.out" 2> "$WORK/jj.$r.err"
  result 'java->java' "$WORK/jj.$r.out" > "$WORK/jj.$r.json"
  say "round $r/$ROUNDS: js -> js: $BYTES bytes, $DIALS dials"
  (cd "$JS" && "${NODE[@]}" bench.mjs --bytes "$BYTES" --dials "$DIALS" --warmup-bytes "$WARMUP_BYTES") > "$WORK/jsjs.$r.json"
done

say "js -> java: a Java host serving /nodus/sink/1.0.0"
mkfifo "$WORK/serve.in"
"${JAVA[@]}" serve < "$WORK/serve.in" > "$WORK/serve.out" 2> "$WORK/serve.err" &
SERVE_PID=$!; PIDS+=("$SERVE_PID")
exec 3> "$WORK/serve.in"
wait_line "$WORK/serve.out" '^READY ' "$SERVE_PID"
JAVA_TARGET="$(sed -n 's/^READY //p' "$WORK/serve.out")"
(cd "$JS" && "${NODE[@]}" bench.mjs --bytes "$BYTES" --dials "$DIALS" --warmup-bytes "$WARMUP_BYTES" \
  --target "$JAVA_TARGET") > "$WORK/jsjava.json"
exec 3>&-
wait "$SERVE_PID" || true

say "java -> js: a js-libp2p peer.mjs serving /nodus/sink/1.0.0"
mkfifo "$WORK/peer.in"
(cd "$JS" && exec "${NODE[@]}" peer.mjs --pubsub none --no-conn-monitor --agent nodus-bench-server) \
  < "$WORK/peer.in" > "$WORK/peer.out" 2> "$WORK/peer.err" &
PEER_PID=$!; PIDS+=("$PEER_PID")
exec 4> "$WORK/peer.in"
wait_line "$WORK/peer.out" '"event":"ready"' "$PEER_PID"
head -1 "$WORK/peer.out" > "$WORK/peer.ready.json"
JS_TARGET="$(json "$WORK/peer.ready.json" 'j.addrs.find(a => a.startsWith("/ip4/127.0.0.1/"))')"
"${JAVA[@]}" dial "$JS_TARGET" "$BYTES" "$DIALS" > "$WORK/javajs.out" 2> "$WORK/javajs.err"
result 'java->target' "$WORK/javajs.out" > "$WORK/javajs.json"
exec 4>&-
wait "$PEER_PID" || true

# ---- the table ----
CIPHER=$(json "$WORK/cipher.json" 'j.MBps')
JJ=("$WORK"/jj.*.json); SS=("$WORK"/jsjs.*.json)
JJ_T=$(median 'j.MBps' "${JJ[@]}");             JJ_50=$(median 'j.p50ms' "${JJ[@]}");             JJ_99=$(median 'j.p99ms' "${JJ[@]}")
SS_T=$(median 'j.throughput.MBps' "${SS[@]}");  SS_50=$(median 'j.connSetup.p50ms' "${SS[@]}"); SS_99=$(median 'j.connSetup.p99ms' "${SS[@]}")
SJ_T=$(json "$WORK/jsjava.json" 'j.throughput.MBps'); SJ_50=$(json "$WORK/jsjava.json" 'j.connSetup.p50ms'); SJ_99=$(json "$WORK/jsjava.json" 'j.connSetup.p99ms')
JS_T=$(json "$WORK/javajs.json" 'j.MBps');    JS_50=$(json "$WORK/javajs.json" 'j.p50ms'); JS_99=$(json "$WORK/javajs.json" 'j.p99ms')

# verdict ge|le VALUE TARGET: "met" when VALUE >= (ge) or <= (le) TARGET, else "missed"
verdict() { node -e 'const [op,v,t]=process.argv.slice(1); const ok = op === "ge" ? +v >= +t : +v <= +t; console.log(isNaN(+v) ? "-" : ok ? "met" : "missed")' "$1" "$2" "$3"; }
ratio() { node -e 'const [a,b]=process.argv.slice(1).map(Number); console.log((a/b).toFixed(2))' "$1" "$2"; }

R_JS=$(ratio "$JJ_T" "$SS_T"); R_CIPHER=$(ratio "$JJ_T" "$CIPHER")
R_50=$(ratio "$JJ_50" "$SS_50"); R_99=$(ratio "$JJ_99" "$SS_99")
echo
echo "libp2p transport on loopback: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), BYTES=$BYTES, WARMUP_BYTES=$WARMUP_BYTES, DIALS=$DIALS"
echo "$(java -version 2>&1 | head -1); node $(node --version); $(json "$WORK/jsjs.1.json" 'j.stack')"
echo
printf '%-26s %14s %14s %14s\n' "path (client -> server)" "stream MB/s" "setup p50 ms" "setup p99 ms"
printf '%-26s %14s %14s %14s\n' "Java -> Java" "$JJ_T" "$JJ_50" "$JJ_99"
printf '%-26s %14s %14s %14s\n' "JS -> JS" "$SS_T" "$SS_50" "$SS_99"
printf '%-26s %14s %14s %14s\n' "JS -> Java" "$SJ_T" "$SJ_50" "$SJ_99"
printf '%-26s %14s %14s %14s\n' "Java -> JS" "$JS_T" "$JS_50" "$JS_99"
printf '%-26s %14s\n' "ChaCha20-Poly1305, 1 core" "$CIPHER"
echo "(Java -> Java and JS -> JS: medians of $ROUNDS alternating rounds; stream MB/s per round: Java $(each 'j.MBps' "${JJ[@]}"), JS $(each 'j.throughput.MBps' "${SS[@]}"))"
echo
printf '%-52s %-10s %s\n' "goal" "measured" "verdict"
printf '%-52s %-10s %s\n' "Java<->Java throughput >= 2x JS<->JS" "${R_JS}x" "$(verdict ge "$R_JS" 2)"
printf '%-52s %-10s %s\n' "Java<->Java throughput >= 70 % of the cipher limit" "$(node -e "console.log(Math.round(${R_CIPHER}*100))") %" "$(verdict ge "$R_CIPHER" 0.7)"
printf '%-52s %-10s %s\n' "Java<->Java setup p50 <= 0.5x JS<->JS" "${R_50}x" "$(verdict le "$R_50" 0.5)"
printf '%-52s %-10s %s\n' "Java<->Java setup p99 <= 0.5x JS<->JS" "${R_99}x" "$(verdict le "$R_99" 0.5)"
echo
echo "setup = dial start until the remote's identify has arrived (Java: after $(json "$WORK/jj.1.json" 'j.warmupDials') untimed warm-up dials);"
echo "throughput = one stream, after a $WARMUP_BYTES-byte warm-up stream, until the 8-byte count reply; MB = 10^6 bytes."
