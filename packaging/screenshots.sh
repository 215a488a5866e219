#!/usr/bin/env bash
# Takes README's screenshots from the real app on a virtual display (Xvfb) into resources/screenshots
# (or the directory given).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
"$here/deps.sh" screenshots
"$here/build.sh" release -DCMAKE_BUILD_TYPE=Release -- take_screenshots
out=${1:-$root/resources/screenshots}
xvfb-run -a -s "-screen 0 1280x800x24" "$root/build/release/tests/take_screenshots" "$out"
