#!/usr/bin/env bash
# The encoding benchmark of real conversations: every utterance of IEMOCAP (7,433) and MELD (13,708) encoded by each
# bundled encoder into an empty feature cache, then again from the cache. Wall time of the whole command (JVM start,
# model load, reading the pickle included) and the encoding time the report gives. Needs the shared data.
# Usage: bench/encode.sh [DATA_DIR]   (default ../shared/data/conv-emotion)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/conv-emotion}
CACHE=$(mktemp -d)
trap 'rm -rf "$CACHE"' EXIT
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
echo "| dataset | encoder | run | command wall s | encoding s | encoded | from cache | truncated |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
for dataset in iemocap meld; do
  for encoder in minilm bge-small; do
    for run in cold warm; do
      start=$(date +%s.%N)
      json=$(./erc encode --dataset "$dataset" --transcripts "$DATA/$dataset.pkl" --encoder "$encoder" \
        --cache "$CACHE" 2>/dev/null)
      end=$(date +%s.%N)
      echo "$json" | python3 -c "import json,sys; r=json.load(sys.stdin); print('| $dataset | $encoder | $run | %.1f | %.1f | %d | %d | %d |' % ($end-$start, r['seconds'], r['encoded'], r['fromCache'], r['truncated']))"
    done
  done
done
