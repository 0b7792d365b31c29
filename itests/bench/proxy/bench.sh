#!/usr/bin/env bash
# Proxy/Tor benchmark (prints figures; not a test). Brings up a private Tor network (itests/tornet, 2 client
# tors) and a microsocks SOCKS5 proxy on 127.0.0.1, then two nodes: A attached to client tor 1 (its onion
# service published), B attached to client tor 2. B pings A over four routes, each on a fresh connection:
#   direct        B dials A's /ip4/127.0.0.1 address without a proxy
#   socks5        the same address through microsocks (proxy=socks5://...)
#   tor-circuit   the same address through Tor (useTor=true): client tor -> relays -> exit -> 127.0.0.1
#   onion         A's /onion3 address (useTor=true): rendezvous circuits of both client tors
# For each: median, min and max of PINGS round trips (/ipfs/ping/1.0.0 on one connection). Also the onion
# service's publish time as the node measures it (ADD_ONION -> HS_DESC UPLOADED), and the time from A's
# onion address being known to B's first successful connection to it.
#   PINGS=50 itests/bench/proxy/bench.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
NODUS="$ROOT/nodus"
TORNET="$ROOT/itests/tornet"
PINGS=${PINGS:-50}
READY_TIMEOUT=90    # seconds per node start
ONION_TIMEOUT=90    # seconds for the onion service to come up / become reachable

[ -n "${JAVA_HOME:-}" ] && [ -z "${NODUS_JAVA_HOME:-}" ] && export NODUS_JAVA_HOME="$JAVA_HOME"
[ -f "$ROOT/launcher/target/bootstrap.jar" ] || { echo "bench.sh: build first (./nodus build)" >&2; exit 2; }
command -v tor >/dev/null && command -v microsocks >/dev/null || { echo "bench.sh: needs tor and microsocks (./nodus setup)" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/nodus-proxybench.XXXXXX")"
declare -A PID=()
cleanup() {
  local n
  for n in "${!PID[@]}"; do kill -TERM "${PID[$n]}" 2>/dev/null || true; done
  for n in "${!PID[@]}"; do wait "${PID[$n]}" 2>/dev/null || true; done
  "$TORNET/socks.sh" stop "$WORK/socks" >/dev/null 2>&1 || true
  "$TORNET/tornet.sh" down "$WORK/net" >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "bench.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "bench.sh: interrupted" >&2; exit 130' INT TERM

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
sh_node() { "$NODUS" shell --data "$WORK/$1" "${@:2}"; }
stats() {  # ping lines on stdin -> "median min max" in ms
  sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' | sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "- - -"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.2f %.2f %.2f\n", m, v[1], v[NR] }'
}
until_ok() {  # seconds command...: retries the command until it succeeds; prints its output
  local deadline=$((SECONDS + $1)) out; shift
  while true; do
    if out=$("$@" 2>&1); then printf '%s\n' "$out"; return 0; fi
    ((SECONDS < deadline)) || { echo "bench.sh: gave up: $* -> $out" >&2; return 1; }
    sleep 0.2
  done
}

start_node() {  # name args...
  local name=$1; shift
  mkdir -p "$WORK/$name/etc"   # no mDNS: the nodes meet only the way each measurement says
  echo "mdnsEnabled = false" >"$WORK/$name/etc/io.nodus.transport.cfg"
  "$NODUS" start --profile bootstrap --data "$WORK/$name" --listen /ip4/127.0.0.1/tcp/0 "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" &
  PID[$name]=$!
}
wait_ready() {
  local name=$1 deadline=$((SECONDS + READY_TIMEOUT))
  until grep -q '^NODUS READY ' "$WORK/$name.out" 2>/dev/null; do
    ((SECONDS < deadline)) || { tail -5 "$WORK/$name.err" >&2; echo "bench.sh: $name not ready" >&2; exit 1; }
    sleep 0.2
  done
}

echo "bench.sh: private Tor network (about 30 s) ..." >&2
"$TORNET/tornet.sh" up "$WORK/net" --clients 2 >"$WORK/tornet.log" 2>&1 || { cat "$WORK/tornet.log" >&2; exit 1; }
. "$WORK/net/env"
"$TORNET/socks.sh" start "$WORK/socks" >/dev/null 2>&1
. "$WORK/socks/socks.env"

start_node a --tor-socks "$TORNET_CLIENT1_SOCKS" --tor-control "$TORNET_CLIENT1_CONTROL"
start_node b --tor-socks "$TORNET_CLIENT2_SOCKS" --tor-control "$TORNET_CLIENT2_CONTROL"
wait_ready a
wait_ready b
A_PEER=$(sed -n 's/^NODUS READY .* peer=\([^ ]*\) .*/\1/p' "$WORK/a.out")
A_TCP=$(sed -n 's/^NODUS READY .* addrs=\([^, ]*\).*/\1/p' "$WORK/a.out")/p2p/$A_PEER

onion_out=$(until_ok "$ONION_TIMEOUT" sh_node a tor:onion)
t_onion_known=$(now_ms)
A_ONION=$(printf '%s\n' "$onion_out" | head -1)/p2p/$A_PEER
publish=$(printf '%s\n' "$onion_out" | sed -n 's/.*uploaded \([0-9]*\) ms after ADD_ONION.*/\1/p')
if [ -z "$publish" ]; then  # descriptor not uploaded yet when first asked: ask again
  publish=$(until_ok 30 bash -c "\"$NODUS\" shell --data \"$WORK/a\" tor:onion | grep -o 'uploaded [0-9]* ms' " \
    | sed 's/[^0-9]//g')
fi

sh_node b proxy:set useTor true >/dev/null
until_ok "$ONION_TIMEOUT" sh_node b p2p:connect "$A_ONION" >/dev/null
t_onion_first=$(( $(now_ms) - t_onion_known ))
sh_node b proxy:set useTor false >/dev/null

measure() {  # label multiaddr -> one line of the table
  local label=$1 addr=$2 out
  sh_node b p2p:disconnect "$A_PEER" >/dev/null
  until_ok 60 sh_node b p2p:connect "$addr" >/dev/null
  out=$(sh_node b p2p:ping "$A_PEER" "$PINGS")
  route=$(sh_node b proxy:test "$addr" | sed -n 's/.*connection route: \([a-z0-9]*\).*/\1/p')
  printf '%-12s %-7s %s\n' "$label" "$route" "$(printf '%s\n' "$out" | stats)"
}

{
  echo "Nodus proxy benchmark: $PINGS pings per route, ms (median min max); $(nproc) cores; tor $(tor --version | head -1 | sed 's/.*version //; s/\.$//')"
  printf '%-12s %-7s %s\n' route via "median min max"
  sh_node b proxy:set none >/dev/null
  measure direct "$A_TCP"
  sh_node b proxy:set "socks5://$SOCKS_ADDR" >/dev/null
  until_ok 20 bash -c "\"$NODUS\" shell --data \"$WORK/b\" proxy:get | grep -Eq 'provider socks5: +UP'"  >/dev/null
  measure socks5 "$A_TCP"
  sh_node b proxy:set none >/dev/null
  sh_node b proxy:set useTor true >/dev/null
  measure tor-circuit "$A_TCP"
  measure onion "$A_ONION"
  echo "onion service publish time (ADD_ONION -> descriptor uploaded, node's measure): ${publish:-?} ms"
  echo "onion address known -> first connection from B: ${t_onion_first} ms"
  echo "private network: $(tr '\n' ' ' <"$WORK/net/timings")"
}
