#!/usr/bin/env bash
# Hostile load: a few MB of hostile uploads against a gateway with a small heap, then a valid packet while hundreds
# of slow and silent connections are open. Options go to the JVM as system properties, e.g.:
#   bench/run-hostile.sh -Dbench.heap=256m -Dbench.hostile.uploads=40 -Dbench.slow.connections=200
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java "$@" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dk.sagsbro.bench.HostileLoadBenchmark
