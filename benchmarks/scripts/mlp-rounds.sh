#!/usr/bin/env bash
# The MLP target of the performance issue in alternating rounds: PyTorch's 10-200x4-8 SiLU MLP
# (torch_kernels.py --mlp-only: forward at batch 2500 under no_grad, Adam step at batch 256), then mbrl4j's
# (KernelReport --only MlpKernelBenchmark, JMH's full 3 + 5 iterations of 1 s: with --quick's 0.5 s the Adam
# step is still being compiled), N times, with each round's ratios. On this 2-core virtual
# machine the speed drifts by 20-40 % over minutes, so a single PyTorch half and a single mbrl4j half ten
# minutes apart (compare-torch.sh) can disagree; alternating rounds set each pair a minute apart.
#
#   benchmarks/scripts/mlp-rounds.sh [ROUNDS] [--out DIR]      (default 5 rounds, about 1.7 min each)
#
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests. Needs /usr/bin/python3 with python3-torch
# and libopenblas0-pthread (compare-torch.sh says how to install them).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-5}"
out="$root/benchmarks/target/mlp-rounds"
if [ "${2:-}" = --out ]; then out="$3"; fi
case "$rounds" in ''|*[!0-9]*) echo "ROUNDS must be a positive integer: $rounds" >&2; exit 64 ;; esac
py=/usr/bin/python3
"$py" -c "import torch" 2>/dev/null || { echo "PyTorch is not importable by $py: see compare-torch.sh" >&2; exit 2; }
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "missing $jar: build it with  mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
mkdir -p "$out"
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2 MBRL4J_THREADS=2
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
for r in $(seq 1 "$rounds"); do
  "$py" "$here/torch_kernels.py" --mlp-only --json "$out/torch-$r.json" > /dev/null
  java -Djmh.ignoreLock=true -cp "$jar" org.mbrl4j.benchmarks.kernels.KernelReport \
    --only MlpKernelBenchmark --json "$out/mbrl4j-$r.json" > "$out/jmh-$r.log" 2>&1
done
"$py" - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
cases = (("layersForwardB2500", "forward_b2500", "forward b2500 (infer)"),
         ("layersForwardKeepB2500", "forward_b2500", "forward b2500 (kept)"),
         ("layersAdamStepB256", "adam_step_b256", "Adam step b256"))
print(f"{'round':>5s}  " + "  ".join(f"{label:>34s}" for _, _, label in cases))
ratios = {c[0]: [] for c in cases}
for r in range(1, rounds + 1):
    ours = next(iter(json.load(open(f"{out}/mbrl4j-{r}.json"))["MlpKernelBenchmark"].values()))
    torch = json.load(open(f"{out}/torch-{r}.json"))["mlp"]
    cells = []
    for key, tkey, _ in cases:
        o, t = ours[key] / 1e3, torch[tkey] / 1e3
        ratios[key].append(t / o)
        cells.append(f"ours {o:6.2f} torch {t:6.2f} ms x{t / o:5.2f}")
    print(f"{r:5d}  " + "  ".join(f"{c:>34s}" for c in cells))
print("median torch/ours: " + ", ".join(f"{label} {statistics.median(ratios[k]):.2f}" for k, _, label in cases))
PY
