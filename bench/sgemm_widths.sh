#!/usr/bin/env bash
# SGEMM at every vector width this x86 machine can run, each beside OpenBLAS restricted to the same instruction set
# (numpy, OPENBLAS_CORETYPE), in one run: 512 bits (AVX-512, if present), AVX2 (-XX:UseAVX=2; OpenBLAS Haswell
# kernels) and 128 bits (-Derc.vector.bits=128, the NEON width; no OpenBLAS equivalent, reported beside AVX2's).
# Usage: bench/sgemm_widths.sh [JMH -p shape=... options]   (default: 1024³ and the model's 800x1582x200)
set -euo pipefail
cd "$(dirname "$0")/.."
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(-p shape=1024x1024x1024,800x1582x200)
run() {
  local label=$1 coretype=$2
  shift 2
  echo "=== $label"
  OPENBLAS_CORETYPE_BASELINE=$coretype bench/sgemm.sh "${shapes[@]}" "$@" 2>&1 | sed -n '/^CPU:/,$p'
}
if grep -q avx512f /proc/cpuinfo; then
  run "512 bits (AVX-512) vs OpenBLAS SkylakeX" SkylakeX
fi
run "AVX2 (-XX:UseAVX=2) vs OpenBLAS Haswell" Haswell -jvmArgsAppend -XX:UseAVX=2
run "128 bits (-Derc.vector.bits=128) vs OpenBLAS Haswell" Haswell -jvmArgsAppend -Derc.vector.bits=128
