#!/usr/bin/env bash
# Inference latency (issue #14): predict on one 50-utterance dialogue with a loaded IEMOCAP-preset model, and the
# model's load time (JMH, PredictLatencyBenchmark). Usage: bench/latency.sh [extra JMH options, e.g.
# -jvmArgsAppend -XX:UseAVX=2]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
erc_find_jdk
mkdir -p bench/out
./mvnw -q -B -pl erc-bench -am package -DskipTests
echo "== $("$JAVA" -version 2>&1 | head -1); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
"$JAVA" --add-modules=jdk.incubator.vector -jar erc-bench/target/benchmarks.jar PredictLatencyBenchmark \
  -rf json -rff bench/out/latency-jmh.json "$@"
