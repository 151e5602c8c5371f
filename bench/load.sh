#!/usr/bin/env bash
# Loads a full-size IEMOCAP_features.pkl (written once with numpy 1.x) in a 1 GB heap: JMH single-shot times.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
erc_find_jdk
mkdir -p bench/out
FILE=bench/out/IEMOCAP_features_fullsize.pkl
[ -f "$FILE" ] || "${NP1_PYTHON:-/usr/bin/python3}" tools/make_data_fixtures.py fullsize "$FILE"
ls -l "$FILE"
./mvnw -q -B -pl erc-bench -am package -DskipTests
"$JAVA" --add-modules=jdk.incubator.vector -jar erc-bench/target/benchmarks.jar PickleLoadBenchmark \
  -p file="$FILE" -rf json -rff bench/out/load-jmh.json "$@"
echo "== Python baseline: pickle.load(encoding='latin1') of the same file, best of 3"
"${NP1_PYTHON:-/usr/bin/python3}" -c "
import pickle, time, sys
best = min((lambda t0: (pickle.load(open(sys.argv[1], 'rb'), encoding='latin1'), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(3))
print(f'python pickle.load: {best * 1000:.0f} ms')" "$FILE"
