#!/bin/sh
# Runs a bare-metal ELF on a QEMU Cortex-M board with semihosting: the guest's stdout is this
# script's stdout, the guest's exit(n) is this script's exit status, and a guest that hangs is
# stopped after TINYDUAL_QEMU_TIMEOUT seconds (default 120; exit status 124).
#
#   ports/common/qemu-semihost.sh mps2-an386 build/cortex-m4f/tests/tinydual_tests --success
#
# Arguments after the ELF reach the guest's argv[1..] (picolibc sets argv[0] itself).
# TINYDUAL_QEMU_ICOUNT=1 runs the guest with -icount shift=0: one instruction per nanosecond of
# virtual time, so SysTick counts instructions (ports/mps2/demo.sh).
# TINYDUAL_QEMU_LOAD=<file>@<address> also loads a raw file at that address (ports/mps2/run.sh:
# a vector table where the core boots).
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 <qemu-machine> <program.elf> [args...]" >&2
  exit 2
fi
machine=$1
elf=$2
shift 2
# An explicit (even empty) arg= stops QEMU from passing the kernel path as an argument;
# QEMU's option parser wants a comma in a value doubled.
config="enable=on,target=native,chardev=stdio0"
[ $# -eq 0 ] && config="$config,arg="
for a in "$@"; do
  config="$config,arg=$(printf '%s' "$a" | sed 's/,/,,/g')"
done
load=""
if [ -n "${TINYDUAL_QEMU_LOAD:-}" ]; then
  load="-device loader,file=${TINYDUAL_QEMU_LOAD%@*},addr=${TINYDUAL_QEMU_LOAD##*@}"
fi
timeout -k 5 "${TINYDUAL_QEMU_TIMEOUT:-120}" \
  qemu-system-arm -M "$machine" ${TINYDUAL_QEMU_ICOUNT:+-icount shift=0} -display none -monitor none -serial null \
  -chardev stdio,id=stdio0 -semihosting-config "$config" $load -kernel "$elf" </dev/null
status=$?
if [ $status -eq 124 ]; then
  echo "$0: $elf did not finish within ${TINYDUAL_QEMU_TIMEOUT:-120} s on $machine (stopped)" >&2
fi
exit $status
