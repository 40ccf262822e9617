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
if [ "${1:-}" = --time ]; then
  flags=${BATCH_FLAGS:--O2 -march=native}
  g++ -std=c++17 -DNDEBUG -DBATCH_TIMING $flags -I"${BATCH_INCLUDE:-$here/../include}" -isystem /usr/include/eigen3 \
    "$here/batch/throughput.cpp" -o "$work/throughput" -lbenchmark -lpthread
  "$work/throughput" --benchmark_out="$work/out.json" --benchmark_out_format=json --benchmark_min_time=${BATCH_MIN_TIME:-0.05} \
    --benchmark_repetitions=${BATCH_REPETITIONS:-3} --benchmark_report_aggregates_only=true > /dev/null
  python3 - "$work/out.json" "$flags" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
rows = {}
for b in data["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    w, ty, N, impl = b["run_name"].split("/")
    rows.setdefault((w, ty, int(N)), {})[impl] = 1e9 / b["items_per_second"]
print(f"ns per point, {sys.argv[2]} (256 points per kernel, median of {data['benchmarks'][0].get('repetitions', 3)} repetitions)")
print("| workload | type | N | Jet | Eigen ADS | tinydual | batch | batch / best one-point | best one-point / batch |")
print("|---|---|---|---|---|---|---|---|---|")
for (w, ty, N) in sorted(rows, key=lambda r: (r[0], r[1], r[2])):
    r = rows[(w, ty, N)]
    best = min(r["jet"], r["eigen"], r["tinydual"])
    print(f"| {w} | {ty} | {N} | {r['jet']:.1f} | {r['eigen']:.1f} | {r['tinydual']:.1f} | {r['batch']:.1f} | {r['batch'] / best:.2f} | {best / r['batch']:.2f}x |")
PY
  exit 0
fi
if [ "${1:-}" = --aarch64 ]; then
  # Dynamic instruction counts under qemu-aarch64: one instruction per translation block
  # (-singlestep) and a log line per block executed; a kernel's count is the difference between
  # running it twice and once (the program's start and the workload's setup cancel).
  flags=${BATCH_FLAGS:--O2}
  mkdir -p "$work/jet/ceres/internal"
  for h in jet.h jet_fwd.h internal/jet_traits.h internal/port.h internal/config.h internal/export.h \
           internal/integer_sequence_algorithm.h; do
    cp "/usr/include/ceres/$h" "$work/jet/ceres/$h"
  done
  aarch64-linux-gnu-g++ -std=c++17 -DNDEBUG -DBATCH_COUNT $flags -static -Wno-psabi -I"${BATCH_INCLUDE:-$here/../include}" \
    -I"$work/jet" -isystem /usr/include/eigen3 "$here/batch/throughput.cpp" -o "$work/throughput"
  count() {
    qemu-aarch64 -singlestep -d exec,nochain -D /dev/stderr "$work/throughput" "$1" "$2" 2>&1 >/dev/null | grep -c '^Trace'
  }
  echo "instructions per point, aarch64 (NEON) $flags, qemu-aarch64 (256 points per kernel)"
  echo "| workload | type | N | Jet | Eigen ADS | tinydual | batch | batch / best one-point | best one-point / batch |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for w in neuron_loss_gradient rosenbrock_gradient tanh_layer_gradient; do
    for n in ${BATCH_SIZES:-2 4 6 8 16}; do
      row=()
      for impl in jet eigen tinydual batch; do
        k="$w/${BATCH_TYPE:-float}/$n/$impl"
        one=$(count "$k" 1) two=$(count "$k" 2)
        row+=("$(( (two - one) ))")
      done
      python3 -c "
import sys
w, n, j, e, t, b = sys.argv[1], sys.argv[2], *[int(v) / 256 for v in sys.argv[3:]]
best = min(j, e, t)
print(f'| {w} | ${BATCH_TYPE:-float} | {n} | {j:.0f} | {e:.0f} | {t:.0f} | {b:.0f} | {b / best:.2f} | {best / b:.2f}x |')" "$w" "$n" "${row[@]}"
    done
  done
  exit 0
fi
flags=${BATCH_FLAGS:--O2 -march=native -mno-avx512f}
g++ -std=c++17 -DNDEBUG $flags -I"${BATCH_INCLUDE:-$here/../include}" -isystem /usr/include/eigen3 "$here/batch/throughput.cpp" -o "$work/throughput"
(cd "$work" && valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" ./throughput > "$work/stdout" 2> "$work/stderr") ||
    { cat "$work/stderr"; exit 1; }
cat "$work/stdout"
python3 - "$work" "$flags" <<'PY'
import glob, re, sys
work, flags = sys.argv[1], sys.argv[2]
counts = {}
for f in glob.glob(work + "/cg.out*"):
    text = open(f).read()
    m = re.search(r"^desc: Trigger: Client Request: (\S+/\S+/\S+/\S+)$", text, re.M)
    t = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
    if m and t:
        counts[m.group(1)] = int(t.group(1))
rows = {}
for name, n in counts.items():
    w, ty, N, impl = name.split("/")
    rows.setdefault((w, ty, int(N)), {})[impl] = n / 256.0
print(f"instructions per point, {flags} (256 points per kernel)")
print("| workload | type | N | Jet | Eigen ADS | tinydual | batch | batch / best one-point | best one-point / batch |")
print("|---|---|---|---|---|---|---|---|---|")
for (w, ty, N) in sorted(rows, key=lambda r: (r[0], r[1], r[2])):
    r = rows[(w, ty, N)]
    best = min(r["jet"], r["eigen"], r["tinydual"])
    print(f"| {w} | {ty} | {N} | {r['jet']:.0f} | {r['eigen']:.0f} | {r['tinydual']:.0f} | {r['batch']:.0f} | {r['batch'] / best:.2f} | {best / r['batch']:.2f}x |")
PY
