#!/usr/bin/env bash
# Side-by-side speed run: PyTorch (Debian's python3-torch + libopenblas0-pthread) and mbrl4j's kernels
# in one invocation on one machine, then one table with ratios.
#
#   benchmarks/scripts/compare-torch.sh [--quick] [--with-pets] [--out DIR]
#
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests
# --with-pets also times the PETS cart-pole workloads on both sides: PetsModelBench and CemActionBenchmark
# (ensemble training epoch, evaluation pass, forward passes, one CEM action) and the same computation in
# PyTorch (benchmarks/python/torch_pets.py), printed one after the other with the same labels.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py=/usr/bin/python3
quick=""
pets=0
out="$root/benchmarks/target/compare-torch"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --with-pets) pets=1 ;;
    --out) out="$2"; shift ;;
    *) echo "unknown argument: $1 (expected --quick, --with-pets, --out DIR)" >&2; exit 64 ;;
  esac
  shift
done

if ! "$py" -c "import torch" 2>/dev/null; then
  cat >&2 <<'MSG'
PyTorch is not importable by /usr/bin/python3. Install Debian's build and the threaded OpenBLAS it
should use (without libopenblas0-pthread torch falls back to the reference BLAS, ~5 GFLOP/s):

    apt-get update && apt-get install -y python3-torch libopenblas0-pthread

then run this script again.
MSG
  exit 2
fi
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  echo "missing $jar: build it with  mvn -B -q -pl benchmarks -am package -DskipTests" >&2
  exit 2
fi
mkdir -p "$out"

echo "== machine"
grep -m1 "model name" /proc/cpuinfo || true
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg), date: $(date -u '+%Y-%m-%d %H:%M UTC')"

echo "== PyTorch"
"$py" "$here/torch_kernels.py" $quick --json "$out/torch-kernels.json"
if [ "$pets" = 1 ]; then
  "$py" "$root/benchmarks/python/torch_pets.py" --threads 2 $quick --json "$out/torch-pets.json"
fi

echo "== mbrl4j (JMH)"
# The environment is left as it is: the ND4J column is ND4J's default behaviour (docs/performance.md).
java -Djmh.ignoreLock=true -cp "$jar" org.mbrl4j.benchmarks.kernels.KernelReport $quick \
  --json "$out/kernels.json"

if [ "$pets" = 1 ]; then
  # Quick runs time fewer repeats; the Java programs take the count as their argument.
  repeats=$([ -n "$quick" ] && echo 2 || echo 5)
  cp="$jar:$root/benchmarks/target/lib/*"
  java --add-modules jdk.incubator.vector -cp "$cp" org.mbrl4j.benchmarks.models.PetsModelBench "$repeats" \
    2>&1 | grep -v "INFO\|WARN"
  java --add-modules jdk.incubator.vector -cp "$cp" org.mbrl4j.benchmarks.planners.CemActionBenchmark \
    "$([ -n "$quick" ] && echo 1 || echo 3)" 2>&1 | grep -v "INFO\|WARN"
fi

echo
echo "== side by side"
"$py" "$here/compare_table.py" "$out/kernels.json" "$out/torch-kernels.json"
