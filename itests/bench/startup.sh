#!/usr/bin/env bash
# Startup benchmark (prints figures; not a test). For each profile, RUNS fresh starts of
# `./nodus start` (new data dir each): wall time from launching the process to its READY line, and
# the resident set of the node's JVM (VmRSS from /proc/<pid>/status, read at READY and again 2 s
# later; the later one is reported). Prints the medians per profile.
#   RUNS=5 PROFILES="worker aggregator gui bootstrap" itests/bench/startup.sh
# Uses $JAVA_HOME when set (as `./nodus` would otherwise pick the newest JDK), and the node's
# default JVM options (NODUS_JAVA_OPTS unset: -XX:+UseSerialGC -Xmx1g).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODUS="$ROOT/nodus"
RUNS=${RUNS:-5}
PROFILES=${PROFILES:-worker aggregator gui bootstrap}
READY_TIMEOUT=60   # seconds per start
SETTLE=2           # seconds between the two RSS readings
STOP_TIMEOUT=10    # seconds per stop

[ -n "${JAVA_HOME:-}" ] && [ -z "${NODUS_JAVA_HOME:-}" ] && export NODUS_JAVA_HOME="$JAVA_HOME"
for p in $PROFILES; do
  [ -f "$ROOT/launcher/target/$p.jar" ] || { echo "startup.sh: $ROOT/launcher/target/$p.jar missing: build first (./nodus build)" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/nodus-startup.XXXXXX")"
NODE_PID=""
cleanup() {
  if [ -n "$NODE_PID" ] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill -TERM "$NODE_PID" 2>/dev/null || true
    wait "$NODE_PID" 2>/dev/null || true
  fi
  exec 3<&- 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "startup.sh: interrupted" >&2; exit 130' INT TERM

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
rss_kib() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$1/status" 2>/dev/null; }

median() {  # numbers on stdin -> median (mean of the middle two for an even count)
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-" } else if (NR % 2) { print v[(NR + 1) / 2] } else { print (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'
}

# one start: sets MS (to READY), RSS0 (KiB at READY), RSS1 (KiB SETTLE s later); runs in this shell so
# that the EXIT trap can stop the node it started
measure() {
  local profile=$1 run=$2 data="$WORK/$1-$2" fifo="$WORK/$1-$2.stdout" line="" jpid t0 t1 rss0 rss1 i
  mkfifo "$fifo"
  t0=$(now_ms)
  "$NODUS" start --profile "$profile" --data "$data" --listen /ip4/127.0.0.1/tcp/0 >"$fifo" 2>"$WORK/$profile-$run.stderr" &
  NODE_PID=$!
  exec 3<"$fifo"
  local deadline=$((SECONDS + READY_TIMEOUT))
  while [[ "$line" != "NODUS READY "* ]]; do
    if ((SECONDS >= deadline)) || ! IFS= read -r -t "$((deadline - SECONDS))" -u 3 line; then
      echo "startup.sh: $profile run $run: no READY line within ${READY_TIMEOUT} s" >&2
      tail -5 "$WORK/$profile-$run.stderr" >&2 || true
      return 1
    fi
  done
  t1=$(now_ms)
  jpid=$(cat "$data/run/node.pid")
  rss0=$(rss_kib "$jpid")
  sleep "$SETTLE"
  rss1=$(rss_kib "$jpid")
  kill -TERM "$NODE_PID"
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$NODE_PID" 2>/dev/null && kill -KILL "$NODE_PID" "$jpid" 2>/dev/null
  wait "$NODE_PID" 2>/dev/null || true
  NODE_PID=""
  exec 3<&-
  rm -rf "$data" "$fifo"
  MS=$((t1 - t0)) RSS0=${rss0:-0} RSS1=${rss1:-0}
}

java_bin="${NODUS_JAVA_HOME:+$NODUS_JAVA_HOME/bin/}java"
echo "Nodus startup: $RUNS fresh starts per profile, $(nproc) CPUs, $("$java_bin" -version 2>&1 | head -1)"
echo "JVM options: ${NODUS_JAVA_OPTS:--XX:+UseSerialGC -Xmx1g}; ready = launch of ./nodus start to its READY line"
echo

declare -A READY_MS=() RSS_MIB=() MIN_MS=() MAX_MS=()
for profile in $PROFILES; do
  times=() rss=()
  for ((run = 1; run <= RUNS; run++)); do
    measure "$profile" "$run" || exit 1
    times+=("$MS")
    rss+=("$RSS1")
    printf '  %-10s run %d: %5d ms to READY, RSS %6.1f MiB at READY, %6.1f MiB %d s later\n' \
      "$profile" "$run" "$MS" "$(awk -v k="$RSS0" 'BEGIN { print k / 1024 }')" "$(awk -v k="$RSS1" 'BEGIN { print k / 1024 }')" "$SETTLE"
  done
  READY_MS[$profile]=$(printf '%s\n' "${times[@]}" | median)
  MIN_MS[$profile]=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
  MAX_MS[$profile]=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
  RSS_MIB[$profile]=$(printf '%s\n' "${rss[@]}" | median | awk '{ printf "%.1f", $1 / 1024 }')
done

echo
printf '| %-10s | %4s | %17s | %13s | %22s |\n' profile runs "median ready (ms)" "min-max (ms)" "median RSS (MiB, +${SETTLE} s)"
printf '|%s|%s|%s|%s|%s|\n' ------------ ------ ------------------- --------------- ------------------------
for profile in $PROFILES; do
  printf '| %-10s | %4d | %17s | %13s | %22s |\n' "$profile" "$RUNS" "${READY_MS[$profile]}" \
    "${MIN_MS[$profile]}-${MAX_MS[$profile]}" "${RSS_MIB[$profile]}"
done
