#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks, then configures and builds Attention Explorer
# (Release) into build/, leaving the application at build/bin/attention-explorer.
# Used by scripts/run.sh and scripts/test.sh; safe to run again (it installs only what is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    g++ cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqt6svg6 libgl-dev
    libeigen3-dev
    fonts-dejavu-core    # text in offscreen renders and exports
)
if [[ "${AE_WITH_X11_TOOLS:-0}" == 1 ]]; then
    packages+=(xvfb xauth)
fi

scripts/ensure-packages.sh "${packages[@]}"

build_dir="${AE_BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${AE_BUILD_TYPE:-Release}" ${AE_CMAKE_ARGS:-}
cmake --build "$build_dir" --parallel "$(nproc)"
