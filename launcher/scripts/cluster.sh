#!/usr/bin/env bash
# ./nodus cluster: a local many-node Nodus network as processes, the stand-in for docker/docker-compose.50node.yml
# on machines without a Docker engine. Run by ./nodus (which has picked the JDK into JAVA_HOME and built the
# profiles). Same topology as the compose file: 3 bootstrap, 5 aggregators, 40 workers, 2 GUI for 50 nodes,
# scaled for other sizes (at least 1 bootstrap).
#
#   up [--nodes N] [--tor] [--tor-clients K] [--netns] [--mdns] [--wave W] [--timeout S]
#   status [--tsv]       one line per node (state, peers, RSS); --tsv for scripts
#   down                 stops every node (SIGTERM, bounded, then SIGKILL), the private Tor network, the namespaces
#   shell NODE [CMD...]  ./nodus shell against one node (without CMD: one command per line from stdin)
#   kill NODE [SIGNAL]   signal (default KILL) to the node's JVM: fault injection
#   restart NODE         starts a stopped or killed node again: same data, identity, port and flags
#   scrape NODE          the node's Prometheus metrics
#   topology N           the node names and profiles `up --nodes N` starts
#   e2e [--full]         the end-to-end suite (itests ClusterE2ETest; --full: ClusterFullE2ETest, 50 nodes + Tor)
#
# Everything lives under ${NODUS_CLUSTER_DIR:-<repo>/cluster-data}: <node>/ is the node's data dir (harness files in
# <node>/harness/), logs/ holds links to every node's log, stdout and stderr plus status.txt and figures.txt.
# Every wait is bounded. Nodes listen on 127.0.0.1 (random ports, kept across restarts), or with --netns (root) on
# 10.77.0.0/24 inside one network namespace each, joined by the bridge nodusbr0 that this script creates and removes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CD="${NODUS_CLUSTER_DIR:-$ROOT/cluster-data}"
MARK="$CD/.nodus-cluster"
# Nodes run from a snapshot of the build taken at `up` (what the Docker image copies: the entry script, the
# profile jars, launcher/conf), so a rebuild while the cluster runs cannot hand a restarted node another build.
DIST="$CD/dist"
NODUS="$DIST/nodus"
BRIDGE=nodusbr0
SUBNET=10.77.0
NODE_PORT=4001          # inside a namespace every node has its own address, so one port for all
METRICS_PORT_NETNS=9464
STOP_TIMEOUT=20         # seconds for all nodes to stop after SIGTERM
SCRAPE_TIMEOUT=3        # seconds per metrics request
SHELL_TIMEOUT=60        # seconds per shell command

# JVM options per profile: 50 JVMs share 2 cores and 24 GiB. NODUS_CLUSTER_OPTS_<PROFILE> overrides.
COMMON_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=160m"
COMMON_OPTS+=" -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1"
declare -A HEAP=([bootstrap]=128m [gui]=128m [aggregator]=384m [worker]=256m)

say() { echo "cluster: $*" >&2; }
die() { echo "cluster: $*" >&2; exit 2; }
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------- topology
topology() { # N: "name profile" lines in start order
  local n=$1 b a g w i
  [[ "$n" =~ ^[0-9]+$ ]] && (( n >= 1 )) || die "--nodes must be a number >= 1"
  if (( n >= 4 )); then
    b=$(( (3 * n + 25) / 50 )); (( b >= 1 )) || b=1
    a=$(( (5 * n + 25) / 50 )); (( a >= 1 )) || a=1
    g=$(( (2 * n + 25) / 50 )); (( g >= 1 )) || g=1
  else
    b=1; a=$(( n >= 3 ? 1 : 0 )); g=0
  fi
  w=$(( n - b - a - g ))
  for ((i = 1; i <= b; i++)); do echo "bootstrap$i bootstrap"; done
  for ((i = 1; i <= a; i++)); do echo "aggregator$i aggregator"; done
  for ((i = 1; i <= g; i++)); do echo "gui$i gui"; done
  for ((i = 1; i <= w; i++)); do echo "worker$i worker"; done
}

nodes() { [ -f "$CD/topology" ] && awk '{print $1}' "$CD/topology"; }
profile_of() { awk -v n="$1" '$1 == n {print $2}' "$CD/topology"; }
known() { [ -f "$CD/topology" ] && [ -n "$(profile_of "$1")" ] || die "no node '$1' in the cluster (./nodus cluster status)"; }
hdir() { echo "$CD/$1/harness"; }

# ---------------------------------------------------------------- processes
pid_is_node() { # pid datadir: true when pid is a live process of that node (its JVM or its ./nodus wrapper)
  local pid=$1 dir=$2
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -qxF -e "-Dnodus.data=$dir" -e "$dir"
}

java_pid() { # name: the node's JVM pid, or nothing
  local dir="$CD/$1" pid
  pid=$(cat "$dir/run/node.pid" 2>/dev/null || true)
  if pid_is_node "$pid" "$dir" && grep -q java "/proc/$pid/cmdline" 2>/dev/null; then echo "$pid"; return; fi
  pid=$(cat "$(hdir "$1")/wrapper.pid" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  for pid in $(pgrep -P "$pid" 2>/dev/null || true); do
    if pid_is_node "$pid" "$dir"; then echo "$pid"; return 0; fi
  done
  return 0
}

wrapper_pid() {
  local pid; pid=$(cat "$(hdir "$1")/wrapper.pid" 2>/dev/null || true)
  pid_is_node "$pid" "$CD/$1" && echo "$pid"
  return 0
}

alive() { [ -n "$(java_pid "$1")" ] || [ -n "$(wrapper_pid "$1")" ]; }
ready_line() { grep -m1 '^NODUS READY ' "$(hdir "$1")/stdout" 2>/dev/null || true; }
in_ns() { local ns; ns=$(cat "$(hdir "$1")/netns" 2>/dev/null || true); if [ -n "$ns" ]; then echo "ip netns exec $ns"; fi; }

rss_kib() { # name: VmRSS of the node's JVM in KiB (0 when not running)
  local pid; pid=$(java_pid "$1")
  [ -n "$pid" ] && awk '/^VmRSS:/ {print $2; f=1} END {if (!f) print 0}' "/proc/$pid/status" 2>/dev/null || echo 0
}

# ---------------------------------------------------------------- metrics
metrics_url() {
  local port host
  port=$(cat "$CD/$1/run/metrics.port" 2>/dev/null || true)
  [ -n "$port" ] || return 1
  host=$(cat "$(hdir "$1")/ip" 2>/dev/null || echo 127.0.0.1)
  echo "http://$host:$port/metrics"
}

scrape() { # name: the metrics text (empty when the endpoint does not answer)
  local url; url=$(metrics_url "$1") || return 0
  curl -sf --max-time "$SCRAPE_TIMEOUT" "$url" 2>/dev/null || true
}

metric() { # text metric-name: first unlabelled sample's value
  awk -v m="$2" '$1 == m {print $2; exit}' <<< "$1"
}

peers_of() { # name: distinct connected peers (metrics, else p2p:peers through the shell), or "-"
  local text v
  text=$(scrape "$1")
  v=$(metric "$text" nodus_p2p_peers)
  if [ -z "$v" ] && [ -z "$text" ]; then
    v=$(node_shell "$1" p2p:peers 2>/dev/null | grep -c '^12D3' || true)
  fi
  echo "${v:--}"
}

node_shell() { # name command...: ./nodus shell against the node, bounded
  local name=$1; shift
  # shellcheck disable=SC2046
  timeout "$SHELL_TIMEOUT" $(in_ns "$name") env NODUS_JAVA_HOME="$JAVA_HOME" NODUS_QUIET=1 \
    "$NODUS" shell --data "$CD/$name" "$@"
}

# ---------------------------------------------------------------- starting nodes
java_opts() { # profile
  local var="NODUS_CLUSTER_OPTS_${1^^}"
  if [ -n "${!var:-}" ]; then echo "${!var}"; else echo "$COMMON_OPTS -Xmx${HEAP[$1]}"; fi
}

transport_cfg() { # name: the node's etc/io.nodus.transport.cfg from its harness files
  # A fixed listen address goes into the configuration file as well as --listen: the file wins over defaults
  # whatever the launcher properties do, so a restarted node is found where its peers expect it.
  local h listen lines=(); h=$(hdir "$1")
  listen=$(cat "$h/listen")
  [ -f "$h/no-mdns" ] && lines+=("mdnsEnabled = false")
  [[ "$listen" == */tcp/0 ]] || lines+=("listen = $listen")
  mkdir -p "$CD/$1/etc"
  if ((${#lines[@]})); then printf '%s\n' "${lines[@]}" > "$CD/$1/etc/io.nodus.transport.cfg"; fi
}

launch() { # name: starts the node from its harness files, detached from this script, output to files
  local name=$1 h; h=$(hdir "$1")
  local args=() pre=()
  transport_cfg "$name"
  mapfile -t args < "$h/args"
  [ -f "$h/stdout" ] && mv -f "$h/stdout" "$h/stdout.prev"
  [ -f "$h/stderr" ] && mv -f "$h/stderr" "$h/stderr.prev"
  [ -f "$h/netns" ] && pre=(ip netns exec "$(cat "$h/netns")")
  setsid ${pre[@]+"${pre[@]}"} env NODUS_JAVA_HOME="$JAVA_HOME" NODUS_QUIET=1 NODUS_JAVA_OPTS="$(cat "$h/java_opts")" \
    OMP_NUM_THREADS=1 MXNET_CPU_WORKER_NTHREADS=1 \
    "$NODUS" "${args[@]}" < /dev/null > "$h/stdout" 2> "$h/stderr" &
  echo $! > "$h/wrapper.pid"
  now > "$h/started"
}

prepare() { # name profile index: writes the node's harness files (start arguments, JVM options, links)
  local name=$1 profile=$2 idx=$3 h listen
  h=$(hdir "$name")
  mkdir -p "$h" "$CD/logs"
  local args=(start --profile "$profile" --data "$CD/$name")
  if [ -f "$h/ip" ]; then
    listen="/ip4/$(cat "$h/ip")/tcp/$NODE_PORT"
    args+=("-Dnodus.metrics.bind=$(cat "$h/ip")" "-Dnodus.metrics.port=$METRICS_PORT_NETNS")
  else
    listen="/ip4/127.0.0.1/tcp/0"
    args+=("-Dnodus.metrics.bind=127.0.0.1" "-Dnodus.metrics.port=0")
  fi
  echo "$listen" > "$h/listen"
  args+=(--listen "$listen")
  local b
  if [ "$profile" != bootstrap ]; then
    for b in "${BOOT_ADDRS[@]}"; do args+=(--bootstrap "$b"); done
  fi
  if [ "$profile" = worker ] && ((${#AGG_ADDRS[@]})); then
    local w=${name#worker}
    args+=(--bootstrap "${AGG_ADDRS[$(( (w - 1) % ${#AGG_ADDRS[@]} ))]}")
  fi
  args+=("-Dnodus.djl.cache=$CD/djl-cache")
  if [ -n "${TOR_CLIENTS:-}" ]; then
    local c=$(( (idx - 1) % TOR_CLIENTS + 1 )) s p w
    s="TORNET_CLIENT${c}_SOCKS"; p="TORNET_CLIENT${c}_CONTROL"; w="TORNET_CLIENT${c}_PASSWORD"
    args+=(--use-tor --tor-socks "${!s}" --tor-control "${!p}" "-Dnodus.tor.controlPassword=${!w}")
  fi
  printf '%s\n' "${args[@]}" > "$h/args"
  java_opts "$profile" > "$h/java_opts"
  # without --mdns the cluster is isolated from other Nodus nodes on this machine: peers come from bootstrap nodes
  if [ -z "${MDNS:-}" ]; then touch "$h/no-mdns"; else rm -f "$h/no-mdns"; fi
  ln -sfn "../$name/logs/nodus.log" "$CD/logs/$name.log"
  ln -sfn "../$name/harness/stdout" "$CD/logs/$name.stdout"
  ln -sfn "../$name/harness/stderr" "$CD/logs/$name.stderr"
}

started_enough() { # name: READY, or far enough into its start that the next wave may begin
  [ -n "$(ready_line "$1")" ] || { [ -f "$CD/$1/run/shell" ] && [ -f "$CD/$1/run/metrics.port" ]; }
}

wait_nodes() { # deadline-seconds predicate description names...: polls until predicate holds for all names
  local limit=$1 pred=$2 what=$3; shift 3
  local deadline=$(( SECONDS + limit )) n pending round=0
  local todo=("$@")
  while true; do
    pending=()
    for n in "${todo[@]}"; do
      "$pred" "$n" || pending+=("$n")
    done
    ((${#pending[@]} == 0)) && return 0
    todo=("${pending[@]}")
    round=$((round + 1))
    if (( round % 10 == 0 )); then # every ~5 s: a node that died will never get there
      for n in "${pending[@]}"; do
        alive "$n" || { say "$n died while waiting for it to be $what (see $CD/logs/$n.stderr)"; tail -5 "$(hdir "$n")/stderr" >&2 || true; return 1; }
      done
    fi
    if (( SECONDS >= deadline )); then
      say "not $what within ${limit} s: ${pending[*]}"
      return 1
    fi
    sleep 0.5
  done
}

is_ready() { [ -n "$(ready_line "$1")" ]; }
is_meshed() { local p; p=$(peers_of "$1"); [[ "$p" =~ ^[0-9]+$ ]] && (( p >= 1 )); }

remember_port() { # name: after READY, keep the bound port so a restart listens where peers expect the node
  local h addr; h=$(hdir "$1")
  [ -f "$h/ip" ] && return 0
  addr=$(first_addr "$(ready_line "$1")")
  [[ "$addr" == /ip4/127.0.0.1/tcp/* ]] || return 0
  sed -i "s|^/ip4/127.0.0.1/tcp/0\$|$addr|" "$h/args"
  echo "$addr" > "$h/listen"
}

first_addr() { # READY line: its first /ip4 address (else its first address)
  local all a
  all=$(sed -n 's/.* addrs=\([^ ]*\).*/\1/p' <<< "$1")
  for a in ${all//,/ }; do [[ "$a" == /ip4/* ]] && { echo "$a"; return; }; done
  echo "${all%%,*}"
}

dial_addr() { # name: first READY address with /p2p/<peer>
  local line peer addr
  line=$(ready_line "$1")
  peer=$(sed -n 's/.* peer=\([^ ]*\).*/\1/p' <<< "$line")
  addr=$(first_addr "$line")
  [ -n "$peer" ] && [ -n "$addr" ] || return 1
  echo "$addr/p2p/$peer"
}

snapshot_build() { # copies the entry script, launcher/conf and the exported jars into $DIST, each jar complete
  local jar tries
  mkdir -p "$DIST/launcher/target"
  cp "$ROOT/nodus" "$DIST/nodus"
  cp -r "$ROOT/launcher/conf" "$DIST/launcher/"
  for jar in "$ROOT"/launcher/target/*.jar; do
    for ((tries = 0; ; tries++)); do
      cp "$jar" "$DIST/launcher/target/" && unzip -l "$DIST/launcher/target/${jar##*/}" > /dev/null 2>&1 && break
      (( tries < 30 )) || die "$jar stays unreadable (is a build writing it?)"
      sleep 2 # a build is writing it right now
    done
  done
}

# ---------------------------------------------------------------- network namespaces (root)
netns_setup() { # names...: one namespace per node on a bridge; returns 1 (cleaned up) on any failure
  [ "$(id -u)" = 0 ] || { say "--netns needs root"; return 1; }
  command -v ip > /dev/null || { say "--netns needs iproute2 (ip)"; return 1; }
  (( $# <= 200 )) || { say "--netns supports up to 200 nodes"; return 1; }
  : > "$CD/netns.created"
  if ! { ip link add "$BRIDGE" type bridge && echo "link $BRIDGE" >> "$CD/netns.created" \
        && ip addr add "$SUBNET.1/24" dev "$BRIDGE" && ip link set "$BRIDGE" up; } 2> "$CD/netns.err"; then
    say "network namespaces unavailable: $(tr '\n' ' ' < "$CD/netns.err")"; netns_teardown; return 1
  fi
  local i=0 name ns
  for name in "$@"; do
    i=$((i + 1)); ns="nodus-$name"
    if ! { ip netns add "$ns" && echo "netns $ns" >> "$CD/netns.created" \
          && ip link add "nvh$i" type veth peer name "nve$i" \
          && ip link set "nve$i" netns "$ns" \
          && ip -n "$ns" link set "nve$i" name eth0 \
          && ip -n "$ns" addr add "$SUBNET.$((9 + i))/24" dev eth0 \
          && ip -n "$ns" link set eth0 up && ip -n "$ns" link set lo up \
          && ip link set "nvh$i" master "$BRIDGE" && ip link set "nvh$i" up; } 2> "$CD/netns.err"; then
      say "network namespace for $name failed: $(tr '\n' ' ' < "$CD/netns.err")"; netns_teardown; return 1
    fi
    mkdir -p "$(hdir "$name")"
    echo "$ns" > "$(hdir "$name")/netns"
    echo "$SUBNET.$((9 + i))" > "$(hdir "$name")/ip"
  done
  # reachability: from the first namespace, a connection to a closed port on the bridge is refused (not timed out)
  ns="nodus-$1"
  local probe
  probe=$(ip netns exec "$ns" timeout 3 bash -c "exec 3<>/dev/tcp/$SUBNET.1/9" 2>&1 || true)
  if [[ "$probe" != *refused* ]]; then
    say "namespaces made but the bridge is not reachable from them ($probe)"; netns_teardown; return 1
  fi
  say "network namespaces: $# nodes on $SUBNET.0/24 (bridge $BRIDGE)"
}

netns_teardown() { # removes exactly what netns_setup recorded, newest first
  [ -f "$CD/netns.created" ] || return 0
  local kind name
  tac "$CD/netns.created" | while read -r kind name; do
    case "$kind" in
      netns) ip netns del "$name" 2>/dev/null || true ;;
      link) ip link del "$name" 2>/dev/null || true ;;
    esac
  done
  rm -f "$CD/netns.created" "$CD/netns.err"
  local n; for n in $(nodes); do rm -f "$(hdir "$n")/netns" "$(hdir "$n")/ip"; done
}

# ---------------------------------------------------------------- tor
tor_setup() { # clients
  "$ROOT/itests/tornet/install.sh" || { say "could not install tor"; return 1; }
  "$ROOT/itests/tornet/tornet.sh" up "$CD/tornet" --clients "$1" || { say "the private Tor network did not come up"; return 1; }
  # shellcheck disable=SC1091
  . "$CD/tornet/env"
  TOR_CLIENTS=$1
  grep -q -- '--tor-socks' "$NODUS" || say "./nodus start has no --tor-socks yet: nodes will not use Tor"
}

# ---------------------------------------------------------------- up
cmd_up() {
  local n=50 tor="" tor_clients=3 netns="" wave=8 timeout=600
  MDNS=""
  while (($#)); do
    case "$1" in
      --nodes) n="${2:-}"; shift 2 ;;
      --tor) tor=1; shift ;;
      --tor-clients) tor_clients="${2:-}"; shift 2 ;;
      --netns) netns=1; shift ;;
      --mdns) MDNS=1; shift ;;
      --wave) wave="${2:-}"; shift 2 ;;
      --timeout) timeout="${2:-}"; shift 2 ;;
      *) die "up: unknown option '$1'" ;;
    esac
  done
  [[ "$wave" =~ ^[1-9][0-9]*$ ]] || die "--wave must be >= 1"
  [[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be seconds >= 1"
  if [ -n "$tor" ] && [ -n "$netns" ]; then
    die "--tor and --netns together are not supported (the private Tor network listens on the host's 127.0.0.1)"
  fi
  if [ -f "$CD/topology" ]; then
    local x; for x in $(nodes); do alive "$x" && die "a cluster is running in $CD: ./nodus cluster down first"; done
  fi
  if [ -d "$CD" ] && [ -n "$(ls -A "$CD" 2>/dev/null)" ] && [ ! -f "$MARK" ]; then
    die "$CD exists and is not a cluster directory; set NODUS_CLUSTER_DIR elsewhere"
  fi
  # a fresh cluster every time; the shared DJL native libraries are kept
  if [ -f "$MARK" ]; then
    netns_teardown
    if [ -d "$CD/tornet" ]; then "$ROOT/itests/tornet/tornet.sh" down "$CD/tornet" || true; fi
    find "$CD" -mindepth 1 -maxdepth 1 ! -name djl-cache -exec rm -rf {} +
  fi
  mkdir -p "$CD/logs" "$CD/djl-cache"
  touch "$MARK"
  snapshot_build
  topology "$n" > "$CD/topology"
  local t0; t0=$(now)
  say "starting $n nodes: $(awk '{print $2}' "$CD/topology" | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}' | sed 's/, $//')"

  local names=() profiles=() name profile
  while read -r name profile; do names+=("$name"); profiles+=("$profile"); done < "$CD/topology"

  local mode="loopback (127.0.0.1)"
  if [ -n "$netns" ]; then
    if netns_setup "${names[@]}"; then mode="network namespaces ($SUBNET.0/24)"
    else say "falling back to loopback"; fi
  fi
  TOR_CLIENTS=""
  if [ -n "$tor" ]; then
    tor_setup "$tor_clients" || die "--tor: no private Tor network, nothing started"
    mode+=", through the private Tor network ($tor_clients tor clients)"
  fi
  {
    printf 'nodes=%q\nmode=%q\ntor=%q\n' "$n" "$mode" "${tor:-0}"
    printf 'netns=%q\n' "$([ -f "$CD/netns.created" ] && echo 1 || echo 0)"
  } > "$CD/cluster.env"

  # 1. bootstrap nodes, all at once; the others need their addresses
  BOOT_ADDRS=(); AGG_ADDRS=()
  local i boots=() rest=()
  for i in "${!names[@]}"; do
    if [ "${profiles[$i]}" = bootstrap ]; then boots+=("${names[$i]}"); else rest+=("$i"); fi
  done
  for i in "${!names[@]}"; do
    [ "${profiles[$i]}" = bootstrap ] || continue
    prepare "${names[$i]}" bootstrap $((i + 1)); launch "${names[$i]}"
  done
  wait_nodes "$timeout" is_ready READY "${boots[@]}" || { write_status; die "bootstrap nodes did not come up (logs in $CD/logs)"; }
  for name in "${boots[@]}"; do
    remember_port "$name"
    BOOT_ADDRS+=("$(dial_addr "$name")") || die "$name printed READY without a peer id or address (no transport?)"
  done
  say "bootstrap nodes ready after $(elapsed "$t0") s: ${BOOT_ADDRS[*]}"

  # 2. aggregators and GUI nodes; workers dial their aggregator, so the aggregators must be READY first
  local batch=() aggs=() workers=() k
  for i in "${rest[@]}"; do
    case "${profiles[$i]}" in
      worker) workers+=("$i") ;;
      *) prepare "${names[$i]}" "${profiles[$i]}" $((i + 1)); launch "${names[$i]}"; batch+=("${names[$i]}")
         [ "${profiles[$i]}" = aggregator ] && aggs+=("${names[$i]}") ;;
    esac
  done
  if ((${#batch[@]})); then
    wait_nodes "$timeout" is_ready READY "${batch[@]}" || { write_status; die "aggregator/GUI nodes did not come up (logs in $CD/logs)"; }
    say "started ${batch[*]} ($(elapsed "$t0") s)"
  fi
  AGG_ADDRS=()
  for name in "${aggs[@]}"; do remember_port "$name"; AGG_ADDRS+=("$(dial_addr "$name")"); done

  # 3. workers in waves (a wave starts when the previous one is far enough into its start); worker k dials
  #    aggregator ((k-1) mod A)+1 besides the bootstrap nodes: 40 workers under 5 aggregators = 8 each
  batch=()
  for k in "${!workers[@]}"; do
    i=${workers[$k]}
    prepare "${names[$i]}" worker $((i + 1))
    launch "${names[$i]}"
    batch+=("${names[$i]}")
    if (( ${#batch[@]} >= wave )) || (( k == ${#workers[@]} - 1 )); then
      wait_nodes "$timeout" started_enough started "${batch[@]}" || { write_status; die "workers did not start (logs in $CD/logs)"; }
      say "started ${batch[*]} ($(elapsed "$t0") s)"
      batch=()
    fi
  done

  wait_nodes "$timeout" is_ready READY "${names[@]}" || { write_status; die "not every node printed READY (logs in $CD/logs)"; }
  local t_ready; t_ready=$(elapsed "$t0")
  for name in "${names[@]}"; do remember_port "$name"; done
  say "all $n nodes READY after $t_ready s; waiting until every node has a peer"
  wait_nodes "$timeout" is_meshed meshed "${names[@]}" || { write_status; die "the cluster did not mesh (status in $CD/logs/status.txt)"; }
  local t_mesh; t_mesh=$(elapsed "$t0")
  echo "ready_seconds=$t_ready" >> "$CD/cluster.env"
  echo "meshed_seconds=$t_mesh" >> "$CD/cluster.env"
  write_status
  figures | tee "$CD/logs/figures.txt"
}

# ---------------------------------------------------------------- figures and status
median() { sort -n | awk '{a[NR] = $1} END {if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

figures() {
  # shellcheck disable=SC1091
  . "$CD/cluster.env"
  local name profile total=0 r
  declare -A per=()
  while read -r name profile; do
    r=$(rss_kib "$name"); total=$((total + r)); per[$profile]+="$r "
  done < "$CD/topology"
  echo "== cluster figures ($nodes nodes, $mode)"
  printf '%-40s %s\n' "start to all READY" "${ready_seconds:-?} s"
  printf '%-40s %s\n' "start to meshed (every node >= 1 peer)" "${meshed_seconds:-?} s"
  for profile in bootstrap aggregator gui worker; do
    [ -n "${per[$profile]:-}" ] || continue
    printf '%-40s %s MiB (%d nodes)\n' "RSS median, $profile" \
      "$(( $(tr ' ' '\n' <<< "${per[$profile]}" | grep . | median) / 1024 ))" "$(wc -w <<< "${per[$profile]}")"
  done
  printf '%-40s %s MiB\n' "RSS total of all nodes" "$((total / 1024))"
  printf '%-40s %s\n' "machine memory available" "$(awk '/MemAvailable/ {printf "%d MiB", $2 / 1024}' /proc/meminfo)"
}

status_rows() { # tab-separated: name profile state pid peers rss_mib peer addr metrics_url
  local name profile state pid peers rss line peer addr url
  while read -r name profile; do
    pid=$(java_pid "$name"); line=$(ready_line "$name")
    if [ -z "$pid" ] && [ -z "$(wrapper_pid "$name")" ]; then state=down
    elif [ -n "$line" ]; then state=ready
    else state=starting; fi
    peer=$(sed -n 's/.* peer=\([^ ]*\).*/\1/p' <<< "$line")
    addr=$(first_addr "$line")
    if [ "$state" = down ]; then peers=-; rss=0; url=-; else
      peers=$(peers_of "$name"); rss=$(( $(rss_kib "$name") / 1024 )); url=$(metrics_url "$name" || echo -)
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$profile" "$state" "${pid:--}" "$peers" "$rss" \
      "${peer:--}" "${addr:--}" "$url"
  done < "$CD/topology"
}

write_status() {
  [ -f "$CD/topology" ] || return 0
  local rows; rows=$(status_rows)
  {
    printf '%-13s %-10s %-8s %-8s %-5s %-7s %-52s %s\n' NODE PROFILE STATE PID PEERS RSS_MB PEER ADDRESS
    awk -F'\t' '{printf "%-13s %-10s %-8s %-8s %-5s %-7s %-52s %s\n", $1, $2, $3, $4, $5, $6, $7, $8}' <<< "$rows"
    awk -F'\t' '{n++; if ($3 == "ready") r++; if ($5 ~ /^[0-9]+$/ && $5 > 0) m++; t += $6}
      END {printf "%d/%d ready, %d meshed, RSS total %d MiB\n", r, n, m, t}' <<< "$rows"
  } > "$CD/logs/status.txt.tmp"
  mv -f "$CD/logs/status.txt.tmp" "$CD/logs/status.txt"
}

cmd_status() {
  [ -f "$CD/topology" ] || die "no cluster in $CD (./nodus cluster up)"
  if [ "${1:-}" = --tsv ]; then status_rows; return; fi
  write_status
  cat "$CD/logs/status.txt"
  if [ -f "$CD/cluster.env" ]; then (. "$CD/cluster.env"; echo "network: $mode"); fi
  # exit 1 unless every node is ready
  tail -1 "$CD/logs/status.txt" | awk '{split($1, a, "/"); exit a[1] != a[2]}'
}

# ---------------------------------------------------------------- down, kill, restart
cmd_down() {
  [ -d "$CD" ] || { say "nothing to stop"; return 0; }
  [ -f "$MARK" ] || die "$CD is not a cluster directory"
  local name pids=() p
  if [ -f "$CD/topology" ]; then
    for name in $(tac "$CD/topology" | awk '{print $1}'); do
      p=$(wrapper_pid "$name"); [ -n "$p" ] && { kill -TERM "$p" 2>/dev/null || true; pids+=("$p"); }
      p=$(java_pid "$name"); [ -n "$p" ] && { kill -TERM "$p" 2>/dev/null || true; pids+=("$p"); }
    done
    local deadline=$(( SECONDS + STOP_TIMEOUT )) left
    while true; do
      left=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left=$((left + 1)); done
      (( left == 0 )) && break
      if (( SECONDS >= deadline )); then
        say "$left processes still running ${STOP_TIMEOUT} s after SIGTERM: killing them"
        for name in $(nodes); do
          for p in $(java_pid "$name") $(wrapper_pid "$name"); do kill -KILL "$p" 2>/dev/null || true; done
        done
        break
      fi
      sleep 0.2
    done
    say "stopped ${#pids[@]} processes"
  fi
  if [ -f "$CD/tornet/env" ] || [ -d "$CD/tornet" ]; then "$ROOT/itests/tornet/tornet.sh" down "$CD/tornet" || true; fi
  netns_teardown
}

cmd_kill() {
  local name=${1:-} sig=${2:-KILL} pid
  [ -n "$name" ] || die "kill NODE [SIGNAL]"
  known "$name"
  pid=$(java_pid "$name")
  [ -n "$pid" ] || die "$name is not running"
  kill -"$sig" "$pid"
  local deadline=$(( SECONDS + STOP_TIMEOUT ))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && die "$name (pid $pid) still running after SIG$sig"
  say "$name (pid $pid) ended by SIG$sig"
}

cmd_restart() {
  local name=${1:-} timeout=${2:-180} pid
  [ -n "$name" ] || die "restart NODE"
  known "$name"
  if alive "$name"; then
    for pid in $(wrapper_pid "$name") $(java_pid "$name"); do kill -TERM "$pid" 2>/dev/null || true; done
    local deadline=$(( SECONDS + STOP_TIMEOUT ))
    while alive "$name" && (( SECONDS < deadline )); do sleep 0.2; done
    alive "$name" && die "$name did not stop"
  fi
  local t0; t0=$(now)
  launch "$name"
  wait_nodes "$timeout" is_ready READY "$name" || die "$name did not come back"
  say "$name READY again after $(elapsed "$t0") s"
}

# ---------------------------------------------------------------- e2e
cmd_e2e() {
  local test=ClusterE2ETest props=()
  # the full suite is one ordered story on one cluster: a rerun of a single failed step would start a fresh cluster
  # and report that step alone, so it is not rerun
  if [ "${1:-}" = --full ]; then test=ClusterFullE2ETest; props=(-Dnodus.e2e.full=true -Dsurefire.rerunFailingTestsCount=0); shift; fi
  (cd "$ROOT" && mvn -B -pl itests test "-Dtest=$test" -Dsurefire.failIfNoSpecifiedTests=false "${props[@]}" "$@")
}

sub="${1:-help}"; shift || true
case "$sub" in
  up) cmd_up "$@" ;;
  status) cmd_status "$@" ;;
  down) cmd_down ;;
  shell) [ $# -ge 1 ] || die "shell NODE [COMMAND...] (without a command: commands from stdin)"; known "$1"; node_shell "$@" ;;
  kill) cmd_kill "$@" ;;
  restart) cmd_restart "$@" ;;
  scrape) [ $# -eq 1 ] || die "scrape NODE"; known "$1"; scrape "$1" ;;
  topology) topology "${1:-50}" ;;
  figures) figures ;;
  e2e) cmd_e2e "$@" ;;
  help|-h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown subcommand '$sub' (./nodus cluster help)" ;;
esac
