#!/usr/bin/env bash
# Chat figures between two libp2p hosts on loopback, per payload protection: message latency p50/p99 and
# messages/s. Printed, never asserted. Usage: itests/bench/chat/bench.sh (from anywhere; builds the chat module).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
mvn -B -q test -pl bundles/chat -Dtest=ChatBenchmark -Dnodus.bench=true -Dsurefire.failIfNoSpecifiedTests=false
grep -h "^chat bench" bundles/chat/target/surefire-reports/io.nodus.chat.impl.engine.ChatBenchmark-output.txt
