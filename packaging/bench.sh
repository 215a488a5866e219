#!/usr/bin/env bash
# Builds the benchmarks (Release) and runs each one; they print their figures, the baselines
# measured in the same run, and the goals. node_bench and sync_bench start PostgreSQL servers
# of their own (tests/support/postgres_fixture.sh) on loopback ports.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/deps.sh" test
"$here/build.sh" release -DCMAKE_BUILD_TYPE=Release -- minibitcoin consensus_bench node_bench \
    sync_bench explorer_bench api_bench
bench="$here/../build/release/tests/bench"
for program in consensus_bench node_bench sync_bench explorer_bench api_bench; do
    "$bench/$program"
    echo
done
