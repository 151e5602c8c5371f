#!/usr/bin/env bash
# Runs inside the pack made by tools/gpu-check.sh (as target/gpu-check/run.sh), on the GPU machine or, with
# --dry-run, on a machine without a GPU. Everything goes to stdout and to $OUT/gpu-check.log.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dry=${1:-}
out=${OUT:-$here/out}
mkdir -p "$out"
exec > >(tee "$out/gpu-check.log") 2>&1
java=("$here/jre/bin/java" --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -Xmx8g)
cp="$here/lib/*"
failed=0

echo "== machine"
date -u; uname -m; nvidia-smi -L 2>/dev/null || echo "nvidia-smi: not here"
"$here/jre/bin/java" -version 2>&1 | head -1

echo "== probe, unassisted (system folders, LD_LIBRARY_PATH, Python site-packages)"
if ! "${java[@]}" -cp "$cp" dev.erc.bench.GpuCheck --probe; then
  if [ "$dry" = --dry-run ]; then
    echo "dry run: no GPU here, as expected"
  else
    # Record that the probe missed, then point it at PyTorch's libraries so the rest of the check still runs.
    site=$(python3 -c 'import site, sys; print(":".join(site.getsitepackages() + [site.getusersitepackages()]))' 2>/dev/null)
    dirs=$(for s in ${site//:/ }; do ls -d "$s"/nvidia/*/lib 2>/dev/null; done | tr '\n' ':')
    echo "probe missed; retrying with ERC_CUDA_LIB_PATH=$dirs (site-packages: $site)"
    export ERC_CUDA_LIB_PATH=$dirs
    "${java[@]}" -cp "$cp" dev.erc.bench.GpuCheck --probe || failed=1
  fi
fi

echo "== GPU tests (tag gpu): device ops vs the scalar oracle, cuDNN vs our layers"
"${java[@]}" -jar "$here/junit-platform-console-standalone.jar" execute --disable-banner --disable-ansi-colors --details=tree \
    --class-path "$here/tests/compute:$here/tests/model:$here/lib/erc-api-0.1.0-SNAPSHOT.jar:$here/lib/erc-compute-0.1.0-SNAPSHOT.jar:$here/lib/erc-model-0.1.0-SNAPSHOT.jar" \
    --scan-class-path "$here/tests/compute:$here/tests/model" --include-tag gpu --reports-dir "$out/junit" \
    > "$out/junit.txt" 2>&1
rc=$?
cat "$out/junit.txt"
if [ $rc -ne 0 ]; then
  echo "GPU tests: FAILED (exit $rc)"; failed=1
elif [ "$dry" = --dry-run ]; then
  # Without a GPU every GPU test must have been skipped, with the probe's reason, and none run.
  if ! grep -q "GPU test skipped: " "$out/junit.txt" || ! grep -Eq "\[ +0 tests successful +\]" "$out/junit.txt"; then
    echo "dry run: GPU tests were not all skipped with a reason"; failed=1
  fi
fi

echo "== Java on the GPU: cuBLAS SGEMM, cuDNN BiLSTM/BiGRU forward+backward"
"${java[@]}" -cp "$cp" dev.erc.bench.GpuCheck ${dry:+--allow-missing} | tee "$out/java.txt" || failed=1

echo "== PyTorch on the same GPU"
if python3 -c 'import torch' 2>/dev/null; then
  python3 "$here/gpu_torch_bench.py" | tee "$out/torch.txt" || failed=1
else
  echo "python3 with torch: not here"
fi

echo "== ratios (PyTorch ms / Java ms: above 1 means Java is faster)"
if [ -s "$out/java.txt" ] && [ -s "$out/torch.txt" ]; then
  awk '$1 == "RESULT" { if (FILENAME ~ /java/) j[$2] = $3; else t[$2] = $3 }
       END { for (k in j) if (k in t) printf "%-20s java %9.3f ms  torch %9.3f ms  torch/java %.3f\n", k, j[k], t[k], t[k] / j[k] }' \
      "$out/java.txt" "$out/torch.txt" | sort
fi
echo "== done: $([ $failed = 0 ] && echo OK || echo FAILED)"
exit $failed
