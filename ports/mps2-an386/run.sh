#!/bin/sh
# Runs a firmware ELF for cortex-m4f on qemu-system-arm -M mps2-an386 (semihosting: stdout, exit status;
# TINYDUAL_QEMU_TIMEOUT bounds a hung guest). Example:
#   ports/mps2-an386/run.sh build/cortex-m4f/tests/tinydual_tests --list-test-cases
exec "$(dirname "$0")/../common/qemu-semihost.sh" mps2-an386 "$@"
