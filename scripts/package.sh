#!/usr/bin/env bash
# Builds the Debian package (build-release/tributary_<version>_amd64.deb) and
# checks it the way a distribution would: desktop-file-validate, appstreamcli
# validate and lintian (errors fail, warnings are printed).
# Usage: scripts/package.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build-release}
scripts/deps.sh build gui package
TRIBUTARY_TESTS=OFF scripts/build.sh "$build_dir" -DCMAKE_BUILD_TYPE=Release -DTRIBUTARY_TESTS=OFF
(cd "$build_dir" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build_dir"/tributary_*_amd64.deb | head -1)
echo "package: $deb"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root"/usr/share/applications/*.desktop
appstreamcli validate --no-net "$root"/usr/share/metainfo/*.metainfo.xml
# lintian: E: lines fail the build; W: lines are reported.
lintian_out=$(lintian --no-tag-display-limit "$deb" 2>&1 || true)
echo "$lintian_out"
if grep -q '^E:' <<<"$lintian_out"; then echo "package.sh: lintian reported errors" >&2; exit 1; fi
