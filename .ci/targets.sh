#!/bin/bash
# Configures, builds and tests every Arm target preset in turn (after the host presets in
# .ci/run): Cortex-M boards under qemu-system-arm, Arm Linux under qemu-user. Exits non-zero if
# any target fails, after trying them all; prints the time each one took.
#   bash .ci/targets.sh                       # all targets
#   bash .ci/targets.sh cortex-m4f armhf-linux
#   bash .ci/targets.sh --list                # the target presets, one a line
set -uo pipefail
cd "$(dirname "$0")/.."
all=(cortex-m0plus cortex-m3 cortex-m4f cortex-m7 cortex-m33 cortex-m55 aarch64-linux armhf-linux)
if [ "${1:-}" = --list ]; then
  printf '%s\n' "${all[@]}"
  exit 0
fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
failed=()
summary=()
for t in "${targets[@]}"; do
  echo "=== $t"
  start=$(date +%s)
  if cmake --preset "$t" && cmake --build --preset "$t" && ctest --preset "$t"; then
    result=passed
  else
    result=FAILED
    failed+=("$t")
  fi
  summary+=("$(printf '%-14s %-7s %4d s' "$t" "$result" $(($(date +%s) - start)))")
done
echo "=== Arm targets"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
