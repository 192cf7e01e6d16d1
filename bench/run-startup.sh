#!/usr/bin/env bash
# Start-up time and idle memory of the packaged gateway on its embedded default (H2 file, directory store), as the
# README runs it: from the process's start until readiness answers UP, then the resident memory after it has sat
# idle. The first run creates a fresh data directory (the database's migrations included); later runs reuse it.
#   bench/run-startup.sh [RUNS] [IDLE_SECONDS] [extra JVM options...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
idle=${2:-20}
shift $(( $# < 2 ? $# : 2 ))
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
for run in $(seq 1 "$runs"); do
  log="target/startup-$run.log"
  start=$(date +%s%N)
  SAGSBRO_DATA_DIR="$data" java "$@" -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:9000/q/health/ready; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the gateway stopped; see $log" >&2; exit 1; fi
    sleep 0.05
  done
  ready=$(date +%s%N)
  sleep "$idle"
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

  kill -TERM "$pid"; wait "$pid" || true
  quarkus=$(grep -o 'started in [0-9.]*s' "$log" | head -1 | cut -d' ' -f3)
  printf 'run %d%s: ready after %.2f s (Quarkus reports %s), resident memory after %d s idle: %d MiB\n' "$run" \
    "$([[ $run == 1 ]] && echo ' (fresh data directory)' || true)" "$(echo "($ready - $start) / 1000000000" | bc -l)" \
    "$quarkus" "$idle" $(( rss / 1024 ))
done
