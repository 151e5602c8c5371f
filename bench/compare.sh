#!/usr/bin/env bash
# Kernel speed of this checkout against another commit, measured in one command: builds the benchmarks of REV in a
# temporary git worktree and of the working tree, then alternates them ROUNDS times (default 2): the BiLSTM/BiGRU
# forward+backward JMH benchmark and the epoch timing of bench/model.sh. Run on an otherwise idle machine.
# JVM_FLAGS picks the vector path, e.g. JVM_FLAGS=-XX:UseAVX=2 (AVX2 on an AVX-512 machine) or
# JVM_FLAGS=-Derc.vector.bits=128 (the NEON width).
# Usage: [JVM_FLAGS=...] bench/compare.sh REV
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
erc_find_jdk
REV=${1:?usage: bench/compare.sh REV}
ROUNDS=${ROUNDS:-2}
OUT=bench/out/compare
mkdir -p "$OUT"
WT=$(mktemp -d)
trap 'git worktree remove --force "$WT" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$WT" "$REV"
(cd "$WT" && ./mvnw -q -B -pl erc-bench -am package -DskipTests && cp erc-bench/target/benchmarks.jar "$OLDPWD/$OUT/before.jar")
./mvnw -q -B -pl erc-bench -am package -DskipTests
cp erc-bench/target/benchmarks.jar "$OUT/after.jar"
for round in $(seq "$ROUNDS"); do
  for v in before after; do
    echo "== $v ($([ $v = before ] && echo "$REV" || echo "working tree")), round $round, JVM flags: ${JVM_FLAGS:-none}"
    "$JAVA" --add-modules=jdk.incubator.vector -jar "$OUT/$v.jar" RecurrentBenchmark -wi 3 -i 4 -w 2 -r 2 \
      ${JVM_FLAGS:+-jvmArgsAppend "$JVM_FLAGS"} 2>/dev/null | grep -E "^RecurrentBenchmark"
    # shellcheck disable=SC2086
    "$JAVA" --add-modules=jdk.incubator.vector ${JVM_FLAGS:-} -cp "$OUT/$v.jar" dev.erc.bench.EpochTiming 3 2>/dev/null
  done
done
