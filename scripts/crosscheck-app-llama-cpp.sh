#!/usr/bin/env bash
# The app against llama.cpp itself on the GGUF fixtures: for each tests/data/gguf/models/*.gguf and
# a few texts, attention-explorer --dump gives the app's top next tokens with their logits; then
# scripts/crosscheck-llama-cpp.mjs evaluates the dump's own token ids with llama.cpp (node-llama-cpp,
# 2 threads, F32 KV cache) and compares: top-1 equal, and the largest |logit difference| over the
# dump's tokens. Exits 1 when a top-1 differs, unless the app's own lead of its best token over
# the second is below twice that largest difference (a tie within the two programs' rounding). Not in the default test suite: it installs
# node-llama-cpp (scripts/fetch-node-llama-cpp.sh) and takes about a minute.
#
#   scripts/crosscheck-app-llama-cpp.sh [BUILD_DIR]     (default: build)
#
# Expect up to ~1e-2 on F32/F16 files (llama.cpp rounds activations to F16 for F16 weights and its
# GELU differs slightly) and a few tenths on quantised ones: llama.cpp quantises the activations to
# Q8 before multiplying them with quantised weights, while the app multiplies floats with the
# dequantised weights (the same decoded weights in F32 agree to 5e-5).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
app="$build/bin/attention-explorer"
[ -x "$app" ] || { echo "no $app: build the app first" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

texts=("<|endoftext|>The cat sat on the mat, and the dog ran."
       "<|endoftext|>T mTher o/2"
       "Hello world, hello world.")
failed=0; ties=0
printf '%-24s %-6s %-8s %-11s %s\n' file text top-1 "max |diff|" "app's top-1 lead"
for model in "$root"/tests/data/gguf/models/*.gguf; do
    name="$(basename "$model" .gguf)"
    for t in "${!texts[@]}"; do
        dump="$work/$name-$t.json"
        QT_QPA_PLATFORM=offscreen "$app" --model "$model" --sentence "${texts[$t]}" --dump "$dump"
        line="$(node "$root/scripts/crosscheck-llama-cpp.mjs" "$model" --dump "$dump" 2>&1 | grep 'vs dump' || true)"
        diff="$(sed -n 's/.*max |diff| \([^ ]*\).*/\1/p' <<<"$line")"
        # The app's lead of its best token over the second, at the last position.
        margin="$(node -e 'const t = JSON.parse(require("fs").readFileSync(process.argv[1])).top_next.at(-1);
                           console.log((t[0].logit - t[1].logit).toPrecision(3))' "$dump")"
        if [[ "$line" == *"top-1 equal"* ]]; then top=equal
        elif awk -v m="$margin" -v d="${diff:-0}" 'BEGIN {exit !(m < 2 * d)}'; then
            # Each of the two best logits moves by up to d between the programs, so a lead below 2d
            # may turn either way: a tie within the two programs' rounding, not a misreading.
            top="tie"
            ties=$((ties + 1))
        else top=DIFFERS; failed=1; fi
        printf '%-24s %-6s %-8s %-11s %s\n' "$name" "$t" "$top" "${diff:-?}" "$margin"
    done
done
[ "$ties" -eq 0 ] || echo "tie: the app's top two differ by less than twice its logits' distance from llama.cpp's there ($ties case(s))"
exit "$failed"
