#!/usr/bin/env bash
# Deploys the 50-node topology with Docker Compose in stages: tor, bootstrap nodes (waits until healthy),
# aggregators, workers, GUI nodes. Needs a Docker engine and the image (built here when missing).
#   NODUS_TOR=off|service|managed docker/deploy_50node.sh [--monitoring]
set -euo pipefail
cd "$(dirname "$0")"
COMPOSE=(docker-compose -p nodus50 -f docker-compose.50node.yml)
[ "${1:-}" = "--monitoring" ] && COMPOSE+=(--profile monitoring)
command -v docker >/dev/null || { echo "deploy: docker is not installed" >&2; exit 2; }
docker info >/dev/null 2>&1 || { echo "deploy: no Docker engine reachable (on machines without one use ./nodus cluster up)" >&2; exit 2; }
if ! docker image inspect nodus:latest >/dev/null 2>&1; then
  (cd .. && ./nodus build) && docker build -f Dockerfile -t nodus:latest ..
fi

wait_healthy() { # service... ; bounded
  local deadline=$((SECONDS + ${WAIT_SECONDS:-180})) s state
  for s in "$@"; do
    while true; do
      state=$(docker inspect -f '{{.State.Health.Status}}' "$("${COMPOSE[@]}" ps -q "$s")" 2>/dev/null || echo starting)
      [ "$state" = healthy ] && break
      (( SECONDS < deadline )) || { echo "deploy: $s not healthy within ${WAIT_SECONDS:-180}s (state $state)" >&2; exit 1; }
      sleep 2
    done
  done
}

stage() { echo "== $1"; shift; "${COMPOSE[@]}" up -d --no-recreate "$@"; }
[ "${NODUS_TOR:-off}" = service ] && stage "tor" tor
stage "bootstrap nodes" bootstrap1 bootstrap2 bootstrap3
wait_healthy bootstrap1 bootstrap2 bootstrap3
stage "aggregators" aggregator{1..5}
stage "workers" $(seq -f 'worker%g' 1 40)
stage "GUI nodes" gui1 gui2
[ "${1:-}" = "--monitoring" ] && stage "monitoring" prometheus grafana
echo "deployed; health: docker/monitor_50node.sh"
