#!/bin/sh
# Builds ports/host/demo.cpp as Cortex-M4F firmware (the cortex-m4f preset) and runs it on the
# emulated MPS2 AN386 board; the output is the host demo's (checked by ctest --preset cortex-m4f,
# test tinydual_demo.matches_host), with QEMU's -icount so that the demo's SysTick count of the
# solver is an instruction count. Exit status: the demo's.
#   ports/mps2/demo.sh
set -e
cd "$(dirname "$0")/../.."
[ -f build/cortex-m4f/CMakeCache.txt ] || cmake --preset cortex-m4f >/dev/null
cmake --build --preset cortex-m4f --target tinydual_demo >/dev/null
TINYDUAL_QEMU_ICOUNT=1 exec ports/mps2/run.sh mps2-an386 build/cortex-m4f/ports/host/tinydual_demo
