#!/usr/bin/env bash
# The GPU check of erc-compute's CUDA path, packed to run on a machine that has a GPU but no Java.
#
#   tools/gpu-check.sh --dry-run   build, pack, and run the pack here on the CPU (what CI runs): every GPU test must
#                                  be skipped with the probe's reason, none may fail, the benchmark must say why not
#   tools/gpu-check.sh --pack      build and pack only
#
# The pack, target/gpu-check (< 64 MiB, the device tool's limit), holds a jlink-ed JDK 25 runtime with only the
# modules we need, our jars, the GPU-tagged test classes, the JUnit console launcher and tools/gpu_torch_bench.py.
# On the GPU machine (CUDA 13 + PyTorch; its libraries are found by the probe in PyTorch's site-packages):
#
#   device run, carry ["target/gpu-check"], command: bash target/gpu-check/run.sh      (one call, < 8 minutes)
#
# run.sh writes gpu-check.log (and JUnit's XML) to $OUT: the probe, the GPU tests (every device op against the scalar
# oracle, cuDNN LSTM/GRU against our layers), and cuBLAS SGEMM 4096^3 and cuDNN BiLSTM/BiGRU forward+backward timed
# beside PyTorch's torch.matmul / nn.LSTM / nn.GRU on the same GPU, with the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
case "$mode" in
  --dry-run|--pack) ;;
  *) echo "usage: tools/gpu-check.sh --dry-run | --pack" >&2; exit 2 ;;
esac
. bin/find-jdk.sh
erc_find_jdk
JUNIT_CONSOLE=org.junit.platform:junit-platform-console-standalone:1.11.4

./mvnw -B -ntp -q install -DskipTests -pl erc-api,erc-compute,erc-model,erc-bench -am
./mvnw -B -ntp -q test-compile -pl erc-compute,erc-model

pack=target/gpu-check
rm -rf "$pack"
mkdir -p "$pack/lib" "$pack/tests"
"$JAVA_HOME_25/bin/jlink" --add-modules java.base,java.logging,java.xml,java.management,jdk.management,jdk.unsupported,jdk.incubator.vector \
    --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$pack/jre"
for m in erc-api erc-compute erc-model erc-bench; do
  cp "$m/target/$m-0.1.0-SNAPSHOT.jar" "$pack/lib/"
done
./mvnw -B -ntp -q dependency:copy -Dartifact=$JUNIT_CONSOLE -DoutputDirectory="$pack" -Dmdep.stripVersion=true
cp -r erc-compute/target/test-classes "$pack/tests/compute"
cp -r erc-model/target/test-classes "$pack/tests/model"
# The GPU tests draw their inputs; the parity fixtures (several MiB) stay behind.
rm -rf "$pack/tests/compute/fixtures" "$pack/tests/model/fixtures"
cp tools/gpu_torch_bench.py tools/gpu-check-run.sh "$pack/"
mv "$pack/gpu-check-run.sh" "$pack/run.sh"
# The device tool sends the working tree (tracked and untracked-not-ignored files) with the pack: 64 MiB in all.
pack_bytes=$(du -sb "$pack" | cut -f1)
tree_bytes=$( (git ls-files -z; git ls-files -z --others --exclude-standard) | xargs -0 -r du -cb 2>/dev/null \
  | awk '$2 == "total" {s += $1} END {print s + 0}')
echo "packed $pack: $((pack_bytes / 1048576)) MiB, with the working tree $(( (pack_bytes + tree_bytes) / 1048576 )) MiB"
if [ $((pack_bytes + tree_bytes)) -gt $((63 * 1048576 + 524288)) ]; then
  echo "error: the pack and the working tree come to $(( (pack_bytes + tree_bytes) / 1048576 )) MiB; the device tool" \
       "carries at most 64 MiB" >&2
  exit 1
fi
if [ "$mode" = --dry-run ]; then
  OUT=$pack/out bash "$pack/run.sh" --dry-run
fi
