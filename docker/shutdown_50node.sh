#!/usr/bin/env bash
# Graceful shutdown in reverse order of deployment: GUI, workers, aggregators (they checkpoint on stop),
# bootstrap nodes, tor. Each node gets SIGTERM and 10 s to stop cleanly. --volumes also deletes the data.
set -euo pipefail
cd "$(dirname "$0")"
COMPOSE=(docker-compose -p nodus50 -f docker-compose.50node.yml --profile monitoring)
docker info >/dev/null 2>&1 || { echo "shutdown: no Docker engine reachable" >&2; exit 2; }
"${COMPOSE[@]}" stop -t 10 gui1 gui2 prometheus grafana
"${COMPOSE[@]}" stop -t 10 $(seq -f 'worker%g' 1 40)
"${COMPOSE[@]}" stop -t 10 aggregator{1..5}
"${COMPOSE[@]}" stop -t 10 bootstrap{1..3} tor
if [ "${1:-}" = "--volumes" ]; then "${COMPOSE[@]}" down --volumes; else "${COMPOSE[@]}" down; fi
echo "stopped"
