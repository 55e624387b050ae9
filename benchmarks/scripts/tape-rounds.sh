#!/usr/bin/env bash
# The tape's speed targets against PyTorch in alternating rounds (PyTorch, then mbrl4j, for each case), so that
# each pair is measured a minute apart on the same machine:
#   mlp   MLP 10-200x4-8 SiLU Adam step at batch 256 (10 s of warm-up: the tape's code takes that long to
#         settle in C2): the tape (MlpKernelBenchmark.tapeAdamStepB256), the
#         hand-written layers (layersAdamStepB256) and PyTorch (torch_tape_bench.py --case mlp)
#   overhead  the tape against the hand-written layers on that MLP step in one JVM, alternating blocks of 500
#         steps (TapeOverheadRun): the median ratio and its quartiles
#   rssm  the DreamerV3-style RSSM training step, batch 16 x 64 (RssmStepRun against --case rssm)
#   conv  conv encoder + decoder forward and backward on 1024 frames of 64x64x3 (ConvAutoencoderRun against
#         --case conv), both in chunks of 256 frames
#
#   benchmarks/scripts/tape-rounds.sh [ROUNDS] [CASES...]     (default 3 rounds of mlp rssm conv)
#
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests. Needs /usr/bin/python3 with python3-torch and
# libopenblas0-pthread (apt-get install -y python3-torch libopenblas0-pthread).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
shift || true
cases="${*:-mlp rssm conv}"
case "$rounds" in ''|*[!0-9]*) echo "ROUNDS must be a positive integer: $rounds" >&2; exit 64 ;; esac
py=/usr/bin/python3
"$py" -c "import torch" 2>/dev/null || { echo "PyTorch is not importable by $py" >&2; exit 2; }
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "missing $jar: build it with  mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
export OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2 MBRL4J_THREADS=2
java=(java -Xmx6g -Djmh.ignoreLock=true --add-modules jdk.incubator.vector -cp "$jar")
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
for r in $(seq 1 "$rounds"); do
  for c in $cases; do
    case "$c" in
      mlp)
        "$py" "$here/../python/torch_tape_bench.py" --case mlp --rounds 3 | grep -i "median" | sed "s/^/round $r torch  /"
        "${java[@]}" org.openjdk.jmh.Main 'MlpKernelBenchmark.(layers|tape)AdamStepB256' -wi 5 -i 5 -w 2 -r 2 -f 1 2>/dev/null \
          | grep -E "^MlpKernelBenchmark" | sed "s/^/round $r mbrl4j /" ;;
      overhead)
        "${java[@]}" org.mbrl4j.benchmarks.tape.TapeOverheadRun 2>/dev/null | grep median | sed "s/^/round $r mbrl4j /" ;;
      rssm)
        "$py" "$here/../python/torch_tape_bench.py" --case rssm --rounds 5 | grep -i "median" | sed "s/^/round $r torch  /"
        "${java[@]}" org.mbrl4j.benchmarks.tape.RssmStepRun --rounds 5 2>/dev/null | grep median | sed "s/^/round $r mbrl4j /" ;;
      conv)
        "$py" "$here/../python/torch_tape_bench.py" --case conv --rounds 2 --chunk 256 | grep -i "median" | sed "s/^/round $r torch  /"
        "${java[@]}" org.mbrl4j.benchmarks.tape.ConvAutoencoderRun --chunk 256 --rounds 2 2>/dev/null | grep median | sed "s/^/round $r mbrl4j /" ;;
      *) echo "unknown case $c (mlp, overhead, rssm, conv)" >&2; exit 64 ;;
    esac
  done
done
