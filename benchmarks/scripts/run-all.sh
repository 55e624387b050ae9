#!/usr/bin/env bash
# Runs every JMH benchmark in benchmarks.jar (kernels, environments and any whole-workload benchmark
# other modules add) with short settings and prints JMH's table, also saved as JSON.
#
#   benchmarks/scripts/run-all.sh [JMH options or a benchmark regex]   e.g.  run-all.sh Gemm -f 1 -wi 3 -i 5
#
# Build first: mvn -B -q -pl benchmarks -am package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "missing $jar: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
out="$root/benchmarks/target/jmh-all.json"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), cores $(nproc), $(date -u '+%Y-%m-%d %H:%M UTC')"
java -Djmh.ignoreLock=true -jar "$jar" -f 1 -wi 3 -i 5 -w 1s -r 1s -rf json -rff "$out" "$@"
echo "JSON results: $out"
