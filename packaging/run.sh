#!/usr/bin/env bash
# README command 1: installs what is missing, builds MiniBitcoin (Release) and starts the app.
# Arguments are passed to the app, e.g. packaging/run.sh --daemon --network regtest
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/deps.sh" app
"$here/build.sh" release -DCMAKE_BUILD_TYPE=Release -- minibitcoin minibitcoin-cli
exec "$here/../build/release/app/minibitcoin" "$@"
