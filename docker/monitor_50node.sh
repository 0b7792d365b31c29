#!/usr/bin/env bash
# Health of every node of the 50-node deployment: container state, Docker health, peer id and peer
# count from the node's own shell. One line per node, a summary at the end; exit 1 when any is unhealthy.
set -uo pipefail
cd "$(dirname "$0")"
COMPOSE=(docker-compose -p nodus50 -f docker-compose.50node.yml)
docker info >/dev/null 2>&1 || { echo "monitor: no Docker engine reachable" >&2; exit 2; }
bad=0 total=0
printf '%-14s %-10s %-10s %-54s %s\n' NODE STATE HEALTH PEER PEERS
for s in bootstrap{1..3} aggregator{1..5} $(seq -f 'worker%g' 1 40) gui1 gui2; do
  total=$((total + 1))
  id=$("${COMPOSE[@]}" ps -q "$s" 2>/dev/null)
  if [ -z "$id" ]; then printf '%-14s %-10s\n' "$s" missing; bad=$((bad + 1)); continue; fi
  state=$(docker inspect -f '{{.State.Status}}' "$id")
  health=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}}' "$id")
  peer=$(timeout 10 docker exec "$id" /opt/nodus/nodus shell --data /data p2p:id 2>/dev/null | tr -d '\r' || true)
  peers=$(timeout 10 docker exec "$id" /opt/nodus/nodus shell --data /data p2p:peers 2>/dev/null | grep -c 12D3 || true)
  printf '%-14s %-10s %-10s %-54s %s\n' "$s" "$state" "$health" "${peer:--}" "${peers:-0}"
  [ "$state" = running ] && [ "$health" = healthy ] || bad=$((bad + 1))
done
echo "$((total - bad))/$total nodes healthy"
[ "$bad" = 0 ]
