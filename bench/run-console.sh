#!/usr/bin/env bash
# Console and metrics queries on PostgreSQL with a year of transfers. Options go to the JVM, e.g.
#   bench/run-console.sh -Dbench.transfers=20000 -Dbench.open=2000 -Dbench.runs=20
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java "$@" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dk.sagsbro.bench.ConsoleQueriesBenchmark
