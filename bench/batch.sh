#!/bin/bash
# bench/batch.sh: instructions per point of gradients over many points (callgrind, one run):
# Ceres Jet and one-point tinydual in a loop, and tinydual::batch. Builds bench/batch/throughput.cpp
# with the given flags (default: -O2 -march=native -mno-avx512f, as valgrind cannot run AVX-512).
#   bash bench/batch.sh                       # the native build
#   BATCH_FLAGS="-O2" bash bench/batch.sh     # the default (SSE2) build
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
flags=${BATCH_FLAGS:--O2 -march=native -mno-avx512f}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
print("| workload | type | N | Jet | tinydual | batch | batch / best one-point | best one-point / batch |")
print("|---|---|---|---|---|---|---|---|")
for (w, ty, N) in sorted(rows, key=lambda r: (r[0], r[1], r[2])):
    r = rows[(w, ty, N)]
    best = min(r["jet"], r["tinydual"])
    print(f"| {w} | {ty} | {N} | {r['jet']:.0f} | {r['tinydual']:.0f} | {r['batch']:.0f} | {r['batch'] / best:.2f} | {best / r['batch']:.2f}x |")
PY
