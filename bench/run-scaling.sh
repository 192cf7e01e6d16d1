#!/usr/bin/env bash
# Cost as work grows: the intake benchmark at 1 to 32 concurrent clients and at packet sizes from 1 MiB to 2 GiB,
# then bench/scaling.svg drawn from the results (target/bench-results/*.csv). Options go to the benchmark's JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/run-intake.sh -Dbench.small.count=1000 -Dbench.concurrency=1,2,4,8,16,32 -Dbench.large.mb=1,16,256,1024,2048 \
  "-Dbench.gateway.jvm=-Dsagsbro.limits.concurrent-uploads=64" "$@"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
sha=$(grep -qm1 -w sha_ni /proc/cpuinfo && echo "SHA extensions" || echo "no SHA extensions")
java -cp "target/test-classes" dk.sagsbro.bench.ScalingPlot target/bench-results bench/scaling.svg \
  "$(date -u +%Y-%m-%d), $cpu, $(nproc) cores, $sha; gateway -Xmx256m on PostgreSQL, client on the same cores"
