#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the demo pipeline.
# With a display (and a GUI build) it opens the GUI on the demo; without one it
# runs the demo headless with the runner's live status line.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build gui
# Only what the demo runs: the tests and benchmarks wait for the test command,
# which builds them in the same folder.
targets=(tributary-runner)
dpkg-query -W -f='${Status}' qt6-base-dev 2>/dev/null | grep -q "install ok installed" && targets+=(tributary)
scripts/build.sh build --target "${targets[@]}"
demo=resources/templates/demo.tributary.json
state=${TRIBUTARY_DEMO_STATE:-$PWD/build/demo-state}
mkdir -p "$state"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/app/gui/tributary ]; then
  # A pipeline's relative output paths are relative to its file: run a copy, not the template.
  cp -n "$demo" "$state/"
  exec build/app/gui/tributary --open "$state/$(basename "$demo")" --run
fi
if [ -x build/app/gui/tributary ]; then
  echo "No display found: running the demo headless. To open the GUI: build/app/gui/tributary --open $demo"
fi
echo "Running $demo (output and checkpoints in $state; Ctrl-C stops it cleanly)"
cd "$state"
exec "$OLDPWD/build/app/runner/tributary-runner" run "$OLDPWD/$demo" ${TRIBUTARY_DEMO_FOR:+--for "$TRIBUTARY_DEMO_FOR"}
