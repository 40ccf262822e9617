#!/bin/sh
# Writes the largest static stack frame among the -fstack-usage files (*.su) under a directory:
# "<bytes> <function>" into <out>. Small boards' run.sh compare it with their stack size.
#   tests/split/max-stack.sh build/.../CMakeFiles/t.dir build/.../t.stack
set -u
find "$1" -name '*.su' -exec cat {} + 2>/dev/null | awk -F'\t' '$2 + 0 > max { max = $2 + 0; fn = $1 } END { print max + 0, fn }' > "$2"
