#!/usr/bin/env bash
# Installs the npm test tools (tests/tools/package.json, pinned by its
# package-lock.json) when they are missing or the lock file changed.
# Test tools only: nothing of the product depends on npm.
set -euo pipefail
cd "$(dirname "$0")/../tests/tools"
command -v npm >/dev/null || { echo "test-tools.sh: npm is missing (Debian package npm)" >&2; exit 1; }
if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi
