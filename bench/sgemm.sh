#!/usr/bin/env bash
# SGEMM: the Vector API backend (JMH) and numpy/OpenBLAS on the same shapes, in one run, with the ratio per shape.
# Usage: bench/sgemm.sh [extra JMH options, e.g. -p shape=512x512x512]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
erc_find_jdk
mkdir -p bench/out
./mvnw -q -B -pl erc-bench -am package -DskipTests
echo "== Java (JMH, $("$JAVA" -version 2>&1 | head -1))"
"$JAVA" --add-modules=jdk.incubator.vector -jar erc-bench/target/benchmarks.jar SgemmBenchmark \
  -rf json -rff bench/out/sgemm-jmh.json "$@"
echo "== numpy"
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE pin old kernels on some machines; unset them for this measurement only, unless
# OPENBLAS_CORETYPE_BASELINE asks for a core type on purpose (bench/sgemm_widths.sh: Haswell beside -XX:UseAVX=2).
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${OPENBLAS_CORETYPE_BASELINE:+OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE_BASELINE} \
  python3 bench/sgemm_numpy.py bench/out/sgemm-jmh.json
