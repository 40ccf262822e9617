#!/bin/sh
# Runs a firmware ELF for cortex-m7 on qemu-system-arm -M mps2-an500 (semihosting: stdout, exit status;
# TINYDUAL_QEMU_TIMEOUT bounds a hung guest). Example:
#   ports/mps2-an500/run.sh build/cortex-m7/tests/tinydual_tests --list-test-cases
exec "$(dirname "$0")/../common/qemu-semihost.sh" mps2-an500 "$@"
