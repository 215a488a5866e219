#!/usr/bin/env bash
# README command 2 (and CI's, through .ci/run): installs what is missing, builds everything and
# runs every test through CTest, then builds the fuzz targets with clang's libFuzzer (ASan and
# UBSan) and runs each for a fixed number of mutations. With CI=true, warnings are errors and a
# test that skips fails the run. Exits non-zero on any failure.
#   packaging/test.sh [--sanitize]
# --sanitize also builds everything again with AddressSanitizer and UndefinedBehaviorSanitizer
# and runs every suite there: about 32 minutes more on 2 cores, which is why CI (held to well
# under 30 minutes in all) leaves it to this option; run it before a release and after changing
# code that decodes, stores or frees what others send.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ci=false
case "${CI:-}" in "" | false | 0) ;; *) ci=true ;; esac
sanitize=false
for arg in "$@"; do
    case "$arg" in
    --sanitize) sanitize=true ;;
    *)
        echo "usage: packaging/test.sh [--sanitize]" >&2
        exit 2
        ;;
    esac
done

"$here/deps.sh" test

run_ctest() { # <build dir> [ctest options...]
    local dir=$1 log
    shift
    log=$(mktemp)
    local status=0
    ctest --test-dir "$dir" --output-on-failure --no-tests=error --parallel "$(nproc)" "$@" \
        2>&1 | tee "$log" || status=$?
    if [ "$ci" = true ] && grep -qE '\*\*\*Skipped|Not Run' "$log"; then
        echo "CI: some suites were skipped; every suite must run in CI." >&2
        status=1
    fi
    rm -f "$log"
    return $status
}

werror=OFF
[ "$ci" = true ] && werror=ON

echo "== Release build and all tests"
"$here/build.sh" release -DCMAKE_BUILD_TYPE=Release -DMINIBITCOIN_WERROR=$werror
run_ctest "$root/build/release"

echo "== fuzz targets: libFuzzer (clang, ASan/UBSan), a fixed number of mutations each"
# packaging/fuzz.sh fuzzes for longer; this catches what a short run over the corpus finds.
# Without precompiled headers, so that a file of core/ missing an #include of its own fails.
CC=clang-14 CXX=clang++-14 "$here/build.sh" fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMINIBITCOIN_FUZZ=ON -DMINIBITCOIN_PCH=OFF
run_ctest "$root/build/fuzz" -L fuzz

if [ "$sanitize" = true ]; then
    echo "== every suite again under AddressSanitizer + UndefinedBehaviorSanitizer"
    # The daemons these suites start are sanitized builds too; a finding or a leak makes them
    # exit non-zero, which fails their suite.
    # Without precompiled headers, so that a file missing an #include of its own fails here.
    "$here/build.sh" sanitize -DCMAKE_BUILD_TYPE=Debug -DMINIBITCOIN_SANITIZE=ON \
        -DMINIBITCOIN_WERROR=$werror -DMINIBITCOIN_PCH=OFF
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        run_ctest "$root/build/sanitize" -LE "style|packaging"
fi

echo "All tests passed."
