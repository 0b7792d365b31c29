#!/usr/bin/env bash
# Federated training benchmark with real node processes on 127.0.0.1 (not part of the test suite).
#   itests/bench/ml/fedavg-bench.sh [workers] [relays] [rounds]     defaults: 40 workers, 5 relays, 30 rounds
# One root aggregator, RELAYS relay aggregators (relay=true; 0: workers join the root directly) and WORKERS workers
# spread over them. MLP (2NN) FedAvg, E=1 B=10 lr=0.05, 60000/WORKERS images per worker:
#   1. ROUNDS rounds IID, then ROUNDS rounds Dirichlet(0.5): accuracy and loss per round;
#   2. COMP_ROUNDS rounds IID per compression mode in COMPRESSIONS: bytes per round as the root counted them;
#   3. aggregation throughput (GB/s of parameters averaged) beside memcpy (AggregationBench.java).
# Prints one report and writes it to itests/target/bench-ml/fedavg-bench.txt; node logs stay in itests/target/bench-ml/.
# Bounded: the whole run stops after BENCH_BUDGET_S seconds (default 4 h; a run cut short is marked so), every shell
# call after 120 s. Every node this script starts is stopped on exit (SIGTERM, then SIGKILL after 30 s).
# Environment: BENCH_BUDGET_S, COMP_ROUNDS (2), COMPRESSIONS ("none fp16 int8 topk:0.1"), REF_FILE (published
# figures, see below). Memory: ~450 MB per node; 46 nodes need ~21 GB.
# Smoke run: COMP_ROUNDS=1 COMPRESSIONS=int8 itests/bench/ml/fedavg-bench.sh 3 1 2
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
WORKERS="${1:-40}"; RELAYS="${2:-5}"; ROUNDS="${3:-30}"
BUDGET="${BENCH_BUDGET_S:-14400}"; COMP_ROUNDS="${COMP_ROUNDS:-2}"; COMPRESSIONS="${COMPRESSIONS:-none fp16 int8 topk:0.1}"
# Published FedAvg Fashion-MNIST figures, one "setting<TAB>accuracy<TAB>source" line each (setting: iid or
# dirichlet:0.5); printed beside the measured final accuracy when the file exists.
REF_FILE="${REF_FILE:-$ROOT/itests/bench/ml/published-fedavg.tsv}"
DIR="$ROOT/itests/target/bench-ml"; REPORT="$DIR/fedavg-bench.txt"
rm -rf "$DIR"; mkdir -p "$DIR"
export OMP_NUM_THREADS=1 NODUS_JAVA_OPTS="-XX:+UseSerialGC -Xmx384m -XX:TieredStopAtLevel=1" NODUS_QUIET=1
COMMON=("-Dnodus.djl.cache=$ROOT/itests/target/djl-cache" "-Dnodus.mdns=false")
END=$((SECONDS + BUDGET))
log() { echo "fedavg-bench: $*" >&2; }
left() { echo $((END - SECONDS)); }

pids=()
names=()
cleanup() {
  local p n alive
  ((${#pids[@]})) || return 0
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 1 30); do
    alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for n in "${names[@]}"; do   # the JVMs of wrappers that did not pass SIGTERM on in time
    p=$(cat "$DIR/$n/run/node.pid" 2>/dev/null || true)
    [ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  pids=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nsh() { # node dir, command: one shell call, bounded
  timeout 120 "$ROOT/nodus" shell --data "$1" "$2" 2>/dev/null || true
}
node() { # name profile args...
  local name="$1" profile="$2"; shift 2
  mkdir -p "$DIR/$name/etc"; printf 'mdnsEnabled = false\n' > "$DIR/$name/etc/io.nodus.transport.cfg"
  "$ROOT/nodus" start --profile "$profile" --data "$DIR/$name" "${COMMON[@]}" "$@" > "$DIR/$name.out" 2>&1 &
  pids+=($!); names+=("$name")
}
addr_of() { # node name -> its first /ip4 address
  local a=""
  while [ "$(left)" -gt 0 ]; do
    a=$(nsh "$DIR/$1" p2p:addrs | grep /ip4/ | head -1 || true)
    [ -n "$a" ] && { echo "$a"; return; }
    sleep 2
  done
  log "node $1 did not come up (log: $DIR/$1.out)"; exit 1
}
workers_of() { nsh "$DIR/$1" ml:workers | head -1 | awk '{print $1+0}'; }

need=$(( (1 + RELAYS + WORKERS) * 450 ))
avail=$(awk '/MemAvailable/ {print int($2 / 1024)}' /proc/meminfo)
[ "$avail" -lt "$need" ] && log "warning: $((1 + RELAYS + WORKERS)) nodes want ~$need MB, $avail MB available"

node root aggregator
ROOTADDR=$(addr_of root)
HOMES=()
for r in $(seq 1 "$RELAYS"); do
  mkdir -p "$DIR/relay$r/etc"; printf 'relay = true\n' > "$DIR/relay$r/etc/io.nodus.ml.aggregator.cfg"
  node "relay$r" aggregator --bootstrap "$ROOTADDR"
done
for r in $(seq 1 "$RELAYS"); do HOMES+=("$(addr_of "relay$r")"); done
[ "$RELAYS" -gt 0 ] || HOMES=("$ROOTADDR")
for w in $(seq 1 "$WORKERS"); do node "w$w" worker --bootstrap "${HOMES[$(( (w - 1) % ${#HOMES[@]} ))]}"; done
log "waiting for $WORKERS workers behind ${#HOMES[@]} aggregator(s) ..."
total=0
while [ "$(left)" -gt 0 ]; do
  total=0
  if [ "$RELAYS" -gt 0 ]; then
    for r in $(seq 1 "$RELAYS"); do total=$((total + $(workers_of "relay$r"))); done
  else
    total=$(workers_of root)
  fi
  [ "$total" -ge "$WORKERS" ] && break
  sleep 3
done
[ "$total" -ge 1 ] || { log "no worker connected (logs in $DIR)"; exit 1; }
CLIENTS=$(( total < WORKERS ? total : WORKERS ))
PER=$((60000 / CLIENTS))

# run LABEL PARTITION ROUNDS COMPRESSION: one run on the root; its metrics.csv rows go to $DIR/LABEL.csv and the
# outcome (finished / failed / cut short) to $DIR/LABEL.state
run() {
  local label="$1" part="$2" rounds="$3" comp="$4" out id state=""
  out=$(nsh "$DIR/root" "ml:start --model mlp --rounds $rounds --clients $CLIENTS --partition $part --samples $PER --epochs 1 --batch 10 --lr 0.05 --compression $comp --timeout 600 --min-participation 0.8")
  id=$(echo "$out" | awk '/^started run/ {print $3}')
  [ -n "$id" ] || { log "$label: not started: $out"; echo "not started" > "$DIR/$label.state"; : > "$DIR/$label.csv"; return; }
  log "$label: run $id ($part, $rounds rounds, $comp)"
  while [ "$(left)" -gt 0 ]; do
    state=$(nsh "$DIR/root" ml:status | sed -n "s/^run $id: \([a-z]*\),.*/\1/p")
    case "$state" in finished|failed|stopped) break ;; esac
    sleep 5
  done
  if [ "$(left)" -le 0 ]; then nsh "$DIR/root" ml:stop >/dev/null; state="cut short by BENCH_BUDGET_S"; fi
  echo "$state" > "$DIR/$label.state"
  grep "^$id," "$DIR/root/ml/metrics.csv" > "$DIR/$label.csv" || : > "$DIR/$label.csv"
}

run iid iid "$ROUNDS" none
run dirichlet dirichlet:0.5 "$ROUNDS" none
for c in $COMPRESSIONS; do run "comp-$c" iid "$COMP_ROUNDS" "$c"; done
cp "$DIR/root/ml/metrics.png" "$DIR/metrics-last.png" 2>/dev/null || true
cleanup
AGG=$(java -cp "$ROOT/bundles/ml-core/target/ml-core-0.1.0-SNAPSHOT.jar" "$ROOT/itests/bench/ml/AggregationBench.java" "$CLIENTS" 2>&1 || true)

{
  echo "FedAvg benchmark: $CLIENTS workers over $RELAYS relay aggregator(s) + root, MLP 784-200-200-10, E=1 B=10 lr=0.05,"
  echo "$PER images per worker, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ). IID: $(cat "$DIR/iid.state"); Dirichlet(0.5): $(cat "$DIR/dirichlet.state")"
  echo
  printf '%5s | %8s %8s %12s %8s | %8s %8s %12s %8s\n' round "acc IID" "loss" "recv bytes" "ms" "acc Dir" "loss" "recv bytes" "ms"
  join -t, -a1 -a2 -e- -o 0,1.3,1.4,1.6,1.7,2.3,2.4,2.6,2.7 \
    <(cut -d, -f2- "$DIR/iid.csv" | sort -t, -k1,1) <(cut -d, -f2- "$DIR/dirichlet.csv" | sort -t, -k1,1) 2>/dev/null \
    | awk -F, '{printf "%5s | %8s %8s %12s %8s | %8s %8s %12s %8s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}' \
    | sort -n
  echo
  echo "final accuracy beside published FedAvg Fashion-MNIST figures ($REF_FILE):"
  for s in iid dirichlet; do
    setting=$([ "$s" = iid ] && echo iid || echo dirichlet:0.5)
    last=$(tail -1 "$DIR/$s.csv" | cut -d, -f4); last=${last:--}
    ref=""
    [ -f "$REF_FILE" ] && ref=$(awk -F'\t' -v s="$setting" '$1 == s {print $2 " (" $3 ")"; exit}' "$REF_FILE")
    printf '  %-14s measured %-8s published %s\n' "$setting" "$last" "${ref:-(no figure in REF_FILE)}"
  done
  echo
  echo "bytes per round per compression mode (IID, $COMP_ROUNDS round(s) each, as the root counted them; mean per round):"
  printf '  %-10s %14s %14s %8s  %s\n' mode "sent" "received" "acc" "state"
  for c in $COMPRESSIONS; do
    awk -F, -v c="$c" -v st="$(cat "$DIR/comp-$c.state")" '{s += $6; r += $7; a = $4; n++}
      END {if (n) printf "  %-10s %14d %14d %8s  %s\n", c, s / n, r / n, a, st; else printf "  %-10s %14s %14s %8s  %s\n", c, "-", "-", "-", st}' \
      "$DIR/comp-$c.csv"
  done
  echo
  echo "aggregation throughput ($CLIENTS updates of the 2NN; GB/s of update data consumed) beside memcpy:"
  echo "$AGG" | sed 's/^/  /'
  echo
  echo "reproduce: COMP_ROUNDS=$COMP_ROUNDS COMPRESSIONS=\"$COMPRESSIONS\" itests/bench/ml/fedavg-bench.sh $WORKERS $RELAYS $ROUNDS"
} | tee "$REPORT"
