#!/usr/bin/env bash
# The fault matrix (docs/operating.md, "Faults and what survives them"): builds the gateway, then runs each scenario
# on packaged gateways sharing one PostgreSQL server and one S3-compatible object store (s3proxy), and prints a table
# of accepted, lost, duplicated and orphaned packets with the recovery time. Scenarios to run may be named:
#   faults/run.sh                       # all of them (about 15 minutes on 2 cores)
#   faults/run.sh three-instances       # three instances, one killed with kill -9 mid-load and restarted
#   faults/run.sh kill-after-commit postgres-immediate -Dfaults.large.mb=500
# Exit status 0 only when every scenario lost nothing, duplicated no business event and left no orphan.
set -euo pipefail
cd "$(dirname "$0")/.."
scenarios=()
properties=()
for argument in "$@"; do
  if [[ "$argument" == -D* ]]; then properties+=("$argument"); else scenarios+=("$argument"); fi
done
./mvnw -B -q package -DskipTests
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/faults.classpath
exec java "${properties[@]}" -cp "target/test-classes:target/classes:$(cat target/faults.classpath)" \
  dk.sagsbro.faults.FaultMatrix "${scenarios[@]}"
