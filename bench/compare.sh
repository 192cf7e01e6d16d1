#!/usr/bin/env bash
# Sagsbro against the baseline (the bare minimum a transfer costs), one right after the other on this machine, and
# their ratio. Usage:
#   bench/compare.sh [intake|end-to-end] [PACKETS] [CONCURRENCY] [-D... options for Sagsbro's benchmark]
# The baseline script is ../shared/bench/baseline.sh beside the project unless SAGSBRO_BASELINE names another.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-intake}
packets=${2:-2000}
concurrency=${3:-8}
shift $(( $# < 3 ? $# : 3 ))
baseline=${SAGSBRO_BASELINE:-../shared/bench/baseline.sh}
if [[ ! -x "$baseline" && ! -f "$baseline" ]]; then
  echo "no baseline script at $baseline (set SAGSBRO_BASELINE)" >&2
  exit 2
fi
mkdir -p target
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
sha=$(grep -qm1 -w sha_ni /proc/cpuinfo && echo "with SHA extensions" || echo "without SHA extensions")
echo "machine: $cpu, $(nproc) cores, $sha"

echo "== baseline: bash $baseline 3000 $concurrency 51200 EC"
bash "$baseline" 3000 "$concurrency" 51200 EC 2>&1 | tee target/compare-baseline.txt | grep -v '^Note:'
base_rate=$(grep -o '[0-9.]* packets/s' target/compare-baseline.txt | head -1 | cut -d' ' -f1)

case "$what" in
  intake)
    # then, at a fixed rate of half the baseline's, the latency a lightly loaded gateway answers with
    half=$(awk -v b="$base_rate" 'BEGIN { printf "%.0f", b / 2 }')
    echo "== sagsbro: bench/run-intake.sh -Dbench.small.count=$packets -Dbench.concurrency=$concurrency -Dbench.rate=$half -Dbench.large.mb= $*"
    bench/run-intake.sh -Dbench.small.count="$packets" -Dbench.concurrency="$concurrency" -Dbench.rate="$half" \
      -Dbench.large.mb= "-Dbench.gateway.jvm=-Dsagsbro.limits.concurrent-uploads=64" "$@" 2>&1 | grep -v LogManager \
      | tee target/compare-sagsbro.txt
    rate=$(grep -o 'concurrent: [0-9.]* packets/s' target/compare-sagsbro.txt | head -1 | cut -d' ' -f2)
    ;;
  end-to-end)
    echo "== sagsbro: bench/run-end-to-end.sh -Dbench.transfers=$packets -Dbench.concurrency=$concurrency $*"
    bench/run-end-to-end.sh -Dbench.transfers="$packets" -Dbench.concurrency="$concurrency" "$@" 2>&1 \
      | grep -v LogManager | tee target/compare-sagsbro.txt
    rate=$(grep -o '[0-9.]* transfers/s' target/compare-sagsbro.txt | head -1 | cut -d' ' -f1)
    ;;
  *)
    echo "usage: bench/compare.sh [intake|end-to-end] [PACKETS] [CONCURRENCY] [-D...]" >&2
    exit 2
    ;;
esac
awk -v s="$rate" -v b="$base_rate" -v w="$what" 'BEGIN { printf "%s: sagsbro %.1f/s, baseline %.1f/s, ratio %.2f\n", w, s, b, s / b }'
