#!/bin/bash
# Instruction counts of the bench's float workloads at N = 4, 8, 16 on emulated Cortex-M cores:
# bench/footprint/icount.cpp built with the target's default backend and with plain arrays (-O2),
# run under QEMU with -icount shift=0 (SysTick then counts instructions). Prints a markdown table:
# instructions per call of f alone (floats) and of each driver, and plain / default for the whole
# call and for its derivative part (on Cortex-M55 the default backend is Helium).
#   bench/icount.sh                       # cortex-m55 and cortex-m4f
#   bench/icount.sh cortex-m55
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TINYDUAL_ICOUNT_BUILD:-$root/build/icount}
declare -A board=([cortex-m4f]=mps2-an386 [cortex-m7]=mps2-an500 [cortex-m33]=mps2-an505 [cortex-m55]=mps3-an547)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(cortex-m55 cortex-m4f)
declare -A count
rows=()
for target in "${targets[@]}"; do
  [ -n "${board[$target]:-}" ] || { echo "unknown target $target (one of ${!board[*]})" >&2; exit 2; }
  dir=$build/$target
  mkdir -p "$dir"
  cmake -S "$root/bench/footprint" -B "$dir" --toolchain "$root/toolchains/$target.cmake" \
    -DTINYDUAL_PORT=mps2 -DTINYDUAL_BOARD="${board[$target]}" -DCMAKE_BUILD_TYPE= >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log" >&2; exit 1; }
  cmake --build "$dir" -j2 --target ic_default ic_plain >"$dir.build.log" 2>&1 || { cat "$dir.build.log" >&2; exit 1; }
  IFS=';' read -r -a emulator < <(sed -n 's/^TDFP_EMULATOR:INTERNAL=//p' "$dir/CMakeCache.txt")
  for backend in default plain; do
    out=$(TINYDUAL_QEMU_ICOUNT=1 "${emulator[@]}" "$dir/ic_$backend")
    backend_name=$(printf '%s\n' "$out" | sed -n 's/^backend \([a-z]*\),.*/\1/p')
    [ -n "$backend_name" ] || { printf '%s\n' "$out" >&2; echo "$dir/ic_$backend: no counts" >&2; exit 1; }
    count[$target/$backend/name]=$backend_name
    while read -r _ workload n instructions; do
      count[$target/$backend/$workload/$n]=$instructions
      [ "$backend" = default ] && [ "${workload%_value}" = "$workload" ] && rows+=("$target $workload $n")
    done < <(printf '%s\n' "$out" | grep '^icount ')
  done
done
echo "| target | workload | N | f alone | plain | default | backend | plain / default | derivative part, plain / default |"
echo "|---|---|---:|---:|---:|---:|---|---:|---:|"
for row in "${rows[@]}"; do
  read -r target workload n <<<"$row"
  p=${count[$target/plain/$workload/$n]} d=${count[$target/default/$workload/$n]} f=${count[$target/default/${workload}_value/$n]}
  ratios=$(awk -v p="$p" -v d="$d" -v f="$f" 'BEGIN { printf "%.2f | %.2f", p / d, (p - f) / (d - f) }')
  echo "| $target | $workload | $n | $f | $p | $d | ${count[$target/default/name]} | $ratios |"
done
echo
echo "Instructions per call (float, -O2, g++ $(arm-none-eabi-g++ -dumpversion), picolibc), QEMU $(qemu-system-arm --version | sed -n 's/.*version \([0-9.]*\).*/\1/p') -icount shift=0."
echo "f alone: the workload evaluated on plain floats (its libm calls and value arithmetic, which every"
echo "backend executes); derivative part: the rest."
