#!/usr/bin/env bash
# Installs node-llama-cpp (llama.cpp's Node binding) with its prebuilt Linux x64 CPU binaries, for
# scripts/crosscheck-llama-cpp.mjs, which evaluates our GGUF fixtures with llama.cpp itself. Same
# release as scripts/fetch-llama-cpp.sh (3.22.1: ggml 0.25.1, commit 0ad4a86), so the cross-check runs
# the very libggml that made and decoded the fixtures. Pinned versions; `npm install --ignore-scripts`
# so no install script runs (node-llama-cpp's would try to download or build llama.cpp: the prebuilt
# @node-llama-cpp/linux-x64 is all it needs); --omit=optional keeps the CUDA and Vulkan builds out.
# Cached outside the tree in $AE_TEST_DATA_CACHE (default ~/.cache/attention-explorer); a second run
# installs nothing. Prints the folder whose node_modules holds node-llama-cpp.
set -euo pipefail

version=3.22.1
cache="${AE_TEST_DATA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/attention-explorer}"
target="$cache/node-llama-cpp-$version"
bins="$target/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64"
# The libggml-base.so of scripts/fetch-llama-cpp.sh: the same bytes, checked.
ggml_base_sha256=6c342c8aeb20cb31a18099d6f79de4de6703814d1cfd5c4d754a8643087e486e

verified() {
    [ -f "$bins/llama-addon.node" ] && [ -f "$target/node_modules/node-llama-cpp/package.json" ] &&
        echo "$ggml_base_sha256  $bins/libggml-base.so" | sha256sum --check --status 2>/dev/null
}

if ! verified; then
    if ! command -v npm >/dev/null; then
        scripts_dir="$(cd "$(dirname "$0")" && pwd)"
        "$scripts_dir/ensure-packages.sh" nodejs npm >&2
    fi
    mkdir -p "$target"
    cat > "$target/package.json" <<JSON
{"name": "ae-llama-cpp-crosscheck", "private": true,
 "dependencies": {"node-llama-cpp": "$version", "@node-llama-cpp/linux-x64": "$version"}}
JSON
    (cd "$target" && npm install --ignore-scripts --omit=optional --no-audit --no-fund --silent >&2)
    if ! verified; then
        echo "fetch-node-llama-cpp: $bins does not hold the expected llama-addon.node and libggml-base.so" >&2
        exit 1
    fi
fi
echo "$target"
