#!/usr/bin/env bash
# End-to-end benchmark: submit -> pushed to a local receiver -> RECEIVED acknowledgement recorded, through the
# packaged gateway (-Xmx256m) on PostgreSQL. Options go to the JVM, e.g. -Dbench.transfers=500 -Dbench.concurrency=4
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java "$@" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dk.sagsbro.bench.EndToEndBenchmark
