#!/usr/bin/env bash
# MuZero's search throughput against a Python search over PyTorch networks in alternating rounds (PyTorch, then
# mbrl4j): pUCT MCTS with 50 simulations per move from random observations, MuzeroConfig.cartPole()'s networks on
# CartPole-v1's sizes, batch 1 per expansion, the same thread count on both sides (MctsSearchRun against
# benchmarks/python/torch_mcts.py). Each line gives the median simulations per second of 5 rounds.
#
#   benchmarks/scripts/mcts-rounds.sh [ROUNDS] [THREADS]     (default 3 rounds on 1 thread)
#
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests. Needs /usr/bin/python3 with python3-torch
# (apt-get install -y python3-torch).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
threads="${2:-1}"
case "$rounds" in ''|*[!0-9]*) echo "ROUNDS must be a positive integer: $rounds" >&2; exit 64 ;; esac
case "$threads" in ''|*[!0-9]*|0) echo "THREADS must be a positive integer: $threads" >&2; exit 64 ;; esac
py=/usr/bin/python3
"$py" -c "import torch" 2>/dev/null || { echo "PyTorch is not importable by $py" >&2; exit 2; }
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "missing $jar: build it with  mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), $threads thread(s) each"
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS="$threads" MBRL4J_THREADS="$threads"
for r in $(seq 1 "$rounds"); do
  "$py" "$here/../python/torch_mcts.py" --threads "$threads" --rounds 5 --moves 100 --warmup-s 5 \
    | sed "s/^/round $r torch  /"
  java -Xmx1g -cp "$jar" org.mbrl4j.benchmarks.planners.MctsSearchRun --rounds 5 --moves 2000 --warmup-s 10 \
    2>/dev/null | grep median | sed "s/^/round $r mbrl4j /"
  echo "round $r load $(cut -d' ' -f1-3 /proc/loadavg)"
done
