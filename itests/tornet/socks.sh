#!/usr/bin/env bash
# A plain SOCKS5 proxy on 127.0.0.1 for integration tests.
#
#   socks.sh start DIR [--user U --pass P]
#   socks.sh stop DIR
#
# start: runs microsocks (else danted, no auth) on a free port of 127.0.0.1;
# outgoing connections are bound to 127.0.0.1. Logs to DIR/socks.log and
# writes DIR/socks.env (SOCKS_ADDR=127.0.0.1:port, SOCKS_HOST, SOCKS_PORT,
# SOCKS_USER, SOCKS_PASS, SOCKS_LOG, SOCKS_SERVER). microsocks logs one line per
# proxied connection: "client[N] 127.0.0.1: connected to HOST:PORT".
# stop: stops exactly the recorded PID (checked against its command line).
# SOCKS_IMPL=danted forces dante (no auth; it logs "pass(1): tcp/connect ...").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=$(command -v python3); fi
fi

log() { printf 'socks: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# is_ours PID PORT: alive, and its command line is a SOCKS server on PORT.
is_ours() {
  local cmd
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
  [[ "$cmd" == *microsocks*" -p $2 "* || "$cmd" == *danted*"$DIR/danted.conf"* ]]
}

do_stop() {
  local pid port i
  [ -f "$DIR/socks.pid" ] || { log "stop: no SOCKS server recorded in $DIR"; return 0; }
  read -r pid port <"$DIR/socks.pid" || true
  if is_ours "$pid" "$port"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do is_ours "$pid" "$port" || break; sleep 0.1; done
    if is_ours "$pid" "$port"; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
    is_ours "$pid" "$port" && die "could not stop pid $pid"
    # let init reap it so it does not linger as <defunct> (not fatal)
    for ((i = 0; i < 30; i++)); do [ -e "/proc/$pid" ] || break; sleep 0.1; done
  fi
  rm -f "$DIR/socks.pid"
  log "stop: stopped SOCKS server in $DIR"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

do_start() {
  local user="" pass="" server port pid attempt i
  while [ $# -gt 0 ]; do
    case "$1" in
      --user) user=$2; shift 2 ;;
      --pass) pass=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  { [ -n "$user" ] && [ -z "$pass" ]; } && die "--user needs --pass"
  if [ -n "${SOCKS_IMPL:-}" ]; then server=$SOCKS_IMPL   # force microsocks or danted
  elif command -v microsocks >/dev/null 2>&1; then server=microsocks
  elif command -v danted >/dev/null 2>&1; then server=danted
  else die "no SOCKS5 server found (run install.sh)"
  fi
  [ "$server" = danted ] && [ -n "$user" ] &&
    die "user/password auth needs microsocks (dante checks system accounts)"
  mkdir -p "$DIR"
  if [ -f "$DIR/socks.pid" ]; then
    read -r pid port <"$DIR/socks.pid" || true
    is_ours "$pid" "$port" && die "a SOCKS server is already running in $DIR (pid $pid)"
  fi
  for attempt in 1 2 3; do
    port=$("$PYTHON" "$HERE/portpick.py" 1)
    if [ "$server" = microsocks ]; then
      local -a args=(-i 127.0.0.1 -p "$port" -b 127.0.0.1)
      [ -n "$user" ] && args+=(-u "$user" -P "$pass")
      setsid microsocks "${args[@]}" </dev/null >>"$DIR/socks.log" 2>&1 &
      pid=$!
    else
      cat >"$DIR/danted.conf" <<EOF
logoutput: $DIR/socks.log
internal: 127.0.0.1 port = $port
external: 127.0.0.1
clientmethod: none
socksmethod: none
user.privileged: root
user.unprivileged: nobody
client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 log: error connect disconnect }
socks pass { from: 127.0.0.0/8 to: 127.0.0.0/8 log: error connect disconnect }
socks block { from: 0.0.0.0/0 to: 0.0.0.0/0 log: error connect }
EOF
      setsid danted -f "$DIR/danted.conf" </dev/null >>"$DIR/socks.log" 2>&1 &
      pid=$!
    fi
    echo "$pid $port" >"$DIR/socks.pid"
    for ((i = 0; i < 50; i++)); do
      port_open "$port" && break
      [ -e "/proc/$pid" ] || break
      sleep 0.1
    done
    if port_open "$port" && is_ours "$pid" "$port"; then break; fi
    do_stop >/dev/null 2>&1 || true
    pid=""
    log "start attempt $attempt failed (port $port), see $DIR/socks.log"
  done
  [ -n "$pid" ] || die "could not start $server"
  {
    printf 'SOCKS_ADDR=%q\n' "127.0.0.1:$port"
    printf 'SOCKS_HOST=127.0.0.1\nSOCKS_PORT=%q\n' "$port"
    printf 'SOCKS_USER=%q\nSOCKS_PASS=%q\n' "$user" "$pass"
    printf 'SOCKS_LOG=%q\nSOCKS_SERVER=%q\n' "$DIR/socks.log" "$server"
  } >"$DIR/socks.env"
  log "start: $server on 127.0.0.1:$port (pid $pid)${user:+ with user/password auth}; source $DIR/socks.env"
}

[ $# -ge 2 ] || usage
CMD=$1 DIR=$(realpath -m "$2")
shift 2
case "$CMD" in
  start) do_start "$@" ;;
  stop) do_stop ;;
  *) usage ;;
esac
