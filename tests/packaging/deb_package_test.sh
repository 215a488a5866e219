#!/usr/bin/env bash
# Builds the Debian package from a build tree with CPack, then checks what it installs, what it
# depends on, and that its binaries run from the unpacked package.
#   deb_package_test.sh <build dir>
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpack -G DEB -B "$work/out" --config "$build/CPackConfig.cmake" >"$work/cpack.log" 2>&1 || {
    cat "$work/cpack.log"
    exit 1
}
deb=$(ls "$work"/out/*.deb)
echo "package: $(basename "$deb")"
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/contents"
status=0
for path in ./usr/bin/minibitcoin ./usr/bin/minibitcoin-cli \
    ./usr/share/applications/minibitcoin.desktop \
    ./usr/share/icons/hicolor/256x256/apps/minibitcoin.png \
    ./usr/lib/systemd/system/minibitcoin.service \
    ./usr/share/minibitcoin/translations/minibitcoin_de.qm \
    ./usr/share/minibitcoin/translations/minibitcoin_es.qm \
    ./usr/share/doc/minibitcoin/README.md; do
    grep -qx "$path" "$work/contents" || { echo "missing from the package: $path"; status=1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for dep in libqt6core6 libqt6widgets6 libsecp256k1 libssl3 libqrencode4 libsqlite3-0 libpq5 libqt6sql6-sqlite; do
    [[ "$depends" == *"$dep"* ]] || { echo "Depends lacks $dep"; status=1; }
done

recommends=$(dpkg-deb -f "$deb" Recommends)
echo "Recommends: $recommends"
[[ "$recommends" == *qt6-translations-l10n* ]] ||
    { echo "Recommends lacks qt6-translations-l10n (Qt's own words in German and Spanish)"; status=1; }

dpkg-deb -x "$deb" "$work/root"
version=$("$work/root/usr/bin/minibitcoin" --version)
[[ "$version" == "minibitcoin "* ]] || { echo "minibitcoin --version said: $version"; status=1; }
"$work/root/usr/bin/minibitcoin-cli" --help >/dev/null || { echo "minibitcoin-cli --help failed"; status=1; }
grep -q '^Exec=minibitcoin %u$' "$work/root/usr/share/applications/minibitcoin.desktop" ||
    { echo "the desktop entry does not start minibitcoin (with the link it opens)"; status=1; }
grep -q '^MimeType=x-scheme-handler/minibitcoin;$' \
    "$work/root/usr/share/applications/minibitcoin.desktop" ||
    { echo "the desktop entry does not register the minibitcoin: scheme"; status=1; }
grep -q '^ExecStart=/usr/bin/minibitcoin --daemon' "$work/root/usr/lib/systemd/system/minibitcoin.service" ||
    { echo "the systemd unit does not run the daemon"; status=1; }
if command -v systemd-analyze >/dev/null; then
    # Syntax and semantics of the unit; the one complaint expected here is that the package is
    # not installed (so /usr/bin/minibitcoin does not exist on this machine).
    complaints=$(systemd-analyze verify "$work/root/usr/lib/systemd/system/minibitcoin.service" 2>&1 |
        grep -v 'Command /usr/bin/minibitcoin is not executable' || true)
    [ -z "$complaints" ] || { echo "systemd-analyze verify: $complaints"; status=1; }
fi
[ $status -eq 0 ] && echo "the package installs both programs, the desktop entry, the icon, the unit and the translations"
exit $status
