#!/usr/bin/env bash
# Configures (once) and builds incrementally.
# Usage: scripts/build.sh [BUILD_DIR] [--target T...] [extra cmake args...]
# Both README commands build into the same folder with the same flags, so the
# test command reuses every object the demo command built (and ccache the rest).
# Warnings are errors (TRIBUTARY_WERROR=ON, the default): the tree is kept free
# of them on Debian bookworm's GCC 12; set TRIBUTARY_WERROR=OFF on another compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
targets=()
cmake_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --target) shift; while [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; do targets+=("$1"); shift; done ;;
    *) cmake_args+=("$1"); shift ;;
  esac
done
gui=ON
if ! dpkg-query -W -f='${Status}' qt6-base-dev 2>/dev/null | grep -q "install ok installed"; then gui=OFF; fi
cmake -S . -B "$build_dir" -G Ninja -DTRIBUTARY_GUI="${TRIBUTARY_GUI:-$gui}" \
  -DTRIBUTARY_WERROR="${TRIBUTARY_WERROR:-ON}" "${cmake_args[@]}" >/dev/null
# Two jobs per core would thrash a 2-core machine with Qt's heavy headers; ninja's default is fine.
cmake --build "$build_dir" ${targets[@]:+--target "${targets[@]}"}
