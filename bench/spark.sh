#!/usr/bin/env bash
# Batch prediction throughput on Spark vs a single-JVM predict loop, same dialogues, same machine, one run:
# starts a Spark standalone cluster on loopback (a master and worker JVMs, from the Spark jars the build resolved),
# then runs dev.erc.bench.SparkThroughput: single JVM (1 and 2 threads), local[2], the cluster.
#   bench/spark.sh [DIALOGUES] [--text] [--no-1-thread] [--executors K]
#       DIALOGUES      default 100000
#       --text         adds the real MELD transcripts (needs ERC_DATA or ../shared/data)
#       --no-1-thread  leaves out the single-JVM 1-thread loop (context only; the baseline is the 2-thread loop)
#       --executors K  K workers sharing the machine's cores, one executor each (default 1: one executor with all
#                      cores, the shape Spark advises; 2 on 2 cores is the shape of the cluster test)
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
erc_find_jdk
N=${1:-100000}
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "bench/spark.sh: DIALOGUES must be a positive number, got $N" >&2; exit 2; }
OPTS=()
EXECUTORS=1
ARGS=("${@:2}")
for ((i = 0; i < ${#ARGS[@]}; i++)); do
  case "${ARGS[i]}" in
    --text) OPTS+=(--text "${ERC_DATA:-../shared/data}") ;;
    --no-1-thread) OPTS+=(--no-1-thread) ;;
    --executors) i=$((i + 1)); EXECUTORS=${ARGS[i]:-} ;;
    *) echo "bench/spark.sh: unknown option ${ARGS[i]}" >&2; exit 2 ;;
  esac
done
CORES=$(nproc)
[[ "$EXECUTORS" =~ ^[1-9][0-9]*$ ]] && (( CORES % EXECUTORS == 0 )) \
  || { echo "bench/spark.sh: --executors must divide the $CORES cores, got '$EXECUTORS'" >&2; exit 2; }
PER=$((CORES / EXECUTORS))
./mvnw -q -B -pl erc-bench -am package -DskipTests
WORK=$(mktemp -d /tmp/erc-spark-bench.XXXXXX)
HOME_DIR="$WORK/spark-home"
mkdir -p "$HOME_DIR/jars"
./mvnw -q -B -pl erc-spark dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$WORK/cp.txt"
tr ':' '\n' < "$WORK/cp.txt" | while read -r j; do ln -s "$j" "$HOME_DIR/jars/"; done
echo "Spark jars of the erc build" > "$HOME_DIR/RELEASE"
mapfile -t SPARK_FLAGS < bin/spark-jvm-options
JVM=("$JAVA" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED "${SPARK_FLAGS[@]}")
export SPARK_HOME="$HOME_DIR" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 JAVA_HOME=$(dirname "$(dirname "$JAVA")")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PIDS=()
trap 'for p in "${PIDS[@]}"; do pkill -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
"${JVM[@]}" -Xmx256m -cp "$HOME_DIR/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" \
  --webui-port 0 > "$WORK/master.log" 2>&1 & PIDS+=($!)
until grep -q "elected leader" "$WORK/master.log"; do sleep 0.5; done
for w in $(seq 1 "$EXECUTORS"); do
  "${JVM[@]}" -Xmx256m -cp "$HOME_DIR/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$PER" \
    --memory 4g --webui-port 0 --work-dir "$WORK/work$w" "spark://127.0.0.1:$PORT" > "$WORK/worker$w.log" 2>&1 &
  PIDS+=($!)
done
until [ "$(grep -c 'Registering worker' "$WORK/master.log")" -ge "$EXECUTORS" ]; do sleep 0.5; done
"${JVM[@]}" -Xmx6g -Dspark.log.level=WARN -Dspark.executor.memory=3g -Dbench.cluster="$EXECUTORS x $PER" \
  -Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider \
  -cp "erc-bench/target/benchmarks.jar:$HOME_DIR/jars/*" dev.erc.bench.SparkThroughput "$N" \
  "spark://127.0.0.1:$PORT" "${OPTS[@]}" 2> "$WORK/driver.log" || { tail -40 "$WORK/driver.log"; exit 1; }
