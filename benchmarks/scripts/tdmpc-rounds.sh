#!/usr/bin/env bash
# TD-MPC2's speed targets against PyTorch in alternating rounds (PyTorch, then mbrl4j, for each case), the same
# model and planner on both sides (Pendulum-v1's sizes, horizon 3):
#   update  one training update (TdmpcStepRun --case update against torch_tdmpc.py --case update)
#   act     one planning step in training mode (--case act)
#
#   benchmarks/scripts/tdmpc-rounds.sh [ROUNDS] [SIZE]     (default 2 rounds of the tiny model; SIZE tiny, small or 1m)
#
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests. Needs /usr/bin/python3 with python3-torch and
# libopenblas0-pthread (apt-get install -y python3-torch libopenblas0-pthread).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-2}"
size="${2:-tiny}"
case "$rounds" in ''|*[!0-9]*) echo "ROUNDS must be a positive integer: $rounds" >&2; exit 64 ;; esac
case "$size" in tiny|small|1m) ;; *) echo "SIZE must be tiny, small or 1m: $size" >&2; exit 64 ;; esac
py=/usr/bin/python3
"$py" -c "import torch" 2>/dev/null || { echo "PyTorch is not importable by $py" >&2; exit 2; }
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "missing $jar: build it with  mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2 MBRL4J_THREADS=2
calls=20
[ "$size" = 1m ] && calls=5
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
for r in $(seq 1 "$rounds"); do
  for c in update act; do
    "$py" "$here/../python/torch_tdmpc.py" --case "$c" --size "$size" --threads 2 --rounds 5 --calls "$calls" \
      | sed "s/^/round $r torch  /"
    java -Xmx2g --add-modules jdk.incubator.vector -cp "$jar" org.mbrl4j.benchmarks.algorithms.TdmpcStepRun \
      --case "$c" --size "$size" --rounds 5 --calls "$calls" 2>/dev/null | grep median | sed "s/^/round $r mbrl4j /"
  done
done
