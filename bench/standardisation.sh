#!/usr/bin/env bash
# Input standardisation on features with real acoustic scales (issue #10's acceptance check), a benchmark command:
# synthetic IEMOCAP (data seed 2024) written as an IEMOCAP_features.pkl-format file on the real file's scales
# (FeatureScaling.iemocapLike: audio IS10-like, std 0.003-3.7 with offsets of mean magnitude 4.3; text and visual
# std 0.1-0.5), plus a copy z-scored beforehand with the file's training statistics (tools/make_scaled_iemocap.py,
# needs python3 with numpy and torch). Then, with the command's defaults (the paper's learning rates, 30/40 epochs):
#   1. ./erc reproduce on the raw file            (standardisation on: the default)
#   2. ./erc reproduce on the z-scored file       (what a careful user got before, outside the library)
#   3. ./erc reproduce on the raw file, --no-standardize   (the features as given: the problem)
#   4. ./erc train + ./erc evaluate on the raw file: the saved model reproduces run 1's test score
# Prints a table; reports in bench/out/standardisation/. Takes about 25 minutes on 2 cores. SEEDS=N for more seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
erc_find_jdk
SEEDS=${SEEDS:-1}
OUT=bench/out/standardisation
mkdir -p "$OUT"
./mvnw -q -B -pl erc-bench,erc-cli -am package -DskipTests
PY=python3
$PY -c "import torch, numpy" 2>/dev/null || PY=/usr/bin/python3
"$JAVA" --add-modules=jdk.incubator.vector -cp erc-bench/target/benchmarks.jar dev.erc.bench.ExportDataset 2024 \
  "$OUT/synthetic-iemocap-2024-scaled.params" iemocap 2>/dev/null
$PY tools/make_scaled_iemocap.py "$OUT/synthetic-iemocap-2024-scaled.params" "$OUT/iemocap-scaled-raw.pkl" \
  "$OUT/iemocap-scaled-zscored.pkl"
run() {  # name, data file, extra options
  local name=$1 file=$2
  shift 2
  ./erc reproduce --quiet --dataset iemocap --data "$file" --seeds "$SEEDS" --out "$OUT/$name" "$@" \
    2> >(grep -v "^WARNING: Using incubator" >&2) | tail -n 1 >/dev/null
}
run default-on-raw "$OUT/iemocap-scaled-raw.pkl"
run default-on-zscored "$OUT/iemocap-scaled-zscored.pkl"
run no-standardize-on-raw "$OUT/iemocap-scaled-raw.pkl" --no-standardize
./erc train --quiet --dataset iemocap --data "$OUT/iemocap-scaled-raw.pkl" --model "$OUT/raw.erc" > "$OUT/train.json" \
  2> >(grep -v "^WARNING: Using incubator" >&2)
./erc evaluate --dataset iemocap --data "$OUT/iemocap-scaled-raw.pkl" --model "$OUT/raw.erc" > "$OUT/evaluate.json" \
  2> >(grep -v "^WARNING: Using incubator" >&2)
$PY - "$OUT" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
print("| run (synthetic IEMOCAP on the real file's scales, paper recipe) | test weighted F1 | per seed | stages kept |")
print("|---|---:|---|---|")
for name in ("default-on-raw", "default-on-zscored", "no-standardize-on-raw"):
    row = json.loads((out / name / "report.json").read_text())["rows"][0]
    s = row["summary"]["weightedF1"]
    per = ", ".join(f"{100 * v:.2f}" for v in s["perSeed"])
    print(f"| {name} | {100 * s['mean']:.2f} ± {100 * s['std']:.2f} | {per} | {row['runs'][0]['selected']} |")
ev = json.loads((out / "evaluate.json").read_text())
print(f"\n./erc evaluate of the model saved by ./erc train (seed 1) on the raw file: test weighted F1 "
      f"{100 * ev['weightedF1']:.2f}")
PY
