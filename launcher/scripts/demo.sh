#!/usr/bin/env bash
# Nodus demo, run by `./nodus demo` (which has picked the JDK into JAVA_HOME and built the profiles):
# a small local network of 1 bootstrap + 2 worker nodes on 127.0.0.1, a look inside one of them through
# `./nodus shell`, peer-to-peer commands when the transport is there, then a clean stop.
# Data dirs: ${NODUS_DEMO_DIR:-<repo>/demo-data}/{bootstrap,worker-1,worker-2}, fresh each run.
# Ends by itself: every wait is bounded (the whole run stays under ~60 s).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODUS="$ROOT/nodus"
DEMO="${NODUS_DEMO_DIR:-$ROOT/demo-data}"
LISTEN="/ip4/127.0.0.1/tcp/0"
NODES=(bootstrap worker-1 worker-2)
READY_BUDGET=40      # seconds, for all nodes to print READY
SHELL_TIMEOUT=15     # seconds, per shell command
STOP_TIMEOUT=10      # seconds, per node, after SIGTERM
PEER_WAIT=10         # seconds, for a worker to see the bootstrap node

# ./nodus demo [--use-tor] [--proxy URL] [--tor-socks HOST:PORT] [--tor-control HOST:PORT]: given to every node
NODE_FLAGS=()
while (($#)); do
  case "$1" in
    --use-tor) NODE_FLAGS+=("$1"); shift ;;
    --proxy|--tor-socks|--tor-control) [ $# -ge 2 ] || { echo "demo: $1 needs a value" >&2; exit 2; }
      NODE_FLAGS+=("$1" "$2"); shift 2 ;;
    *) echo "demo: unknown option '$1' (--use-tor, --proxy URL, --tor-socks H:P, --tor-control H:P)" >&2; exit 2 ;;
  esac
done

declare -A PID=()
STARTED_AT=$SECONDS

heading() { printf '\n== %s ==\n' "$*"; }
note() { printf '   %s\n' "$*"; }
fail() { printf 'demo: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- cleanup
stop_node() {  # name: SIGTERM, bounded wait, then SIGKILL for the wrapper and the JVM
  local name=$1 pid=${PID[$1]:-} i jpid
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    note "$name did not stop within ${STOP_TIMEOUT} s: killing it"
    jpid=$(cat "$DEMO/$name/run/node.pid" 2>/dev/null || true)
    kill -KILL "$pid" ${jpid:+"$jpid"} 2>/dev/null || true
  fi
  local code=0
  wait "$pid" 2>/dev/null || code=$?
  unset "PID[$name]"
  return "$code"
}

cleanup() {
  local name
  trap - EXIT INT TERM
  for name in "${!PID[@]}"; do stop_node "$name" || true; done
}
trap 'cleanup' EXIT
trap 'echo; echo "demo: interrupted, stopping the nodes" >&2; cleanup; exit 130' INT TERM

# ---------------------------------------------------------------- helpers
fresh_dir() {  # only ever removes what an earlier demo run left
  local dir=$1
  if [ -e "$dir" ]; then
    [ -d "$dir/run" ] && [ -d "$dir/etc" ] || fail "$dir exists and is not a Nodus data dir; set NODUS_DEMO_DIR elsewhere"
    rm -rf "$dir"
  fi
}

start_node() {  # name profile [--bootstrap ADDR]
  local name=$1 profile=$2; shift 2
  "$NODUS" start --profile "$profile" --data "$DEMO/$name" --listen "$LISTEN" "$@" \
    ${NODE_FLAGS[@]+"${NODE_FLAGS[@]}"} >"$DEMO/$name.out" 2>"$DEMO/$name.err" &
  PID[$name]=$!
}

wait_ready() {  # name: waits within what is left of READY_BUDGET; prints the READY line
  local name=$1 line
  while true; do
    line=$(grep -m1 '^NODUS READY ' "$DEMO/$name.out" 2>/dev/null || true)
    if [ -n "$line" ]; then printf '   %-9s %s\n' "$name" "$line"; return 0; fi
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then
      tail -5 "$DEMO/$name.err" >&2 || true
      fail "$name exited before it was ready (see $DEMO/$name.err)"
    fi
    ((SECONDS - STARTED_AT < READY_BUDGET)) || fail "$name not ready within ${READY_BUDGET} s (see $DEMO/$name.err)"
    sleep 0.2
  done
}

field() {  # READY-line field of a node: peer | addrs
  sed -n "s/^NODUS READY .*$2=\([^ ]*\).*$/\1/p" "$DEMO/$1.out" | head -1
}

shell() {  # name command...: runs one command in that node, output indented
  local name=$1; shift
  printf '   %s$ %s\n' "$name" "$*"
  timeout "$SHELL_TIMEOUT" "$NODUS" shell --data "$DEMO/$name" "$@" 2>&1 | sed 's/^/     /'
  return "${PIPESTATUS[0]}"
}

peers() { timeout "$SHELL_TIMEOUT" "$NODUS" shell --data "$DEMO/worker-1" p2p:peers || true; }

# ---------------------------------------------------------------- the demo
mkdir -p "$DEMO"
for name in "${NODES[@]}"; do fresh_dir "$DEMO/$name"; rm -f "$DEMO/$name.out" "$DEMO/$name.err"; done

heading "1. Bootstrap node"
start_node bootstrap bootstrap
wait_ready bootstrap
BOOT_PEER=$(field bootstrap peer)
BOOT_ADDRS=$(field bootstrap addrs)
BOOT_ARGS=()
if [ -n "$BOOT_PEER" ] && [ -n "$BOOT_ADDRS" ]; then
  BOOT_ADDR=${BOOT_ADDRS%%,*}
  [[ "$BOOT_ADDR" == */p2p/* ]] || BOOT_ADDR="$BOOT_ADDR/p2p/$BOOT_PEER"
  BOOT_ARGS=(--bootstrap "$BOOT_ADDR")
  note "workers will dial $BOOT_ADDR"
else
  note "no peer id in the READY line: this build has no transport, so the workers run unconnected"
fi

heading "2. Two worker nodes"
start_node worker-1 worker ${BOOT_ARGS[@]+"${BOOT_ARGS[@]}"}
start_node worker-2 worker ${BOOT_ARGS[@]+"${BOOT_ARGS[@]}"}
wait_ready worker-1
wait_ready worker-2
note "all three up in $((SECONDS - STARTED_AT)) s"

heading "3. Inside worker-1 (./nodus shell)"
shell worker-1 node:info || note "(node:info failed)"
shell worker-1 lb || note "(lb failed)"

heading "4. Peer to peer"
if [ -z "$BOOT_PEER" ]; then
  note "skipped: the transport is not in this build (no peer id)"
elif [[ "$(peers 2>&1)" == *"Command not found"* ]]; then
  note "skipped: this build has no p2p:peers command"
else
  # the worker dials the bootstrap node on start; give it a moment (bounded) to show up
  for ((i = 0; i < PEER_WAIT * 2; i++)); do
    [[ "$(peers 2>/dev/null)" == *"$BOOT_PEER"* ]] && break
    sleep 0.5
  done
  shell worker-1 p2p:peers || note "(p2p:peers failed)"
  shell worker-1 p2p:ping "$BOOT_PEER" || note "(p2p:ping failed)"
fi

heading "5. Stopping (SIGTERM)"
for name in worker-2 worker-1 bootstrap; do
  code=0
  stop_node "$name" || code=$?
  note "$name stopped, exit code $code"
done

heading "Logs"
for name in "${NODES[@]}"; do note "$name: $DEMO/$name/logs/nodus.log  (console: $DEMO/$name.err)"; done
note "demo took $((SECONDS - STARTED_AT)) s"
