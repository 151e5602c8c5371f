#!/usr/bin/env bash
# BiLSTM / BiGRU forward+backward at the model's shapes: Java (JMH) and PyTorch CPU with 2 threads, in one run.
# Usage: bench/recurrent.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
erc_find_jdk
mkdir -p bench/out
./mvnw -q -B -pl erc-bench -am package -DskipTests
"$JAVA" --add-modules=jdk.incubator.vector -jar erc-bench/target/benchmarks.jar RecurrentBenchmark \
  -rf json -rff bench/out/recurrent-jmh.json "$@"
# PyTorch comes from Debian's python3-torch, which the system interpreter sees (pyenv shims may not).
PY=python3
$PY -c "import torch" 2>/dev/null || PY=/usr/bin/python3
$PY bench/recurrent_torch.py bench/out/recurrent-jmh.json
