#!/usr/bin/env bash
# JS<->JS smoke test of peer.mjs: two (and a few extra) peers on 127.0.0.1/::1,
# dial, ping, identify, echo (16 MiB and 100 x 64 KiB), sink, floodsub and
# gossipsub messages both ways, hangup, stop. Prints "N passed, M failed".
# Usage: ./smoke.sh [--verbose]
set -uo pipefail
cd "$(dirname "$0")"

LIMIT=${SMOKE_TIMEOUT:-300}

if ! ./setup.sh; then
  echo "0 passed, 1 failed"
  exit 1
fi

out=$(mktemp)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    # smoke.mjs and the peers it spawned share the process group $pid
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    sleep 1
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$out"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# setsid: own process group, so cleanup can take the peers with it;
# timeout: hard bound on the whole run (smoke.mjs also has its own)
setsid timeout -k 10 "$LIMIT" node --import ./polyfill.mjs smoke.mjs "$@" > >(tee "$out") 2>&1 &
pid=$!
wait "$pid"
rc=$?
pid=
sleep 0.2   # let tee flush
if [ "$rc" -eq 124 ]; then
  echo "smoke.sh: timeout after ${LIMIT}s"
fi

if ! grep -Eq '^[0-9]+ passed, [0-9]+ failed' "$out"; then
  echo "smoke.mjs ended (exit $rc) without a summary"
  echo "0 passed, 1 failed"
  exit 1
fi
exit "$rc"
