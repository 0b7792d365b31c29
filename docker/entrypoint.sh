#!/usr/bin/env bash
# Container entry point: turns the environment into ./nodus start flags.
#   NODUS_PROFILE    worker | aggregator | gui | bootstrap
#   NODUS_LISTEN     listen multiaddr (default /ip4/0.0.0.0/tcp/4001)
#   NODUS_BOOTSTRAP  space-separated bootstrap multiaddrs
#   NODUS_TOR        off | service (use the compose 'tor' service) | managed (a tor per node)
#   NODUS_TOR_SOCKS / NODUS_TOR_CONTROL   host:port of the tor service (NODUS_TOR=service)
set -euo pipefail
args=(start --profile "${NODUS_PROFILE:-worker}" --data /data --listen "${NODUS_LISTEN:-/ip4/0.0.0.0/tcp/4001}")
for b in ${NODUS_BOOTSTRAP:-}; do args+=(--bootstrap "$b"); done
case "${NODUS_TOR:-off}" in
  off) ;;
  service) args+=(--use-tor --tor-socks "${NODUS_TOR_SOCKS:?}" --tor-control "${NODUS_TOR_CONTROL:?}") ;;
  managed) args+=(--use-tor) ;;
  *) echo "entrypoint: NODUS_TOR must be off, service or managed" >&2; exit 2 ;;
esac
exec /opt/nodus/nodus "${args[@]}"
