#!/usr/bin/env bash
# Fuzz smoke for CI: builds the libFuzzer harnesses of fuzz/ with clang (ASan + UBSan + libFuzzer)
# and runs each on a scratch copy of its committed seed corpus (fuzz/corpus/<harness>) and of the
# inputs that once found a bug (fuzz/regressions/<harness>) for AE_FUZZ_SECONDS seconds
# (default 8: about a minute for all). Any crash, sanitizer report, failed property, timeout or
# oversized allocation fails the script; the input that did it is kept under $build/fuzz-findings.
# Memory: every harness runs under a 400 MB resident-set limit, and no single allocation may
# exceed it (issue 11: no reader may need more than 400 MB for any file).
#   AE_FUZZ_BUILD_DIR   build folder (default build-fuzz)
#   AE_FUZZ_SECONDS     seconds per harness (default 8)
#   AE_FUZZ_ONLY        space-separated harness names (default: all), e.g. "session npy"
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-packages.sh clang libclang-rt-14-dev libomp-14-dev \
    cmake ninja-build qt6-base-dev libeigen3-dev

build_dir="${AE_FUZZ_BUILD_DIR:-build-fuzz}"
seconds="${AE_FUZZ_SECONDS:-8}"
harnesses=(${AE_FUZZ_ONLY:-safetensors gguf gpt2config bpefiles bpeencode hftokenizer bertvocab session wordtokenizer npy matrixjson})

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DAE_FUZZ=ON \
    -DAE_GPT2_TOKENIZER_DIR="$(scripts/fetch-test-data.sh)" >/dev/null
cmake --build "$build_dir" --target fuzzers --parallel "$(nproc)"

# AddressSanitizer keeps up to 256 MB of freed memory in quarantine (to catch use after free), which
# counts towards the resident set: with it, a harness whose every input needs 40 MB passed 400 MB
# after a few seconds. 32 MB still catches the use of memory freed a short while before; a value
# given in ASAN_OPTIONS wins (later options override earlier ones).
export ASAN_OPTIONS="quarantine_size_mb=32${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

findings="$build_dir/fuzz-findings"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$findings"
failed=()
for harness in "${harnesses[@]}"; do
    corpus="$scratch/$harness"
    mkdir -p "$corpus"
    cp fuzz/corpus/"$harness"/* "$corpus"/
    if [[ -d fuzz/regressions/"$harness" ]]; then cp fuzz/regressions/"$harness"/* "$corpus"/; fi
    dict=()
    case "$harness" in safetensors|gpt2config|bpefiles|session|matrixjson) dict=(-dict=fuzz/json.dict) ;; esac
    log="$scratch/$harness.log"
    if "$build_dir/fuzz/fuzz_$harness" -max_total_time="$seconds" -rss_limit_mb=400 -malloc_limit_mb=400 \
        -timeout=25 "${dict[@]}" -artifact_prefix="$findings/$harness-" -print_final_stats=1 "$corpus" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz_$harness: ${runs:-?} inputs in ${seconds} s, clean"
    else
        echo "fuzz_$harness: FINDING (input kept in $findings)"
        grep -E 'ERROR|SUMMARY|fuzz check failed|runtime error|==[0-9]+==' "$log" | head -20 || tail -30 "$log"
        failed+=("$harness")
    fi
done
if ((${#failed[@]})); then
    echo "fuzz smoke failed: ${failed[*]}"
    exit 1
fi
echo "fuzz smoke: ${#harnesses[@]} harnesses clean"
