#!/usr/bin/env bash
# Intake benchmark: builds the gateway, then measures it as a separate process with a 256 MiB heap on PostgreSQL.
# Options go to the JVM as system properties, e.g.:
#   bench/run-intake.sh -Dbench.small.count=2000 -Dbench.concurrency=8 -Dbench.large.mb=1024,2048 -Dbench.heap=256m
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java "$@" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dk.sagsbro.bench.IntakeBenchmark
