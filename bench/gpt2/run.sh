#!/bin/bash
# Runs the engine benchmark and PyTorch on the same random GPT-2-small checkpoint and prints the
# medians and the ratio (PyTorch time / engine time: above 1 means the engine is faster).
#
#   bench/gpt2/run.sh BENCH_BINARY [FOLDER] [REPS]
# BENCH_BINARY: the built gpt2_bench; FOLDER (default /tmp/gpt2-random) is made if missing.
# BENCH_THREADS (default 2): threads for both. Ratios of wall time and of CPU time (the latter
# steadier when other work shares the machine).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bench="${1:?usage: run.sh BENCH_BINARY [FOLDER] [REPS]}"
folder="${2:-/tmp/gpt2-random}"
reps="${3:-15}"
threads="${BENCH_THREADS:-2}"

if [ ! -f "$folder/model.safetensors" ]; then
    /usr/bin/python3 "$here/make_random_gpt2.py" "$folder"
fi

engine="$(mktemp)"; torch="$(mktemp)"
trap 'rm -f "$engine" "$torch"' EXIT
OMP_NUM_THREADS="$threads" "$bench" "$folder" "$reps" | tee "$engine"
# PyTorch on both cores, with OpenBLAS choosing its own kernels (the project's environment pins
# OPENBLAS_CORETYPE for other reasons; unset for this comparison only).
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" BENCH_THREADS="$threads" /usr/bin/python3 "$here/torch_gpt2.py" "$folder" "$reps" | tee "$torch"

echo
printf '%-7s %10s %10s %8s %12s %8s %9s %9s %8s\n' tokens engine_ms torch_ms ratio torch_full ratio_f eng_cpu torch_cpu cpu_ratio
for n in 32 128 512; do
    read -r e ec < <(awk -v n="$n" '$1=="engine" && $2=="forward" && $3==n {print $4, $6}' "$engine")
    read -r s sc < <(awk -v n="$n" '$1=="torch" && $2=="same-work" && $3==n {print $4, $6}' "$torch")
    read -r f fc < <(awk -v n="$n" '$1=="torch" && $2=="full-logits" && $3==n {print $4, $6}' "$torch")
    printf '%-7s %10s %10s %8.2f %12s %8.2f %9s %9s %8.2f\n' "$n" "$e" "$s" "$(echo "$s / $e" | bc -l)" "$f" \
        "$(echo "$f / $e" | bc -l)" "$ec" "$sc" "$(echo "$sc / $ec" | bc -l)"
done
grep -E 'append-one|load-ms|file-mb|peak-rss|kernel' "$engine"
