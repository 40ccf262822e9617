#!/bin/bash
# Stack use of gradient and jacobian at N = 4, 16, 49, 100, in one pass and with chunk<4>, on the
# emulated Cortex-M4F (mps2-an386, float, -O2): bench/footprint/stack.cpp built for the board and
# run under QEMU, the deepest stack use found by painting. Prints a markdown table.
#   bench/stack.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${TINYDUAL_STACK_BUILD:-$root/build/stack}/cortex-m4f
mkdir -p "$dir"
cmake -S "$root/bench/footprint" -B "$dir" --toolchain "$root/toolchains/cortex-m4f.cmake" \
  -DTINYDUAL_PORT=mps2 -DTINYDUAL_BOARD=mps2-an386 -DCMAKE_BUILD_TYPE= >"$dir.configure.log" 2>&1 ||
  { cat "$dir.configure.log" >&2; exit 1; }
images=$(sed -n 's/^TDST_IMAGES:INTERNAL=//p' "$dir/CMakeCache.txt" | tr ';' ' ')
cmake --build "$dir" -j2 --target $images >"$dir.build.log" 2>&1 || { cat "$dir.build.log" >&2; exit 1; }
IFS=';' read -r -a emulator < <(sed -n 's/^TDFP_EMULATOR:INTERNAL=//p' "$dir/CMakeCache.txt")
declare -A stack
for image in $images; do
  s=$("${emulator[@]}" "$dir/$image" | sed -n 's/^stack //p')
  [ -n "$s" ] || { echo "$image: no stack measurement" >&2; exit 1; }
  stack[$image]=$s
done
echo "| driver | N | one pass | chunk<4> |"
echo "|---|---:|---:|---:|"
for driver in gradient jacobian; do
  for n in 4 16 49 100; do
    echo "| $driver | $n | ${stack[st_${driver}_${n}_0]} | ${stack[st_${driver}_${n}_4]} |"
  done
done
echo
echo "Bytes of stack, deepest use while the driver runs (float, -O2, g++ $(arm-none-eabi-g++ -dumpversion), picolibc), measured by painting on the emulated board."
