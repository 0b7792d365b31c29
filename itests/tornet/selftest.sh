#!/usr/bin/env bash
# Self-test of the private Tor network and the SOCKS5 helper. Brings a network
# up in a temp dir, checks exit traffic, an onion service, NEWNYM, control
# auth, a further tor joining with the client torrc fragment, and the SOCKS5
# server with user/password, then tears everything down.
#   selftest.sh            (KEEP=1 keeps the temp dir; it is kept anyway on failure)
# Prints "N passed, M failed"; exit code 0 only if all passed.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=$(command -v python3); fi
fi
export PYTHON
PY=$PYTHON

PASSED=0 FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "PASS: $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*"; }
info() { echo "      $*"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

"$HERE/install.sh" || { echo "install.sh failed"; echo "0 passed, 1 failed"; exit 1; }

WORK=$(mktemp -d /tmp/tornet-selftest.XXXXXX)
NET=$WORK/net
SOCKSDIR=$WORK/socks
HTTP_PID=""
CLEANED=0

stop_http() {
  if [ -n "$HTTP_PID" ] && tr '\0' ' ' 2>/dev/null <"/proc/$HTTP_PID/cmdline" | grep -q "http.server"; then
    kill "$HTTP_PID" 2>/dev/null
    wait "$HTTP_PID" 2>/dev/null
  fi
  HTTP_PID=""
}

cleanup() {
  [ "$CLEANED" = 1 ] && return 0
  CLEANED=1
  stop_http
  "$HERE/socks.sh" stop "$SOCKSDIR" >/dev/null 2>&1
  "$HERE/tornet.sh" down "$NET" 2>&1 | sed 's/^/      /'
}
on_exit() {
  local rc=$?
  cleanup
  if [ "${KEEP:-0}" = 1 ] || [ "$FAILED" -gt 0 ] || [ "$rc" -ne 0 ]; then
    echo "      logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap on_exit EXIT
trap 'echo "interrupted"; exit 130' INT TERM HUP

# a loopback HTTP server (target for curl through tor and through the SOCKS5 server)
mkdir -p "$WORK/www" && echo "hello from tornet selftest" >"$WORK/www/index.html"
HTTP_PORT=$("$PY" "$HERE/portpick.py" 1)
setsid "$PY" -m http.server --bind 127.0.0.1 --directory "$WORK/www" "$HTTP_PORT" \
  </dev/null >"$WORK/http.log" 2>&1 &
HTTP_PID=$!

# ---------------------------------------------------------------- network up
echo "== tornet.sh up (3 authorities, 2 middles, 1 exit, 2 clients, 1 onion host)"
T_UP=$EPOCHREALTIME
if "$HERE/tornet.sh" up "$NET" --clients 2 --onion-hosts 1 --timeout 120 2>"$WORK/up.log"; then
  sed 's/^/      /' "$WORK/up.log"
  pass "network up in $(since "$T_UP")s (incl. key generation): $(tr '\n' ' ' <"$NET/timings")"
else
  sed 's/^/      /' "$WORK/up.log"
  fail "tornet.sh up"
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi
# shellcheck disable=SC1091
. "$NET/env"

# ---------------------------------------------------------------- (a) exit
echo "== (a) TCP round trip through the client SOCKS ports and the exit"
for i in 1 2; do
  var="TORNET_CLIENT${i}_SOCKS"
  if out=$("$PY" "$HERE/socksecho.py" --socks "${!var}" --target "$TORNET_ECHO" --attempt-timeout 5 --deadline 30 2>&1); then
    pass "client$i exit echo: $out"
  else
    fail "client$i exit echo: $out"
  fi
done
if out=$(curl -sS --max-time 20 --socks5-hostname "$TORNET_CLIENT1_SOCKS" "http://127.0.0.1:$HTTP_PORT/" 2>&1) &&
  [[ "$out" == "hello from tornet selftest" ]]; then
  pass "curl through client1 and the exit to a loopback HTTP server"
else
  fail "curl through client1: $out"
fi

# ---------------------------------------------------------------- (b) onion
echo "== (b) onion host started by tornet.sh (HiddenServiceDir), reached via client2"
if out=$("$PY" "$HERE/socksecho.py" --socks "$TORNET_CLIENT2_SOCKS" --target "$TORNET_ONION1" --attempt-timeout 10 --deadline 60 2>&1); then
  pass "onion1 echo: $out"
else
  fail "onion1 echo: $out"
fi
echo "== (b) onion service: ADD_ONION on client1 (cookie auth), connect via client2"
if out=$("$PY" "$HERE/torctl.py" --control "$TORNET_CLIENT1_CONTROL" --cookie "$TORNET_CLIENT1_COOKIE" \
  onion-test --socks "$TORNET_CLIENT2_SOCKS" --echo "$TORNET_ECHO" --deadline 90 2>&1); then
  pass "onion service round trip"
else
  fail "onion service round trip"
fi
echo "$out" | sed 's/^/      /'

# ---------------------------------------------------------------- (c) control
echo "== (c) control port: SIGNAL NEWNYM, password and cookie auth"
out=$("$PY" "$HERE/torctl.py" --control "$TORNET_CLIENT1_CONTROL" --password "$TORNET_CLIENT1_PASSWORD" "SIGNAL NEWNYM" 2>&1)
if [[ "$out" == "250 OK" ]]; then pass "client1 SIGNAL NEWNYM (password auth) -> $out"; else fail "client1 NEWNYM: $out"; fi
out=$("$PY" "$HERE/torctl.py" --control "$TORNET_CLIENT2_CONTROL" --cookie "$TORNET_CLIENT2_COOKIE" "SIGNAL NEWNYM" 2>&1)
if [[ "$out" == "250 OK" ]]; then pass "client2 SIGNAL NEWNYM (cookie auth) -> $out"; else fail "client2 NEWNYM: $out"; fi
if out=$("$PY" "$HERE/torctl.py" --control "$TORNET_CLIENT1_CONTROL" --password "wrong-$RANDOM" "GETINFO version" 2>&1); then
  fail "wrong control password was accepted: $out"
else
  pass "wrong control password refused: $(echo "$out" | grep -o "515 .*" || echo "$out")"
fi
if out=$("$PY" "$HERE/socksecho.py" --socks "$TORNET_CLIENT2_SOCKS" --target "$TORNET_ECHO" --attempt-timeout 5 --deadline 30 2>&1); then
  pass "exit echo after NEWNYM: $out"
else
  fail "exit echo after NEWNYM: $out"
fi

# ---------------------------------------------------------------- (d) SOCKS5 server
echo "== (d) SOCKS5 server with user/password"
SUSER=tornet SPASS=pw$RANDOM$RANDOM
if "$HERE/socks.sh" start "$SOCKSDIR" --user "$SUSER" --pass "$SPASS" 2>"$WORK/socks-start.log"; then
  . "$SOCKSDIR/socks.env"
  pass "socks.sh start: $SOCKS_SERVER on $SOCKS_ADDR"
  out=$(curl -sS --max-time 10 --socks5-hostname "$SUSER:$SPASS@$SOCKS_ADDR" "http://127.0.0.1:$HTTP_PORT/" 2>&1)
  if [[ "$out" == "hello from tornet selftest" ]]; then pass "curl with the right password"; else fail "curl with the right password: $out"; fi
  sleep 0.2
  if grep -q "connected to 127.0.0.1:$HTTP_PORT" "$SOCKS_LOG"; then
    pass "SOCKS log shows the proxied connection: $(grep "connected to 127.0.0.1:$HTTP_PORT" "$SOCKS_LOG" | tail -n1)"
  else
    fail "SOCKS log has no line for 127.0.0.1:$HTTP_PORT: $(cat "$SOCKS_LOG")"
  fi
  if out=$(curl -sS --max-time 10 --socks5-hostname "$SUSER:wrong@$SOCKS_ADDR" "http://127.0.0.1:$HTTP_PORT/" 2>&1); then
    fail "curl with a wrong password succeeded"
  else
    pass "curl with a wrong password refused: $out"
  fi
  out=$("$PY" "$HERE/socksecho.py" --socks "$SOCKS_ADDR" --target "$TORNET_ECHO" --user "$SUSER" --pass wrong 2>&1)
  if [ $? -eq 2 ]; then pass "socksecho.py with a wrong password: $out"; else fail "socksecho.py wrong password: $out"; fi
  if out=$("$PY" "$HERE/socksecho.py" --socks "$SOCKS_ADDR" --target "$TORNET_ECHO" --user "$SUSER" --pass "$SPASS" 2>&1); then
    pass "socksecho.py with the right password: $out"
  else
    fail "socksecho.py right password: $out"
  fi
  SPID=$(awk '{print $1}' "$SOCKSDIR/socks.pid")
  "$HERE/socks.sh" stop "$SOCKSDIR" 2>/dev/null
  if [ -n "$({ tr -d '\0' <"/proc/$SPID/cmdline"; } 2>/dev/null)" ]; then fail "SOCKS server still alive"; else pass "socks.sh stop"; fi
else
  fail "socks.sh start: $(cat "$WORK/socks-start.log")"
fi

# ---------------------------------------------------------------- (e) joiner
echo "== (e) a further tor joins with client-torrc-fragment (like a product's managed tor)"
J=$NET/nodes/joiner
mkdir -p "$J" && chmod 700 "$J"
JPORT=$("$PY" "$HERE/portpick.py" 1)
{
  cat "$TORNET_CLIENT_TORRC_FRAGMENT"
  printf 'DataDirectory %s\nPidFile %s/pid\nRunAsDaemon 1\nLog notice file %s/notice.log\nSocksPort 127.0.0.1:%s\n' \
    "$J" "$J" "$J" "$JPORT"
} >"$J/torrc"
T_J=$EPOCHREALTIME
if tor --defaults-torrc /dev/null -f "$J/torrc" >"$J/start.out" 2>&1; then
  for ((k = 0; k < 300; k++)); do
    grep -q 'Bootstrapped 100%' "$J/notice.log" 2>/dev/null && break
    sleep 0.1
  done
  T_JB=$(since "$T_J")
  if out=$("$PY" "$HERE/socksecho.py" --socks "127.0.0.1:$JPORT" --target "$TORNET_ECHO" --attempt-timeout 5 --deadline 30 2>&1); then
    pass "joiner bootstrapped in ${T_JB}s, exit echo after $(since "$T_J")s"
  else
    fail "joiner: $out (see $J/notice.log)"
  fi
else
  fail "joiner tor did not start: $(cat "$J/start.out")"
fi

# ---------------------------------------------------------------- status, RSS, teardown
echo "== status, memory, teardown"
if out=$("$HERE/tornet.sh" status "$NET" 2>&1); then pass "tornet.sh status: all alive"; else fail "tornet.sh status"; fi
echo "$out" | sed 's/^/      /'
PIDS=$(awk '{print $2}' "$NET/pids"; cat "$NET/nodes/joiner/pid" 2>/dev/null)
RSS=$(ps -o rss= -p "$(echo $PIDS | tr ' ' ',')" 2>/dev/null | awk '{s += $1} END {printf "%.0f", s / 1024}')
info "RSS of the network (tor processes + echo server + joiner): ${RSS} MB"
cleanup
alive=""
for p in $PIDS; do [ -n "$({ tr -d '\0' <"/proc/$p/cmdline"; } 2>/dev/null)" ] && alive+=" $p"; done
if [ -z "$alive" ]; then pass "teardown: none of the $(echo $PIDS | wc -w) processes left"; else fail "teardown: still alive:$alive"; fi
"$HERE/tornet.sh" down "$NET" >/dev/null 2>&1 && pass "second tornet.sh down is harmless" || fail "second down"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
