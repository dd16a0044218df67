#!/usr/bin/env bash
# Installs the Debian packages Tributary needs, and only those that are missing.
# Usage: scripts/deps.sh [build|gui|package|test]...   (default: build gui)
# apt-get update runs at most once, and only when something has to be installed.
set -euo pipefail

build_pkgs=(build-essential cmake ninja-build pkg-config ccache
  nlohmann-json3-dev libspdlog-dev libfmt-dev librdkafka-dev
  libpq-dev libmysqlcppconn-dev libmariadb-dev libsimdjson-dev
  libcurl4-openssl-dev libmosquitto-dev libcpp-httplib-dev libssl-dev zlib1g-dev
  librocksdb-dev libavro-dev libsnappy-dev libzstd-dev)
gui_pkgs=(qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-translations-l10n libqt6opengl6-dev libxkbcommon-dev libgl-dev libvulkan-dev xvfb xauth libxtst6)
# Building and checking the .deb (scripts/package.sh, the package test).
package_pkgs=(help2man dpkg-dev file appstream desktop-file-utils lintian)
test_pkgs=(kcat python3-kafka python3-confluent-kafka python3-requests python3-avro python3-snappy python3-lz4 python3-zstandard postgresql postgresql-client
  mariadb-server mariadb-client mosquitto mosquitto-clients prometheus curl openssl
  clang libclang-rt-14-dev)

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(build gui)

wanted=()
for g in "${groups[@]}"; do
  case "$g" in
    build) wanted+=("${build_pkgs[@]}") ;;
    gui) wanted+=("${gui_pkgs[@]}") ;;
    package) wanted+=("${package_pkgs[@]}") ;;
    test) wanted+=("${test_pkgs[@]}" "${package_pkgs[@]}")
      # The npm test tools need Node.js; machines of this kind may bring their own.
      command -v npm >/dev/null || wanted+=(nodejs npm) ;;
    *) echo "deps.sh: unknown group '$g' (expected build, gui, package or test)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
