#!/usr/bin/env bash
# README command 2: install what is missing (build, GUI and test services),
# build with warnings as errors, and run the whole test suite through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build gui test
scripts/test-tools.sh
# The same folder and flags as the demo command: what it built is reused.
scripts/build.sh build
cd build
# Two tests at a time: the machine has two cores and most tests wait on I/O or servers.
ctest --output-on-failure --timeout 900 -j2 "$@"
