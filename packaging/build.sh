#!/usr/bin/env bash
# Configures and builds a tree under build/ (shared by run.sh, test.sh and bench.sh).
#   packaging/build.sh <dir-name> [cmake options...] [-- <targets...>]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=$1
shift
options=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    options+=("$1")
    shift
done
[ "${1:-}" = "--" ] && shift
targets=()
for target in "$@"; do
    targets+=(--target "$target")
done

cmake -S "$root" -B "$root/build/$name" -G Ninja "${options[@]}" >/dev/null
cmake --build "$root/build/$name" --parallel "$(nproc)" "${targets[@]}"
