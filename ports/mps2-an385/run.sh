#!/bin/sh
# Runs a firmware ELF for cortex-m3 on qemu-system-arm -M mps2-an385 (semihosting: stdout, exit status;
# TINYDUAL_QEMU_TIMEOUT bounds a hung guest). Example:
#   ports/mps2-an385/run.sh build/cortex-m3/tests/tinydual_tests --list-test-cases
exec "$(dirname "$0")/../common/qemu-semihost.sh" mps2-an385 "$@"
