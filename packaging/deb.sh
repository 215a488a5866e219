#!/usr/bin/env bash
# Builds the Debian package (CPack) into build/package/: both programs, the desktop entry and
# icon, the systemd unit, the translations and the docs. Install it with
#   sudo apt-get install ./build/package/minibitcoin_<version>_amd64.deb
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
"$here/deps.sh" app
"$here/build.sh" release -DCMAKE_BUILD_TYPE=Release -- minibitcoin minibitcoin-cli
cpack -G DEB -B "$root/build/package" --config "$root/build/release/CPackConfig.cmake"
ls "$root"/build/package/*.deb
