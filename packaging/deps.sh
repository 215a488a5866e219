#!/usr/bin/env bash
# Installs the Debian 12 packages MiniBitcoin needs, or, when not root, prints the exact
# command to run. Installs only what is missing, so it is safe to run again.
#
#   packaging/deps.sh app     build and run the app
#   packaging/deps.sh test    build and run every test (also what the benchmarks need)
#   packaging/deps.sh screenshots   take README's screenshots on a virtual display
set -euo pipefail

build_packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev libqt6opengl6-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqt6sql6-sqlite libqt6sql6-psql
    libsecp256k1-dev libssl-dev libqrencode-dev libsqlite3-dev libpq-dev
)
# Qt's own words (Cancel, Copy, network errors) in the app's language come from
# qt6-translations-l10n.
app_packages=(fonts-dejavu-core qt6-translations-l10n)
# clang-14 and its runtime (libFuzzer) build the fuzz targets.
# zbar-tools reads the app's QR codes back in the GUI tests; python3 runs the example miner
# (packaging/mine-template.py) in its test.
test_packages=(clang-format postgresql python3 qt6-translations-l10n clang-14 libclang-rt-14-dev zbar-tools)
screenshot_packages=(xvfb xauth fonts-dejavu-core)

case "${1:-}" in
    app) wanted=("${build_packages[@]}" "${app_packages[@]}") ;;
    test) wanted=("${build_packages[@]}" "${test_packages[@]}") ;;
    screenshots) wanted=("${build_packages[@]}" "${screenshot_packages[@]}") ;;
    *) echo "usage: $0 app|test|screenshots" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    {
        echo "MiniBitcoin needs these Debian packages: ${missing[*]}"
        echo "Install them as root, then run this command again:"
        echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    } >&2
    exit 1
fi

echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
