#!/bin/sh
# Runs an Arm Linux program (AArch64 or 32-bit Arm, chosen from its ELF header) under QEMU
# user-mode emulation with Debian's cross sysroot; the program's exit status is this script's,
# and a program that hangs is stopped after TINYDUAL_QEMU_TIMEOUT seconds (default 120; status 124).
# binfmt_misc is not assumed: the emulator is named.
#   ports/linux-arm/run.sh build/aarch64-linux/tests/tinydual_tests --success
set -u
if [ $# -lt 1 ]; then
  echo "usage: $0 <program> [args...]" >&2
  exit 2
fi
# ELF e_machine (offset 18, little endian): 0xb7 AArch64, 0x28 Arm.
machine=$(od -An -tx1 -j18 -N1 "$1" | tr -d ' ')
case $machine in
  b7) qemu=qemu-aarch64; sysroot=/usr/aarch64-linux-gnu ;;
  28) qemu=qemu-arm; sysroot=/usr/arm-linux-gnueabihf ;;
  *) echo "$0: $1 is not an AArch64 or Arm ELF program (e_machine 0x$machine)" >&2; exit 2 ;;
esac
timeout -k 5 "${TINYDUAL_QEMU_TIMEOUT:-120}" "$qemu" -L "$sysroot" "$@"
status=$?
if [ $status -eq 124 ]; then
  echo "$0: $1 did not finish within ${TINYDUAL_QEMU_TIMEOUT:-120} s (stopped)" >&2
fi
exit $status
