#!/usr/bin/env bash
# BiLSTM / BiGRU forward+backward at the model's shapes: Java (JMH), PyTorch CPU with 2 threads (packed sequences) and
# DJL's PyTorch engine (libtorch, full padded lengths, against Java at full lengths), in one run.
# Usage: bench/recurrent.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
erc_find_jdk
mkdir -p bench/out
./mvnw -q -B -pl erc-bench -am package -DskipTests
"$JAVA" --add-modules=jdk.incubator.vector -jar erc-bench/target/benchmarks.jar RecurrentBenchmark \
  -rf json -rff bench/out/recurrent-jmh.json "$@"
# DJL's PyTorch engine (libtorch from Maven Central, 2 intra-op threads), the JVM peer: bench/djl, built here.
(cd bench/djl && ../../mvnw -q -B package && ../../mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
"$JAVA" -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "bench/djl/target/classes:$(cat bench/djl/target/cp.txt)" dev.erc.bench.djl.DjlRecurrent 2>/dev/null \
  | tee bench/out/recurrent-djl.txt
# PyTorch comes from Debian's python3-torch, which the system interpreter sees (pyenv shims may not).
PY=python3
$PY -c "import torch" 2>/dev/null || PY=/usr/bin/python3
$PY bench/recurrent_torch.py bench/out/recurrent-jmh.json bench/out/recurrent-djl.txt
