#!/usr/bin/env bash
# Fuzzes every target in tests/fuzz with libFuzzer (clang, ASan/UBSan) for a while.
#   packaging/fuzz.sh [seconds per target, default 60] [target...]
# Each target starts from its corpus in build/fuzz/tests/fuzz/corpus/<target> (seeds made from
# tests/data/vectors, plus what earlier runs found) and the regression inputs in
# tests/fuzz/regressions/<target>. A crash is saved as build/fuzz/crashes/<target>-crash-...;
# once fixed, copy it into tests/fuzz/regressions/<target>/ so the test command replays it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
seconds=${1:-60}
shift || true

"$here/deps.sh" test
# The same tree and options as the test command's (packaging/test.sh), so neither rebuilds it.
CC=clang-14 CXX=clang++-14 "$here/build.sh" fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMINIBITCOIN_FUZZ=ON -DMINIBITCOIN_PCH=OFF
bin="$root/build/fuzz/tests/fuzz"
crashes="$root/build/fuzz/crashes"
mkdir -p "$crashes"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for exe in "$bin"/fuzz_*; do
        name=$(basename "$exe")
        # programs only: CMake's fuzz_*_autogen directories sit beside them
        [ -f "$exe" ] && [ -x "$exe" ] && [ "$name" != fuzz_seeds ] && targets+=("${name#fuzz_}")
    done
fi

status=0
summary=()
for target in "${targets[@]}"; do
    inputs=("$bin/corpus/$target")
    [ -d "$root/tests/fuzz/regressions/$target" ] && inputs+=("$root/tests/fuzz/regressions/$target")
    echo "== fuzz_$target for ${seconds}s"
    log=$(mktemp)
    if "$bin/fuzz_$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$crashes/$target-" "${inputs[@]}" 2>&1 |
        tee "$log" | grep -E '^(#[0-9]+ +(INITED|DONE)|==[0-9]+==ERROR|SUMMARY|fuzz check)'; then :; fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    found=$(ls "$crashes" | grep -c "^$target-" || true)
    summary+=("fuzz_$target: ${runs:-?} executions, $found crash files in $crashes")
    [ "$found" -eq 0 ] || status=1
    rm -f "$log"
done
printf '%s\n' "${summary[@]}"
exit $status
