#!/usr/bin/env bash
# Configures (once) and builds incrementally. Usage: scripts/build.sh [BUILD_DIR] [extra cmake args...]
# TRIBUTARY_WERROR=ON in the environment turns warnings into errors (the test command sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
gui=ON
if ! dpkg-query -W -f='${Status}' qt6-base-dev 2>/dev/null | grep -q "install ok installed"; then gui=OFF; fi
cmake -S . -B "$build_dir" -G Ninja -DTRIBUTARY_GUI="${TRIBUTARY_GUI:-$gui}" \
  -DTRIBUTARY_WERROR="${TRIBUTARY_WERROR:-OFF}" "$@" >/dev/null
# Two jobs per core would thrash a 2-core machine with Qt's heavy headers; ninja's default is fine.
cmake --build "$build_dir"
