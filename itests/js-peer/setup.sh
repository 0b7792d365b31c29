#!/usr/bin/env bash
# Install the pinned js-libp2p dependencies (idempotent).
# Runs `npm ci` only when node_modules is missing or package-lock.json is newer
# than the last install. Quiet on success; prints npm's output and exits
# non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null || { echo "setup.sh: node not found on PATH" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup.sh: npm not found on PATH" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "setup.sh: node >= 20 required, found $(node --version)" >&2
  exit 1
fi

stamp=node_modules/.package-lock.json   # written by npm on every install
if [ -d node_modules ] && [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ]; then
  exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm ci --no-audit --no-fund >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup.sh: npm ci failed" >&2
  exit 1
fi
# sanity check: the modules load under the polyfill
if ! node --import ./polyfill.mjs -e 'await import("libp2p"); await import("@chainsafe/libp2p-noise"); await import("@libp2p/gossipsub")' --input-type=module >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup.sh: installed modules fail to load" >&2
  exit 1
fi
