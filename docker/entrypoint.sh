#!/usr/bin/env bash
# Container entry point: turns the environment into ./nodus start flags.
#   NODUS_PROFILE    worker | aggregator | gui | bootstrap
#   NODUS_LISTEN     listen multiaddr (default /ip4/0.0.0.0/tcp/4001)
#   NODUS_BOOTSTRAP  space-separated bootstrap multiaddrs
#   NODUS_TOR        off | service (use the compose 'tor' service) | managed (a tor per node)
#   NODUS_TOR_SOCKS / NODUS_TOR_CONTROL   host:port of the tor service (NODUS_TOR=service)
#   NODUS_METRICS_BIND / NODUS_METRICS_PORT  Prometheus endpoint (default 0.0.0.0:9464: the container's network
#                    is the boundary; outside containers a node binds 127.0.0.1 on a random port)
set -euo pipefail
args=(start --profile "${NODUS_PROFILE:-worker}" --data /data --listen "${NODUS_LISTEN:-/ip4/0.0.0.0/tcp/4001}"
  "-Dnodus.metrics.bind=${NODUS_METRICS_BIND:-0.0.0.0}" "-Dnodus.metrics.port=${NODUS_METRICS_PORT:-9464}")
for b in ${NODUS_BOOTSTRAP:-}; do args+=(--bootstrap "$b"); done
case "${NODUS_TOR:-off}" in
  off) ;;
  service) args+=(--use-tor --tor-socks "${NODUS_TOR_SOCKS:?}" --tor-control "${NODUS_TOR_CONTROL:?}") ;;
  managed) args+=(--use-tor) ;;
  *) echo "entrypoint: NODUS_TOR must be off, service or managed" >&2; exit 2 ;;
esac
exec /opt/nodus/nodus "${args[@]}"
