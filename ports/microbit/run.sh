#!/bin/sh
# Runs a firmware ELF for cortex-m0plus on qemu-system-arm -M microbit (semihosting: stdout, exit status;
# TINYDUAL_QEMU_TIMEOUT bounds a hung guest). Example:
#   ports/microbit/run.sh build/cortex-m0plus/tests/tinydual_tests --list-test-cases
# A program larger than the board's 256 KiB of flash (a split test linked against a larger flash,
# see board.cmake) is not run: exit status 77 (skipped), with the reason.
if [ $# -ge 1 ] && size=$(arm-none-eabi-size "$1" 2>/dev/null | awk 'NR == 2 {print $1 + $2}') &&
   [ -n "$size" ] && [ "$size" -gt 262144 ]; then
  echo "SKIPPED: $1 needs $size bytes of flash, the micro:bit has 262144; split it further (TINYDUAL_TEST_CASES_PER_EXECUTABLE=1 with TINYDUAL_TEST_SPLIT_TYPES is one test case for one type per program; past that, split the test case in its source)"
  exit 77
fi
# Likewise a program with a stack frame that does not fit the board's 4 KiB stack next to the
# test runner's own frames (256 bytes): the test builds write <program>.stack from -fstack-usage,
# "<bytes> <function>". Past the stack lies the heap, so a larger frame would corrupt it.
if [ $# -ge 1 ] && [ -f "$1.stack" ] && read -r frame function < "$1.stack" && [ "$frame" -gt 3840 ]; then
  echo "SKIPPED: $1 needs a $frame-byte stack frame ($function); the micro:bit has 4096 bytes of stack (16 KiB of RAM), 256 of them for the test runner"
  exit 77
fi
# And a program the build marked as known not to fit (<program>.skip holds the reason; see
# tests/split/known-too-deep.txt).
if [ $# -ge 1 ] && [ -f "$1.skip" ]; then
  echo "SKIPPED: $1: $(cat "$1.skip")"
  exit 77
fi
exec "$(dirname "$0")/../common/qemu-semihost.sh" microbit "$@"
