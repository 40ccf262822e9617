#!/bin/sh
# Runs a firmware ELF on an emulated MPS2/MPS3 board, a line of boards.txt (semihosting: stdout,
# exit status; TINYDUAL_QEMU_TIMEOUT bounds a hung guest). Example:
#   ports/mps2/run.sh mps2-an386 build/cortex-m4f/tests/tinydual_tests --list-test-cases
set -u
boards=$(awk '/^[^# \t]/ { print $1 }' "$(dirname "$0")/boards.txt")
if [ $# -lt 2 ] || ! printf '%s\n' "$boards" | grep -qxF -- "$1"; then
  echo "usage: $0 <board> <program.elf> [args...]; boards (boards.txt):" $boards >&2
  exit 2
fi
exec "$(dirname "$0")/../common/qemu-semihost.sh" "$@"
