#!/bin/bash
# Footprint report: the reference kernels of bench/footprint/kernels.hpp built as firmware for
# each Cortex-M target at -Os and -O2, measured on the emulated board. Prints a markdown table.
#
#   bench/footprint.sh                         # all targets; build trees in build/footprint/
#   bench/footprint.sh cortex-m4f cortex-m7    # some targets
#
# .text, .data, .bss: what the kernel adds to a firmware image (arm-none-eabi-size of the image
# minus the same image without the kernel), library code and the libm functions it pulls in.
# stack: the deepest stack use while the kernel runs, measured by painting the stack under QEMU
# (it includes the libm calls, which -fstack-usage cannot see).
# Kernels: net_gradient = gradient of a 4-8-1 tanh network in its 4 inputs (float, N = 4);
# l8_jacobian = Jacobian of F(x) = A((Ax+b) o (Ax+b)) + b at N = 4 (float); hessian4 = a 4 x 4
# Hessian (hyper_dual<float, 4>) of a smooth function.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TINYDUAL_FOOTPRINT_BUILD:-$root/build/footprint}
# The port of each target: a folder under ports/, then the board for a family port.
declare -A board=([cortex-m0plus]=microbit [cortex-m3]="mps2 mps2-an385" [cortex-m4f]="mps2 mps2-an386"
                  [cortex-m7]="mps2 mps2-an500" [cortex-m33]="mps2 mps2-an505" [cortex-m55]="mps2 mps3-an547")
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(cortex-m0plus cortex-m3 cortex-m4f cortex-m7 cortex-m33 cortex-m55)

declare -A text data bss stack
for target in "${targets[@]}"; do
  [ -n "${board[$target]:-}" ] || { echo "unknown target $target (one of ${!board[*]})" >&2; exit 2; }
  dir=$build/$target
  mkdir -p "$dir"
  read -r port board_name <<<"${board[$target]}"
  cmake -S "$root/bench/footprint" -B "$dir" --toolchain "$root/toolchains/$target.cmake" \
    -DTINYDUAL_PORT="$port" -DTINYDUAL_BOARD="${board_name:-}" -DCMAKE_BUILD_TYPE= >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log" >&2; exit 1; }
  cmake --build "$dir" -j2 >"$dir.build.log" 2>&1 || { cat "$dir.build.log" >&2; exit 1; }
  kernels=$(sed -n 's/^TDFP_KERNELS:INTERNAL=//p' "$dir/CMakeCache.txt" | tr ';' ' ')
  IFS=';' read -r -a emulator < <(sed -n 's/^TDFP_EMULATOR:INTERNAL=//p' "$dir/CMakeCache.txt") ||
    { echo "$dir: the build names no emulator (TDFP_EMULATOR)" >&2; exit 1; }
  for kernel in $kernels; do
    for opt in Os O2; do
      elf=$dir/fp_${kernel}_${opt}
      read -r t d b _ < <(arm-none-eabi-size "$elf" | tail -1)
      s=$("${emulator[@]}" "$elf" | sed -n 's/^stack //p')
      [ -n "$s" ] || { echo "$elf: no stack measurement" >&2; exit 1; }
      key=$target/$kernel/$opt
      text[$key]=$t data[$key]=$d bss[$key]=$b stack[$key]=$s
    done
  done
done

echo "| kernel | target | -Os .text | .data | .bss | stack | -O2 .text | .data | .bss | stack |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for kernel in $kernels; do
  [ "$kernel" = none ] && continue
  for target in "${targets[@]}"; do
    row="| $kernel | $target"
    for opt in Os O2; do
      k=$target/$kernel/$opt b=$target/none/$opt
      row="$row | $((text[$k] - text[$b])) | $((data[$k] - data[$b])) | $((bss[$k] - bss[$b])) | ${stack[$k]}"
    done
    echo "$row |"
  done
done
echo
echo "Bytes added to a picolibc firmware image by each kernel (image minus the same image without it);"
echo "stack: deepest use while the kernel runs, measured on the emulated board (libm calls included)."
