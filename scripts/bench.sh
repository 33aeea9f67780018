#!/usr/bin/env bash
# The performance benchmarks in one command: configures and builds build-bench (Release,
# AE_BUILD_BENCHMARKS=ON), runs bench/attention-bench (engine, painting, keystroke, startup),
# bench/gpt2 next to PyTorch on the same random GPT-2-small checkpoint, and bench/gguf next to
# llama.cpp on the same random SmolLM2-135M-shaped GGUF files (Q8_0 and Q4_K_M) and prompts, then
# prints one table: case, median, target, met?, and the reference's time / ours (PyTorch for gpt2,
# llama.cpp's prompt evaluation for gguf; above 1: ours is faster).
#
#   scripts/bench.sh
#   BENCH_ONLY=gguf scripts/bench.sh      only the GGUF rows (builds and runs gguf_bench only)
# Environment: BENCH_REPS (default 41; GPT-2 uses a third of it, at least 9; GGUF a fifth, at
# least 5, or BENCH_GGUF_REPS), BENCH_THREADS (2, for every engine), BENCH_JOBS (build jobs, 2),
# BENCH_ONLY (gguf, or empty for everything), GPT2_DIR (checkpoint folder, made if missing,
# default /tmp/ae-bench-gpt2), GGUF_DIR (made if missing by scripts/make_shaped_gguf.py, default
# /tmp/ae-bench-gguf), AE_BENCH_BUILD_DIR (default build-bench).
# PyTorch runs as /usr/bin/python3 with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (only there).
# llama.cpp runs through node-llama-cpp (scripts/fetch-node-llama-cpp.sh; scripts/crosscheck-llama-cpp.mjs
# --bench) with its default F16 KV cache, one batch per prompt, flash attention off and on: the
# ratio uses the faster of the two.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${AE_BENCH_BUILD_DIR:-$root/build-bench}"
reps="${BENCH_REPS:-41}"
gpt2_reps=$(( reps / 3 > 9 ? reps / 3 : 9 ))
threads="${BENCH_THREADS:-2}"
gpt2_dir="${GPT2_DIR:-/tmp/ae-bench-gpt2}"
gguf_reps="${BENCH_GGUF_REPS:-$(( reps / 5 > 5 ? reps / 5 : 5 ))}"
gguf_dir="${GGUF_DIR:-/tmp/ae-bench-gguf}"
gguf_types=(q8_0 q4_k_m)
only="${BENCH_ONLY:-}"
case "$only" in ""|gguf) ;; *) echo "bench.sh: BENCH_ONLY is gguf or empty, not '$only'" >&2; exit 2 ;; esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAE_BUILD_BENCHMARKS=ON >"$work/configure.log" \
    || { cat "$work/configure.log"; exit 1; }
targets=(gguf_bench)
[ -z "$only" ] && targets+=(attention-bench gpt2_bench attention-explorer)
cmake --build "$build" -j "${BENCH_JOBS:-2}" --target "${targets[@]}" >"$work/build.log" \
    || { tail -n 40 "$work/build.log"; exit 1; }

for t in "${gguf_types[@]}"; do
    if [ ! -f "$gguf_dir/smollm2-135m-shaped-$t.gguf" ]; then
        echo "making the SmolLM2-135M-shaped GGUF files in $gguf_dir ..." >&2
        /usr/bin/python3 "$root/scripts/make_shaped_gguf.py" "$gguf_dir" "$("$root/scripts/fetch-test-data.sh")" >&2
        break
    fi
done
"$root/scripts/fetch-node-llama-cpp.sh" >/dev/null

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ -z "$only" ]; then
if [ ! -f "$gpt2_dir/model.safetensors" ]; then
    echo "making the random GPT-2 checkpoint in $gpt2_dir ..." >&2
    /usr/bin/python3 "$root/bench/gpt2/make_random_gpt2.py" "$gpt2_dir" "$("$root/scripts/fetch-test-data.sh")" >&2
fi
if ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
    echo "warning: libopenblas0-pthread is not installed; PyTorch runs on the reference BLAS" >&2
fi

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
fi
# GGUF: our engine, then llama.cpp on the ids our engine printed (one after the other, never together).
for t in "${gguf_types[@]}"; do
    file="$gguf_dir/smollm2-135m-shaped-$t.gguf"
    echo "running the GGUF engine on $t ($gguf_reps repetitions) ..." >&2
    OMP_NUM_THREADS="$threads" "$build/bench/gguf_bench" "$file" "$gguf_reps" >"$work/gguf-$t.txt"
    ids_args=()
    while read -r ids; do ids_args+=(--ids "$ids"); done < <(awk '$1=="ids" {print $3}' "$work/gguf-$t.txt")
    echo "running llama.cpp on $t ($gguf_reps repetitions) ..." >&2
    node "$root/scripts/crosscheck-llama-cpp.mjs" "$file" --bench "$gguf_reps" --threads "$threads" --kv-type F16 \
        "${ids_args[@]}" >"$work/llamacpp-$t.txt"
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "Attention Explorer benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC')${only:+ (only: $only)}"
if [ -z "$only" ]; then
    qt="$(awk -F'\t' '$1=="qt" {print $2}' "$work/app.txt")"
    kernel="$(awk '$2=="kernel" {print $3}' "$work/engine-default.txt")"
    torch_version="$(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo '?')"
    echo "CPU: $cpu; cores: $(nproc); Qt $qt; engine threads $threads ($kernel kernel); PyTorch $torch_version, $threads threads"
else
    echo "CPU: $cpu; cores: $(nproc); engine threads $threads"
fi
echo "llama.cpp: node-llama-cpp 3.22.1 (prebuilt CPU), $threads threads, F16 KV cache, one batch per prompt"
echo "load average (1/5/15 min) before: $load_before, after: $load_after"
echo "medians over $reps repetitions (GPT-2: $gpt2_reps; GGUF: $gguf_reps); vs_ref = reference time / ours" \
     "(PyTorch for gpt2, llama.cpp for gguf), above 1 = ours faster"
echo
row() { printf '%-52s %12s %14s %5s %9s  %s\n' "$@"; }
row case median target met? vs_ref note
row "----" "------" "------" "----" "--------" "----"

if [ -z "$only" ]; then

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
fi

for t in "${gguf_types[@]}"; do
    ours="$work/gguf-$t.txt"; theirs="$work/llamacpp-$t.txt"
    load_ms="$(awk '$1=="engine" && $2=="load-ms" {print $3}' "$ours")"
    row "gguf $t load (parse, dequantise, tokenizer)" "$(printf '%.0f ms' "$load_ms")" "-" "-" "-" \
        "llama.cpp $(awk '$1=="llamacpp" && $2=="load-ms" {printf "%.0f", $3}' "$theirs") ms (mmap; node-llama-cpp's loadModel)"
    read -r file_mb peak_mb mem_ratio < <(awk '$1=="engine" && $2=="file-mb" {print $3, $7, $9}' "$ours")
    row "gguf $t peak memory after load" "$(printf '%.0f MB' "$peak_mb")" "-" "-" "-" \
        "${mem_ratio} x the $(printf '%.0f' "$file_mb") MB file: weights dequantised to floats; $(awk '$2=="weights" {$1=$2=""; print substr($0, 3)}' "$ours")"
    for n in 128 512; do
        e="$(awk -v n="$n" '$1=="engine" && $2=="forward" && $3==n {print $4}' "$ours")"
        ec="$(awk -v n="$n" '$1=="engine" && $2=="forward" && $3==n {print $6}' "$ours")"
        emin="$(awk -v n="$n" '$1=="engine" && $2=="forward" && $3==n {print $8}' "$ours")"
        tmin="$(awk -v n="$n" '$1=="llamacpp" && $2=="forward" && $3==n && (m == "" || $14 + 0 < m + 0) {m = $14} END {print m}' "$theirs")"
        off="$(awk -v n="$n" '$1=="llamacpp" && $2=="forward" && $3==n && $6=="off" {print $4}' "$theirs")"
        on="$(awk -v n="$n" '$1=="llamacpp" && $2=="forward" && $3==n && $6=="on" {print $4}' "$theirs")"
        # llama.cpp at its faster setting: its wall and CPU medians
        read -r best best_cpu < <(awk -v n="$n" '$1=="llamacpp" && $2=="forward" && $3==n && (b == "" || $4 + 0 < b + 0) \
            {b = $4; c = $12} END {print b, c}' "$theirs")
        ratio=$(awk -v t="$best" -v e="$e" 'BEGIN {printf "%.2f", t / e}')
        cpu_ratio=$(awk -v t="$best_cpu" -v e="$ec" 'BEGIN {printf "%.2f", t / e}')
        min_ratio=$(awk -v t="$tmin" -v e="$emin" 'BEGIN {printf "%.2f", t / e}')
        row "gguf $t forward $n tok" "$(printf '%.1f ms' "$e")" "within 2x llama" \
            "$(awk -v r="$ratio" 'BEGIN {print (r >= 0.5) ? "yes" : "NO"}')" "$ratio" \
            "llama.cpp $off ms (flash attn off), $on ms (on); CPU time: ours $ec ms, llama.cpp $best_cpu ms, ratio $cpu_ratio; fastest runs: ours $emin ms, llama.cpp $tmin ms, ratio $min_ratio"
    done
    row "gguf $t peak memory, whole run" "$(printf '%.0f MB' "$(awk '$2=="peak-rss-mb" {print $3}' "$ours")")" "-" "-" "-" \
        "after forward passes up to 512 tokens (every head's attention kept)"
done
