#!/usr/bin/env bash
# CI beyond the README's test command (.ci/run calls it after scripts/test.sh):
#  1. the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (the asan preset:
#     g++, RelWithDebInfo, build-asan/), any report fails the run;
#  2. the fuzz smoke (scripts/fuzz-smoke.sh): every libFuzzer harness a few seconds, with clang.
# Prints how long each part took.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-packages.sh g++ cmake ninja-build pkg-config qt6-base-dev qt6-base-dev-tools qt6-svg-dev \
    libqt6svg6 libgl-dev libeigen3-dev fonts-dejavu-core

start=$SECONDS
cmake --preset asan -DAE_GPT2_TOKENIZER_DIR="$(scripts/fetch-test-data.sh)" \
    -DAE_HF_TOKENIZERS_DIR="$(scripts/fetch-hf-tokenizers.sh)" >/dev/null
cmake --build --preset asan --parallel "$(nproc)"
built=$SECONDS
# halt_on_error: the first report ends the test with a failure, as UBSan's -fno-sanitize-recover does.
ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
QT_QPA_PLATFORM=offscreen \
    ctest --test-dir build-asan --output-on-failure --timeout 1200 -j "$(nproc)"
tested=$SECONDS
echo "ASan + UBSan: build $((built - start)) s, tests $((tested - built)) s"

scripts/fuzz-smoke.sh
echo "fuzz smoke: $((SECONDS - tested)) s; ci-extra total $((SECONDS - start)) s"
