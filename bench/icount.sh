#!/bin/bash
# Instruction counts of the bench's float workloads at N = 2, 4, 8, 16 on emulated Cortex-M cores,
# side by side: hand-written derivatives, Ceres Jet, tinydual with plain arrays, with the target's
# default backend (on Cortex-M55: Helium) and with tinydual::ieee. bench/footprint/icount.cpp, one
# image per implementation (-O2 -DNDEBUG), run under QEMU with -icount shift=0 (SysTick then
# counts instructions); every kernel's result is checked against the hand-written one first.
# Prints a markdown table per target.
#   bench/icount.sh                       # cortex-m55 and cortex-m4f
#   bench/icount.sh cortex-m4f
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TINYDUAL_ICOUNT_BUILD:-$root/build/icount}
declare -A board=([cortex-m4f]=mps2-an386 [cortex-m7]=mps2-an500 [cortex-m33]=mps2-an505 [cortex-m55]=mps3-an547)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(cortex-m55 cortex-m4f)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b }'; }
for target in "${targets[@]}"; do
  [ -n "${board[$target]:-}" ] || { echo "unknown target $target (one of ${!board[*]})" >&2; exit 2; }
  dir=$build/$target
  mkdir -p "$dir"
  cmake -S "$root/bench/footprint" -B "$dir" --toolchain "$root/toolchains/$target.cmake" \
    -DTINYDUAL_PORT=mps2 -DTINYDUAL_BOARD="${board[$target]}" -DCMAKE_BUILD_TYPE= >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log" >&2; exit 1; }
  images=$(sed -n 's/^TDFP_ICOUNT_IMAGES:INTERNAL=//p' "$dir/CMakeCache.txt" | tr ';' ' ')
  # shellcheck disable=SC2046
  cmake --build "$dir" -j2 --target $(printf 'ic_%s ' $images) >"$dir.build.log" 2>&1 || { cat "$dir.build.log" >&2; exit 1; }
  IFS=';' read -r -a emulator < <(sed -n 's/^TDFP_EMULATOR:INTERNAL=//p' "$dir/CMakeCache.txt")
  declare -A count=()
  rows=()
  backend=""
  for image in $images; do
    out=$(TINYDUAL_QEMU_ICOUNT=1 "${emulator[@]}" "$dir/ic_$image") || { printf '%s\n' "$out" >&2; echo "$dir/ic_$image failed" >&2; exit 1; }
    [ "$image" = default ] && backend=$(printf '%s\n' "$out" | sed -n 's/^backend \([a-z]*\),.*/\1/p')
    while read -r _ workload n instructions; do
      count[$image/$workload/$n]=$instructions
      [ "$image" = default ] && [ "${workload%_value}" = "$workload" ] && rows+=("$workload $n")
    done < <(printf '%s\n' "$out" | grep '^icount ')
  done
  echo "### $target (tinydual default backend: $backend)"
  echo
  echo "| workload | N | f alone | hand | Jet | tinydual plain | tinydual | tinydual ieee | tinydual / Jet | tinydual / hand | plain / tinydual |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do
    read -r workload n <<<"$row"
    f=${count[default/${workload}_value/$n]} h=${count[hand/$workload/$n]:-} j=${count[jet/$workload/$n]:-}
    p=${count[plain/$workload/$n]} d=${count[default/$workload/$n]} i=${count[ieee/$workload/$n]}
    echo "| $workload | $n | $f | $h | ${j:--} | $p | $d | $i | $(ratio "$d" "$j") | $(ratio "$d" "$h") | $(ratio "$p" "$d") |"
  done
  echo
  unset count
done
echo "Instructions per call (float, -O2 -DNDEBUG, g++ $(arm-none-eabi-g++ -dumpversion), picolibc), QEMU" \
  "$(qemu-system-arm --version | sed -n 's/.*version \([0-9.]*\).*/\1/p') -icount shift=0. f alone: the workload on"
echo "plain floats (its libm calls and value arithmetic, which every implementation executes)."
