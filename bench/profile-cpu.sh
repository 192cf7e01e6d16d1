#!/usr/bin/env bash
# Where the gateway's CPU goes in its steady state: the intake benchmark's small packets, or with `end-to-end` first the
# end-to-end benchmark's transfers (warm-up included), with
# async-profiler (tools.profiler:async-profiler from Maven Central) in the gateway, sampling time on a CPU every 2 ms,
# kernel, native code, JIT compilers and collector included, into a file per 20 s. The last whole 20 s of the
# measured run is summarised by thread and by part of the intake (dk.sagsbro.bench.CpuProfileSummary).
#   bench/profile-cpu.sh [end-to-end] [PACKETS] [CONCURRENCY] [-D... options for the benchmark]
# PACKETS should keep the measured run over 40 s (12,000 at 250 packets/s; 6,000 transfers at 120/s).
set -euo pipefail
cd "$(dirname "$0")/.."
what=intake
if [[ ${1:-} == end-to-end || ${1:-} == intake ]]; then
  what=$1
  shift
fi
packets=${1:-12000}
concurrency=${2:-8}
shift $(( $# < 2 ? $# : 2 ))
version=4.2
profiler=target/async-profiler
if [[ ! -f $profiler/linux-x64/libasyncProfiler.so ]]; then
  ./mvnw -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:$version:jar:linux-x64 \
    -DoutputDirectory=$profiler
  (cd $profiler && jar xf async-profiler-$version-linux-x64.jar linux-x64/libasyncProfiler.so)
fi
out=target/bench-results/cpu-profile
rm -rf "$out"
mkdir -p "$out"
agent="-agentpath:$PWD/$profiler/linux-x64/libasyncProfiler.so=start,event=cpu,interval=2ms,loop=20s,threads"
agent+=",collapsed,file=$PWD/$out/window-%t.txt"
if [[ $what == intake ]]; then
  bench/run-intake.sh -Dbench.small.count="$packets" -Dbench.concurrency="$concurrency" -Dbench.large.mb= \
    "-Dbench.gateway.jvm=-Dsagsbro.limits.concurrent-uploads=64 $agent" "$@"
else
  bench/run-end-to-end.sh -Dbench.transfers="$packets" -Dbench.concurrency="$concurrency" "-Dbench.gateway.jvm=$agent" "$@"
fi
# the newest file is cut short by the gateway's stop; the one before it lies inside the measured run
window=$(ls "$out"/window-*.txt | sort | tail -2 | head -1)
echo "== $window"
java -cp target/test-classes dk.sagsbro.bench.CpuProfileSummary "$window"
