#!/usr/bin/env bash
# Dreamer's speed target against PyTorch in alternating rounds (PyTorch, then mbrl4j, for each case): one training
# update (world model, imagination, actor, critic, slow critic) of DreamerConfig.small() on one fixed batch of
# 16 x 64, the same model on both sides (DreamerStepRun against torch_dreamer.py; each line states the number of
# trainable parameters, which must be equal):
#   vector  Pendulum-v1's sizes (observation 3, action 1), MLP encoder and decoder
#   conv    [3, S, S] images (S = IMAGE_SIZE, default 32) and action 1, conv encoder and decoder
#
#   benchmarks/scripts/dreamer-rounds.sh [ROUNDS] [CASE]     (default 2 rounds of both cases; CASE vector, conv or both)
#   THREADS=1 benchmarks/scripts/dreamer-rounds.sh ...        (threads of each side, default 2)
#
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests. Needs /usr/bin/python3 with python3-torch and
# libopenblas0-pthread (apt-get install -y python3-torch libopenblas0-pthread).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-2}"
which="${2:-both}"
size="${IMAGE_SIZE:-32}"
threads="${THREADS:-2}"
case "$threads" in ''|*[!0-9]*|0) echo "THREADS must be a positive integer: $threads" >&2; exit 64 ;; esac
case "$rounds" in ''|*[!0-9]*) echo "ROUNDS must be a positive integer: $rounds" >&2; exit 64 ;; esac
case "$which" in vector|conv) cases="$which" ;; both) cases="vector conv" ;;
  *) echo "CASE must be vector, conv or both: $which" >&2; exit 64 ;; esac
case "$size" in 8|16|32|64|128) ;; *) echo "IMAGE_SIZE must be 8, 16, 32, 64 or 128: $size" >&2; exit 64 ;; esac
py=/usr/bin/python3
"$py" -c "import torch" 2>/dev/null || { echo "PyTorch is not importable by $py" >&2; exit 2; }
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "missing $jar: build it with  mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
# GNU nproc reports OMP_NUM_THREADS, when set, instead of the cores it may use
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS="$threads" MBRL4J_THREADS="$threads"
for r in $(seq 1 "$rounds"); do
  for c in $cases; do
    "$py" "$here/../python/torch_dreamer.py" --case "$c" --image-size "$size" --threads "$threads" --rounds 5 --calls 3 \
      --warmup 3 | sed "s/^/round $r torch  /"
    java -Xmx3g --add-modules jdk.incubator.vector -cp "$jar" org.mbrl4j.benchmarks.algorithms.DreamerStepRun \
      --case "$c" --image-size "$size" --rounds 5 --calls 3 --warmup-s 20 2>/dev/null | grep median \
      | sed "s/^/round $r mbrl4j /"
  done
done
