#!/usr/bin/env bash
# Fetches llama.cpp's own prebuilt libraries (libggml-base.so, libggml-cpu-*.so, libllama.so), the
# independent reference for what we read out of GGUF files: scripts/make_ggml_dequant_fixtures.py
# calls ggml's quantisers and dequantisers in libggml-base.so through ctypes. They come from the
# npm package @node-llama-cpp/linux-x64, which ships them prebuilt for node-llama-cpp (ggml 0.25.1,
# commit 0ad4a86, in package version 3.22.1). Pinned by version and checked by SHA-256 (the tarball
# and libggml-base.so); fetched with `npm pack`, so no install script of the package ever runs;
# cached outside the tree in $AE_TEST_DATA_CACHE (default ~/.cache/attention-explorer), so a
# second run fetches nothing. Prints the folder that holds the libraries.
set -euo pipefail

package=@node-llama-cpp/linux-x64
version=3.22.1
tarball_sha256=0d953e1503d5ab4608d8ed5b739132308c81ac05ffeb760d2a7f30e08a9f90e0
ggml_base_sha256=6c342c8aeb20cb31a18099d6f79de4de6703814d1cfd5c4d754a8643087e486e

cache="${AE_TEST_DATA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/attention-explorer}"
target="$cache/llama-cpp-$version"

verified() {
    echo "$ggml_base_sha256  $target/libggml-base.so" | sha256sum --check --status 2>/dev/null
}

if ! verified; then
    if ! command -v npm >/dev/null; then
        scripts_dir="$(cd "$(dirname "$0")" && pwd)"
        "$scripts_dir/ensure-packages.sh" nodejs npm >&2
    fi
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
    archive="$work/node-llama-cpp-linux-x64-$version.tgz"
    if ! echo "$tarball_sha256  $archive" | sha256sum --check --status; then
        echo "fetch-llama-cpp: $package@$version does not have the expected SHA-256; not used" >&2
        exit 1
    fi
    tar -xzf "$archive" -C "$work" package/bins/linux-x64
    mkdir -p "$target"
    cp "$work"/package/bins/linux-x64/*.so "$work"/package/bins/linux-x64/_nlcBuildMetadata.json "$target/"
    if ! verified; then
        echo "fetch-llama-cpp: libggml-base.so in $package@$version is not the expected one; not used" >&2
        rm -rf "$target"
        exit 1
    fi
fi
echo "$target"
