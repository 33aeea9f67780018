#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install what is missing, build, run every test headless
# (Qt's offscreen platform: no display needed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build_dir="${AE_BUILD_DIR:-build}"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j "$(nproc)"
