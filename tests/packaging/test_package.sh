#!/usr/bin/env bash
# Builds the .deb from the test build, unpacks it into a temporary root and
# checks it as a user's machine would see it: the file list, the unpacked
# runner's --version and `validate` on an installed template, the desktop
# file's Exec, and the desktop/AppStream validators.
# Usage: test_package.sh BUILD_DIR
set -euo pipefail
build_dir=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "SKIP: dpkg-deb is missing"; exit 0; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A package build of its own, so the test never races a developer's cpack.
(cd "$build_dir" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/out/tributary_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack wrote no tributary_<version>_amd64.deb (got: $(ls "$work/out"))"
echo "built $(basename "$deb")"

root=$work/root
dpkg-deb -x "$deb" "$root"
dpkg-deb -e "$deb" "$work/control"

expect=(
  usr/bin/tributary
  usr/bin/tributary-runner
  usr/share/applications/org.tributary.Tributary.desktop
  usr/share/metainfo/org.tributary.Tributary.metainfo.xml
  usr/share/mime/packages/org.tributary.Tributary.xml
  usr/share/icons/hicolor/scalable/apps/org.tributary.Tributary.svg
  usr/share/icons/hicolor/16x16/apps/org.tributary.Tributary.png
  usr/share/icons/hicolor/48x48/apps/org.tributary.Tributary.png
  usr/share/icons/hicolor/256x256/apps/org.tributary.Tributary.png
  usr/share/icons/hicolor/512x512/apps/org.tributary.Tributary.png
  usr/share/man/man1/tributary.1.gz
  usr/share/man/man1/tributary-runner.1.gz
  usr/share/bash-completion/completions/tributary-runner
  usr/lib/systemd/system/tributary-runner.service
  usr/lib/sysusers.d/tributary.conf
  usr/share/tributary/templates/demo.tributary.json
  usr/share/doc/tributary/copyright
  usr/share/doc/tributary/changelog.gz
)
for f in "${expect[@]}"; do
  [ -e "$root/$f" ] || fail "the package lacks /$f"
done
for s in postinst prerm postrm; do
  [ -x "$work/control/$s" ] || fail "the package lacks an executable $s script"
done
grep -q '^Depends:.*librdkafka' "$work/control/control" || fail "Depends does not name librdkafka: $(grep ^Depends "$work/control/control")"

# Icons are real PNGs of the size their folder says.
for size in 16 48 256; do
  info=$(file -b "$root/usr/share/icons/hicolor/${size}x${size}/apps/org.tributary.Tributary.png")
  [[ $info == "PNG image data, $size x $size"* ]] || fail "${size}x${size} icon is '$info'"
done

# Man pages come from --help: each names its program and documents a real option.
zcat "$root/usr/share/man/man1/tributary-runner.1.gz" | grep -q 'validate' || fail "tributary-runner.1 does not document 'validate'"
zcat "$root/usr/share/man/man1/tributary.1.gz" | grep -q -- 'open' || fail "tributary.1 does not document --open"

# The unpacked runner works from where it was unpacked.
runner=$root/usr/bin/tributary-runner
version=$("$runner" --version) || fail "tributary-runner --version failed"
[[ $version == *[0-9].[0-9]* ]] || fail "tributary-runner --version printed '$version'"
echo "unpacked runner: $version"
"$runner" validate "$root/usr/share/tributary/templates/demo.tributary.json" || fail "validate of the installed demo template failed"

# The desktop file's Exec names a program the package installs.
exec_line=$(sed -n 's/^Exec=//p' "$root/usr/share/applications/org.tributary.Tributary.desktop")
program=${exec_line%% *}
[ -x "$root/usr/bin/$program" ] || fail "Exec=$exec_line does not resolve to /usr/bin/$program in the package"
grep -q '^Icon=org.tributary.Tributary$' "$root/usr/share/applications/org.tributary.Tributary.desktop" || fail "desktop Icon does not match the installed icon name"

# The bash completion loads and completes commands from the unpacked runner.
completions=$(PATH="$root/usr/bin:$PATH" bash -c "source '$root/usr/share/bash-completion/completions/tributary-runner';
  COMP_WORDS=(tributary-runner va); COMP_CWORD=1; _tributary_runner; echo \${COMPREPLY[*]}")
[[ $completions == *validate* ]] || fail "bash completion of 'va' gave '$completions'"

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/org.tributary.Tributary.desktop" || fail "desktop-file-validate"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$root/usr/share/metainfo/org.tributary.Tributary.metainfo.xml" || fail "appstreamcli validate"
fi
echo "package test passed: ${#expect[@]} files checked"
