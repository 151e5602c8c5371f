#!/usr/bin/env bash
# What the GEMM workers' spin-before-park costs and buys: prediction throughput from 1, 2 and 8 concurrent request
# threads (PredictThroughput) and training epochs (EpochTiming), with -Derc.worker.spins at each value given,
# alternated in one run so that every setting sees the same machine. Usage: bench/spin.sh [SPINS...]
# (default: 0 2000 20000). JVM_FLAGS adds flags (e.g. -XX:UseAVX=2).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
erc_find_jdk
values=("$@")
[ ${#values[@]} -gt 0 ] || values=(0 2000 20000)
./mvnw -q -B -pl erc-bench -am package -DskipTests
jar=erc-bench/target/benchmarks.jar
for round in 1 2; do
  for s in "${values[@]}"; do
    echo "## spins=$s, round $round"
    "$JAVA" --add-modules=jdk.incubator.vector ${JVM_FLAGS:-} -Derc.worker.spins="$s" -cp "$jar" \
      dev.erc.bench.PredictThroughput 8 2>/dev/null
    "$JAVA" --add-modules=jdk.incubator.vector ${JVM_FLAGS:-} -Derc.worker.spins="$s" -cp "$jar" \
      dev.erc.bench.EpochTiming 2 2>/dev/null | tail -3
  done
done
