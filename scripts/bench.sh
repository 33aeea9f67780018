#!/usr/bin/env bash
# The performance benchmarks in one command: configures and builds build-bench (Release,
# AE_BUILD_BENCHMARKS=ON), runs bench/attention-bench (engine, painting, keystroke, startup) and
# bench/gpt2 next to PyTorch on the same random GPT-2-small checkpoint, then prints one table:
# case, median, target, met?, and the ratio PyTorch time / engine time (above 1: the engine is faster).
#
#   scripts/bench.sh
# Environment: BENCH_REPS (default 41; GPT-2 uses a third of it, at least 9), BENCH_THREADS (2,
# for both engines), BENCH_JOBS (build jobs, 2), GPT2_DIR (checkpoint folder, made if missing,
# default /tmp/ae-bench-gpt2), AE_BENCH_BUILD_DIR (default build-bench).
# PyTorch runs as /usr/bin/python3 with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (only there).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${AE_BENCH_BUILD_DIR:-$root/build-bench}"
reps="${BENCH_REPS:-41}"
gpt2_reps=$(( reps / 3 > 9 ? reps / 3 : 9 ))
threads="${BENCH_THREADS:-2}"
gpt2_dir="${GPT2_DIR:-/tmp/ae-bench-gpt2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAE_BUILD_BENCHMARKS=ON >"$work/configure.log" \
    || { cat "$work/configure.log"; exit 1; }
cmake --build "$build" -j "${BENCH_JOBS:-2}" --target attention-bench gpt2_bench attention-explorer >"$work/build.log" \
    || { tail -n 40 "$work/build.log"; exit 1; }

if [ ! -f "$gpt2_dir/model.safetensors" ]; then
    echo "making the random GPT-2 checkpoint in $gpt2_dir ..." >&2
    /usr/bin/python3 "$root/bench/gpt2/make_random_gpt2.py" "$gpt2_dir" "$("$root/scripts/fetch-test-data.sh")" >&2
fi
if ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
    echo "warning: libopenblas0-pthread is not installed; PyTorch runs on the reference BLAS" >&2
fi

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "running attention-bench ($reps repetitions per case) ..." >&2
QT_QPA_PLATFORM=offscreen OMP_NUM_THREADS="$threads" "$build/bench/attention-bench" --reps "$reps" >"$work/app.txt"
# GPT-2 twice: with OpenMP's default wait policy (threads spin between parallel regions: what the
# app gets) and, for both engines alike, with OMP_WAIT_POLICY=passive (threads sleep: on a machine
# whose cores are busy with other work, a spinning thread holds a core the other one needs).
for policy in default passive; do
    policy_env=(); variants="same-work,full-logits"
    if [ "$policy" = passive ]; then policy_env=(OMP_WAIT_POLICY=passive); variants="same-work"; fi
    echo "running the GPT-2 engine ($gpt2_reps repetitions, $policy wait policy) ..." >&2
    env "${policy_env[@]}" OMP_NUM_THREADS="$threads" "$build/bench/gpt2_bench" "$gpt2_dir" "$gpt2_reps" \
        >"$work/engine-$policy.txt"
    echo "running PyTorch ($gpt2_reps repetitions, $policy wait policy) ..." >&2
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "${policy_env[@]}" OMP_NUM_THREADS="$threads" \
        BENCH_THREADS="$threads" BENCH_VARIANTS="$variants" \
        /usr/bin/python3 "$root/bench/gpt2/torch_gpt2.py" "$gpt2_dir" "$gpt2_reps" >"$work/torch-$policy.txt"
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
qt="$(awk -F'\t' '$1=="qt" {print $2}' "$work/app.txt")"
kernel="$(awk '$2=="kernel" {print $3}' "$work/engine-default.txt")"
torch_version="$(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo '?')"
echo "Attention Explorer benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "CPU: $cpu; cores: $(nproc); Qt $qt; engine threads $threads ($kernel kernel); PyTorch $torch_version, $threads threads"
echo "load average (1/5/15 min) before: $load_before, after: $load_after"
echo "medians over $reps repetitions (GPT-2: $gpt2_reps); ratio = PyTorch / engine, above 1 = engine faster"
echo
row() { printf '%-52s %12s %14s %5s %9s  %s\n' "$@"; }
row case median target met? vs_torch note
row "----" "------" "------" "----" "--------" "----"

# The app's cases: case<TAB>name<TAB>median<TAB>target<TAB>reps<TAB>note
while IFS=$'\t' read -r kind name value target _ note; do
    [ "$kind" = case ] || continue
    if [ "$target" = "-" ]; then met="-"; shown_target="-"
    else met=$(awk -v v="$value" -v t="$target" 'BEGIN {print (v <= t) ? "yes" : "NO"}'); shown_target="<= $target ms"; fi
    row "$name" "$(printf '%.2f ms' "$value")" "$shown_target" "$met" "-" "$note"
done <"$work/app.txt"

engine_value() { awk -v w="$1" -v n="${2:-}" '$1=="engine" && $2==w && (n=="" || $3==n) {print (n=="" ? $3 : $4)}' "$engine"; }
engine_cpu() { awk -v w="$1" -v n="$2" '$1=="engine" && $2==w && $3==n {print $6}' "$engine"; }
torch_value() { awk -v n="$1" -v v="${2:-same-work}" '$1=="torch" && $2==v && $3==n {print $4}' "$torch"; }
torch_cpu() { awk -v n="$1" '$1=="torch" && $2=="same-work" && $3==n {print $6}' "$torch"; }

engine="$work/engine-default.txt"; torch="$work/torch-default.txt"
load_ms="$(engine_value load-ms)"
row "gpt2 load (mmap + checks)" "$(printf '%.1f ms' "$load_ms")" "-" "-" "-" ""
read -r file_mb peak_mb < <(awk '$1=="engine" && $2=="file-mb" {print $3, $7}' "$engine")
mem_ratio=$(awk -v p="$peak_mb" -v f="$file_mb" 'BEGIN {printf "%.3f", p / f}')
row "gpt2 peak memory after load" "$(printf '%.0f MB' "$peak_mb")" "<= 1.15 x file" \
    "$(awk -v r="$mem_ratio" 'BEGIN {print (r <= 1.15) ? "yes" : "NO"}')" "-" "${mem_ratio} x the ${file_mb} MB file"
for policy in default passive; do
    engine="$work/engine-$policy.txt"; torch="$work/torch-$policy.txt"
    suffix=""; [ "$policy" = passive ] && suffix=" [passive wait]"
    for n in 32 128 512; do
        e="$(engine_value forward "$n")"; t="$(torch_value "$n")"
        ratio=$(awk -v t="$t" -v e="$e" 'BEGIN {printf "%.2f", t / e}')
        cpu_ratio=$(awk -v t="$(torch_cpu "$n")" -v e="$(engine_cpu forward "$n")" 'BEGIN {printf "%.2f", t / e}')
        if [ "$n" = 128 ]; then target=">= 1.0 x torch"; met=$(awk -v r="$ratio" 'BEGIN {print (r >= 1.0) ? "yes" : "NO"}')
        else target="-"; met="-"; fi
        note="torch $t ms; CPU-time ratio $cpu_ratio"
        [ "$policy" = default ] && note="$note; torch all-position logits $(torch_value "$n" full-logits) ms"
        row "gpt2 forward $n tok$suffix" "$(printf '%.2f ms' "$e")" "$target" "$met" "$ratio" "$note"
    done
    for n in 128 512; do
        e="$(engine_value append-one "$n")"
        row "gpt2 append one token to $n cached$suffix" "$(printf '%.2f ms' "$e")" "<= 30 ms" \
            "$(awk -v v="$e" 'BEGIN {print (v <= 30) ? "yes" : "NO"}')" "-" "CPU $(engine_cpu append-one "$n") ms"
    done
done
engine="$work/engine-default.txt"
row "gpt2 peak memory, whole run" "$(printf '%.0f MB' "$(awk '$2=="peak-rss-mb" {print $3}' "$engine")")" "-" "-" "-" \
    "after forward passes up to 512 tokens"
