#!/usr/bin/env bash
# Builds the benchmarks (Release) and runs each one; they print their figures and baselines.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/deps.sh" test
"$here/build.sh" release -DCMAKE_BUILD_TYPE=Release -- consensus_bench node_bench sync_bench explorer_bench api_bench
"$here/../build/release/tests/bench/consensus_bench"
echo
"$here/../build/release/tests/bench/node_bench"
echo
"$here/../build/release/tests/bench/sync_bench"
echo
"$here/../build/release/tests/bench/explorer_bench"
echo
"$here/../build/release/tests/bench/api_bench"
