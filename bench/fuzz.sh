#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of the gateway's parsers of untrusted bytes, one target after the other.
#
#   bench/fuzz.sh [seconds-per-target] [target ...]
#
# Targets: containerReader manifestParser cmsVerifier acknowledgementParser (default: all four, 900 s each).
# New coverage goes to .cifuzz-corpus/ (not committed); a finding is written as a file under
# src/test/resources/<package>/<Class>Inputs/<method>/ and the run fails. Inputs there replay in every build
# (./mvnw verify). bench/fuzz-minimise.sh copies a minimised corpus there.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-900}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(containerReader manifestParser cmsVerifier acknowledgementParser)

class_of() {
  case "$1" in
    containerReader) echo ContainerReaderFuzzTest ;;
    manifestParser) echo ManifestParserFuzzTest ;;
    cmsVerifier) echo CmsVerifierFuzzTest ;;
    acknowledgementParser) echo AcknowledgementParserFuzzTest ;;
    *) echo "unknown target $1" >&2; exit 2 ;;
  esac
}

./mvnw -q -B test-compile
for target in "${targets[@]}"; do
  class=$(class_of "$target")
  echo "== fuzzing $target for ${seconds} s"
  start=$(date +%s)
  JAZZER_FUZZ=1 ./mvnw -q -B surefire:test -Dtest="${class}#${target}" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djunit.jupiter.execution.timeout.mode=disabled \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="${seconds}" \
    -Djazzer.internal.arg.2=-max_len=65536 -Djazzer.internal.arg.3=-print_final_stats=1 \
    -Djazzer.instrumentation_includes="dk.sagsbro.**:org.bouncycastle.**:com.fasterxml.jackson.**" -Djazzer.internal.arg.4=-rss_limit_mb=6144 -DargLine="-Xmx1g -Xss4m" -Djazzer.internal.arg.5=-timeout=20
  echo "== $target: no finding in $(( $(date +%s) - start )) s"
done
