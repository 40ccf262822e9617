#!/bin/bash
# bench/batch.sh: instructions per point of gradients over many points (callgrind, one run):
# Ceres Jet, Eigen AutoDiffScalar and one-point tinydual in a loop, and tinydual::batch. Builds bench/batch/throughput.cpp
# with the given flags (default: -O2 -march=native -mno-avx512f, as valgrind cannot run AVX-512).
#   bash bench/batch.sh                       # the native build
#   BATCH_FLAGS="-O2" bash bench/batch.sh     # the default (SSE2) build
#   BATCH_FLAGS="-O2 -march=native -mno-avx512f -DBATCH_WIDTH=8" bash bench/batch.sh   # batch::width<8>
#   bash bench/batch.sh --aarch64             # instructions per point on aarch64 under QEMU (float
#                                             # gradients; BATCH_TYPE=double, BATCH_SIZES="2 4")
#   bash bench/batch.sh --time                # Google Benchmark timings instead (default flags
#                                             # -O2 -march=native: AVX-512 where the machine has it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
include=${BATCH_INCLUDE:-$here/../include}

# The table of $work/per_point ("workload/type/N/impl value-per-point" lines) under the title $1,
# values with $2 decimals: Jet, AutoDiffScalar, one-point tinydual and batch, and their ratios.
table() {
  python3 - "$work/per_point" "$1" "$2" <<'PY'
import sys
path, title, digits = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = {}
for line in open(path):
    name, value = line.split()
    w, ty, N, impl = name.split("/")
    rows.setdefault((w, ty, int(N)), {})[impl] = float(value)
print(title)
print("| workload | type | N | Jet | Eigen ADS | tinydual | batch | batch / best one-point | best one-point / batch |")
print("|---|---|---|---|---|---|---|---|---|")
for (w, ty, N) in sorted(rows):
    r = rows[(w, ty, N)]
    best = min(r["jet"], r["eigen"], r["tinydual"])
    cells = " | ".join(f"{r[k]:.{digits}f}" for k in ("jet", "eigen", "tinydual", "batch"))
    print(f"| {w} | {ty} | {N} | {cells} | {r['batch'] / best:.2f} | {best / r['batch']:.2f}x |")
PY
}

if [ "${1:-}" = --time ]; then
  flags=${BATCH_FLAGS:--O2 -march=native}
  g++ -std=c++17 -DNDEBUG -DBATCH_TIMING $flags -I"$include" -isystem /usr/include/eigen3 \
    "$here/batch/throughput.cpp" -o "$work/throughput" -lbenchmark -lpthread
  reps=${BATCH_REPETITIONS:-3}
  "$work/throughput" --benchmark_out="$work/out.json" --benchmark_out_format=json --benchmark_min_time=${BATCH_MIN_TIME:-0.05} \
    --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true > /dev/null
  python3 - "$work/out.json" > "$work/per_point" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
medians = [b for b in runs if b.get("aggregate_name") == "median"]
for b in medians or runs:  # (one repetition: no aggregates, the runs themselves)
    print(b["run_name"], 1e9 / b["items_per_second"])
PY
  table "ns per point, $flags (256 points per kernel, median of $reps repetitions)" 1
elif [ "${1:-}" = --aarch64 ]; then
  # Dynamic instruction counts under qemu-aarch64: one instruction per translation block
  # (-singlestep) and a log line per block executed; a kernel's count is the difference between
  # running it twice and once (the program's start and the workload's setup cancel).
  flags=${BATCH_FLAGS:--O2}
  mkdir -p "$work/jet/ceres/internal"
  for h in jet.h jet_fwd.h internal/jet_traits.h internal/port.h internal/config.h internal/export.h \
           internal/integer_sequence_algorithm.h; do
    cp "/usr/include/ceres/$h" "$work/jet/ceres/$h"
  done
  aarch64-linux-gnu-g++ -std=c++17 -DNDEBUG -DBATCH_COUNT $flags -static -Wno-psabi -I"$include" \
    -I"$work/jet" -isystem /usr/include/eigen3 "$here/batch/throughput.cpp" -o "$work/throughput"
  count() {
    qemu-aarch64 -singlestep -d exec,nochain -D /dev/stderr "$work/throughput" "$1" "$2" 2>&1 >/dev/null | grep -c '^Trace'
  }
  : > "$work/per_point"
  for w in neuron_loss_gradient rosenbrock_gradient tanh_layer_gradient; do
    for n in ${BATCH_SIZES:-2 4 6 8 16}; do
      for impl in jet eigen tinydual batch; do
        k="$w/${BATCH_TYPE:-float}/$n/$impl"
        one=$(count "$k" 1) two=$(count "$k" 2)
        echo "$k $(python3 -c "print(($two - $one) / 256)")" >> "$work/per_point"
      done
    done
  done
  table "instructions per point, aarch64 (NEON) $flags, qemu-aarch64 (256 points per kernel)" 0
else
  flags=${BATCH_FLAGS:--O2 -march=native -mno-avx512f}
  g++ -std=c++17 -DNDEBUG $flags -I"$include" -isystem /usr/include/eigen3 "$here/batch/throughput.cpp" -o "$work/throughput"
  (cd "$work" && valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" ./throughput > "$work/stdout" 2> "$work/stderr") ||
      { cat "$work/stderr"; exit 1; }
  cat "$work/stdout"
  python3 - "$work" > "$work/per_point" <<'PY'
import glob, re, sys
for f in glob.glob(sys.argv[1] + "/cg.out*"):
    text = open(f).read()
    m = re.search(r"^desc: Trigger: Client Request: (\S+/\S+/\S+/\S+)$", text, re.M)
    t = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
    if m and t:
        print(m.group(1), int(t.group(1)) / 256.0)
PY
  table "instructions per point, $flags (256 points per kernel)" 0
fi
