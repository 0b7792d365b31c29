#!/usr/bin/env bash
# Crypto benchmarks (JMH): seal+open throughput per encryption mode for 1 KiB and 1 MiB payloads through the
# encryption service (two in-memory nodes), key-exchange latency per mode, and raw JCA AES-256-GCM beside them.
# Figures are printed, never asserted. Needs the crypto modules installed: mvn install -pl bundles/api,bundles/crypto,
# bundles/crypto-none,bundles/crypto-symmetric,bundles/crypto-asymmetric -am -DskipTests
# Extra arguments go to the benchmark main, e.g. "quick" for shorter runs.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -z "${JAVA_HOME:-}" ]; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do [ -x "$d/bin/javac" ] && { export JAVA_HOME="$d"; break; }; done
fi
export PATH="$JAVA_HOME/bin:$PATH"
mvn -q -B -f "$HERE/pom.xml" package -DskipTests
CP="$HERE/target/classes:$(cat "$HERE/target/classpath.txt")"
exec java --sun-misc-unsafe-memory-access=allow -cp "$CP" io.nodus.crypto.impl.CryptoBenchmarks "$@"
