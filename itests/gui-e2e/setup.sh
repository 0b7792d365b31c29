#!/usr/bin/env bash
# Installs playwright-core for the GUI end-to-end test (run by ./nodus setup; idempotent). The browser is Debian's
# chromium from APT_PACKAGES in ./nodus: playwright-core downloads no browser.
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null || { echo "gui-e2e/setup.sh: node not found on PATH" >&2; exit 1; }
command -v npm >/dev/null || { echo "gui-e2e/setup.sh: npm not found on PATH" >&2; exit 1; }

stamp=node_modules/.package-lock.json   # written by npm on every install
if [ -d node_modules ] && [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ]; then
  exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm ci --no-audit --no-fund >"$log" 2>&1; then
  cat "$log" >&2
  echo "gui-e2e/setup.sh: npm ci failed" >&2
  exit 1
fi
