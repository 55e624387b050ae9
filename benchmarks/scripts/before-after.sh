#!/usr/bin/env bash
# Whole-workload speed of two builds in one run (for "before and after" claims), next to PyTorch:
#
#   benchmarks/scripts/before-after.sh BEFORE_CHECKOUT [AFTER_CHECKOUT] [--out DIR]
#
# Each checkout must have been built with  mvn -B -q -pl benchmarks -am package -DskipTests
# (e.g. `git worktree add BEFORE_CHECKOUT <commit>` and build there). AFTER defaults to this checkout.
# Runs, for each build: the element-wise and MLP kernel benchmarks (JMH), PetsModelBench (ensemble training
# epoch, evaluation pass, forwards), CemActionBenchmark (one CEM action of the PETS cart-pole preset) and,
# where the build has it, GradientActionBenchmark (one gradient-MPC action at the reduced budget);
# then the same workloads in PyTorch (benchmarks/python/torch_pets.py) when /usr/bin/python3 can import
# torch. Two threads, OMP_WAIT_POLICY=PASSIVE. Stop other work first: on a 2-core machine the same jar varies by about 30% between runs even when it is quiet.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
before="${1:?usage: before-after.sh BEFORE_CHECKOUT [AFTER_CHECKOUT] [--out DIR]}"; shift
after="$root"
if [ $# -gt 0 ] && [ "$1" != --out ]; then after="$1"; shift; fi
out="$root/benchmarks/target/before-after"
if [ "${1:-}" = --out ]; then out="$2"; fi
mkdir -p "$out"
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2 MBRL4J_THREADS=2
for build in "$before" "$after"; do
  jar="$build/benchmarks/target/benchmarks.jar"
  [ -f "$jar" ] || { echo "missing $jar: build it with mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
done
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
for name in before after; do
  build=$([ $name = before ] && echo "$before" || echo "$after")
  cp="$build/benchmarks/target/benchmarks.jar:$build/benchmarks/target/lib/*"
  echo "== $name ($(git -C "$build" rev-parse --short HEAD 2>/dev/null || echo "$build"))"
  java -Djmh.ignoreLock=true -cp "$build/benchmarks/target/benchmarks.jar" org.mbrl4j.benchmarks.kernels.KernelReport \
    --only ActivationBenchmark,MlpKernelBenchmark --json "$out/$name-kernels.json" | grep -v "^#\|Iteration\|^$" | tail -8
  java --add-modules jdk.incubator.vector -cp "$cp" org.mbrl4j.benchmarks.models.PetsModelBench 5 2>&1 | grep -v "INFO\|WARN"
  java --add-modules jdk.incubator.vector -cp "$cp" org.mbrl4j.benchmarks.planners.CemActionBenchmark 3 2>&1 | grep -v "INFO\|WARN"
  if jar tf "$build/benchmarks/target/benchmarks.jar" | grep -q GradientActionBenchmark; then
    java --add-modules jdk.incubator.vector -cp "$cp" org.mbrl4j.benchmarks.planners.GradientActionBenchmark 5 2>&1 | grep -v "INFO\|WARN"
  fi
done
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "== PyTorch"
  /usr/bin/python3 "$root/benchmarks/python/torch_pets.py" --threads 2 --json "$out/torch-pets.json"
else
  echo "PyTorch not importable by /usr/bin/python3: apt-get update && apt-get install -y python3-torch libopenblas0-pthread" >&2
fi
