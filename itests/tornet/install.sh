#!/usr/bin/env bash
# Installs what the private Tor test network needs: tor (+ tor-gencert) and a
# SOCKS5 server (microsocks, else dante-server). Idempotent and quiet on success.
# Needs root (or sudo) only when something is missing.
set -euo pipefail

need=()
command -v tor >/dev/null 2>&1 || need+=(tor)
command -v tor-gencert >/dev/null 2>&1 || need+=(tor)
if ! command -v microsocks >/dev/null 2>&1 && ! command -v danted >/dev/null 2>&1; then
  need+=(SOCKS)
fi
[ ${#need[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install.sh: need root or sudo to install: ${need[*]}" >&2; exit 1; }
  SUDO="sudo"
fi

log=$(mktemp)
# Never let the package's own system tor service start (it would join the public
# Tor network): if the machine has no policy-rc.d, put a temporary one in place.
policy_created=0
cleanup() {
  if [ "$policy_created" = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
  rm -f "$log"
}
trap cleanup EXIT
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod 755 /usr/sbin/policy-rc.d
  policy_created=1
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update >"$log" 2>&1; then
  cat "$log" >&2; echo "install.sh: apt-get update failed" >&2; exit 1
fi

pkgs=()
for n in "${need[@]}"; do
  case "$n" in
    tor) pkgs+=(tor) ;;
    SOCKS)
      pol=$(apt-cache policy microsocks 2>/dev/null || true)
      if [[ "$pol" == *"Candidate: "[0-9]* ]]; then
        pkgs+=(microsocks)
      else
        pkgs+=(dante-server)
      fi ;;
  esac
done
# de-duplicate
mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | sort -u)

if ! $SUDO apt-get install -y --no-install-recommends "${pkgs[@]}" >"$log" 2>&1; then
  cat "$log" >&2; echo "install.sh: apt-get install ${pkgs[*]} failed" >&2; exit 1
fi
