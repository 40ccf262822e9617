#!/bin/sh
# Runs a firmware ELF on an emulated MPS2/MPS3 board, a line of boards.txt (semihosting: stdout,
# exit status; TINYDUAL_QEMU_TIMEOUT bounds a hung guest). Example:
#   ports/mps2/run.sh mps2-an386 build/cortex-m4f/tests/tinydual_tests --list-test-cases
# A board whose core boots from elsewhere than the start of flash (the vectors column) gets the
# image's vector table (its .init section, picolibc's) copied there (needs arm-none-eabi-objcopy).
set -u
dir=$(dirname "$0")
boards=$(awk '/^[^# \t]/ { print $1 }' "$dir/boards.txt")
if [ $# -lt 2 ] || ! printf '%s\n' "$boards" | grep -qxF -- "$1"; then
  echo "usage: $0 <board> <program.elf> [args...]; boards (boards.txt):" $boards >&2
  exit 2
fi
vectors=$(awk -v b="$1" '$1 == b { print $8 }' "$dir/boards.txt")
if [ -n "$vectors" ] && [ "$vectors" != - ]; then
  table=$(mktemp)
  trap 'rm -f "$table"' EXIT
  if ! "${ARM_NONE_EABI_PREFIX:-arm-none-eabi-}objcopy" -O binary -j .init "$2" "$table" || [ ! -s "$table" ]; then
    echo "$0: no vector table (.init section) in $2" >&2
    exit 2
  fi
  TINYDUAL_QEMU_LOAD="$table@$vectors" "$dir/../common/qemu-semihost.sh" "$@"
  exit $?
fi
exec "$dir/../common/qemu-semihost.sh" "$@"
