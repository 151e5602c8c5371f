#!/usr/bin/env bash
# Seconds per training epoch, Java (Vector API backend) vs the PyTorch reference with 2 threads, on IEMOCAP-shaped
# data with the IEMOCAP preset: stage 1 (one pair: text + audio) and stage 2. Prints a table with the ratios.
# JVM_FLAGS passes JVM options to the Java side, e.g. JVM_FLAGS=-XX:UseAVX=2 for the AVX2 path. The Java side runs with
# the heap on transparent huge pages, as ./erc does (JVM_FLAGS=-XX:-UseTransparentHugePages turns that off): on a VM
# where first touching memory is costly, epochs that grew the heap took 2-5x as long (docs/PERFORMANCE.md). Each side
# reports its fastest of EPOCHS epochs per stage (default 5: the first absorbs JIT compilation and heap growth).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
erc_find_jdk
./mvnw -q -B -pl erc-bench -am package -DskipTests
EPOCHS=${EPOCHS:-5}
THP=()
[ "$(uname -s)" != Linux ] || THP=(-XX:+UseTransparentHugePages)  # a Linux-only JVM flag
JAVA_OUT=$("$JAVA" --add-modules=jdk.incubator.vector "${THP[@]}" ${JVM_FLAGS:-} \
  -cp erc-bench/target/benchmarks.jar dev.erc.bench.EpochTiming "$EPOCHS" 2>/dev/null)
PY=python3
$PY -c "import torch" 2>/dev/null || PY=/usr/bin/python3
TORCH_OUT=$($PY bench/model_torch.py "$EPOCHS")
echo "| stage (IEMOCAP preset, 100 training dialogues) | Java s/epoch | PyTorch s/epoch (2 threads) | PyTorch / Java |"
echo "|---|---:|---:|---:|"
for s in stage1 stage2; do
  j=$(echo "$JAVA_OUT" | awk -v s=$s '$1==s {print $2}')
  t=$(echo "$TORCH_OUT" | awk -v s=$s '$1==s {print $2}')
  echo "| $s | $j | $t | $(awk -v j=$j -v t=$t 'BEGIN {printf "%.2fx", t / j}') |"
done
