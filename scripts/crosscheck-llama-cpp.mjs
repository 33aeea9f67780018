#!/usr/bin/env node
// Evaluates a prompt of token ids on a GGUF file with llama.cpp itself (node-llama-cpp's prebuilt
// CPU build, 2 threads by default) and prints the last position's next-token logits: the top k, the
// prompt-evaluation time, and, when given, how they compare with
//   - a reference.json of scripts/make_gguf_model_fixtures.py (its last logits row, if that row is
//     the last position): top-1 equal and the largest |logit difference|;
//   - a --dump of attention-explorer (docs/dump-format.md): its token_ids are the prompt when no
//     ids are given, and its top_next row of the last position (the app's most likely next tokens
//     with their logits) is compared: top-1 equal and the largest |difference| over those tokens.
// Why: this shows that our GGUF files, and the app's reading of them, match what llama.cpp users see.
//
// Usage:
//   node scripts/crosscheck-llama-cpp.mjs MODEL.gguf [--ids 275,51,...] [--reference REF.json]
//        [--dump DUMP.json] [--out LOGITS.json] [--top 5] [--threads 2] [--kv-type F32] [--tolerance X]
// Without --ids, --reference or --dump, MODEL.reference.json beside the file is used if present.
// --out writes {ids, logits (the full last-position vector), top, promptEvalMs} as JSON.
// --kv-type: the KV cache's type. F32 by default, so that only the weights' and the activations'
// rounding remain (llama.cpp's own default, F16, alone moves these fixtures' logits by ~3e-3).
// --tolerance: exit 1 if a compared top-1 differs or a difference exceeds X (exit 1 on a top-1
// mismatch in any case).
// Example: node scripts/crosscheck-llama-cpp.mjs tests/data/gguf/models/*.gguf
//   (several files: each with its reference.json, one line each)
//
// Timing (scripts/bench.sh): --bench REPS times the prompt evaluation of each --ids (the option may
// be given several times in this mode) REPS times after two warm-up runs, on one context of
// max(512, longest prompt + 1) positions whose batch holds the whole prompt, the sequence cleared
// before each run, the last position's logits asked for (as the app computes the last position's
// prediction). Once with flash attention off and once on (llama.cpp's "auto" picks it on CPU).
// Prints machine-readable lines:
//   llamacpp load-ms MS
//   llamacpp forward N MEDIAN_MS fa off|on threads T kv TYPE cpu MEDIAN_CPU_MS min MIN_MS
// (CPU time of the whole process, every thread: steadier than wall time on a busy machine, but it
// counts llama.cpp's threads spinning while they wait for each other)
// e.g. node scripts/crosscheck-llama-cpp.mjs M.gguf --bench 9 --kv-type F16 --ids 1,2,3 --ids 4,5,6
//
// node-llama-cpp comes from scripts/fetch-node-llama-cpp.sh (pinned, installed with --ignore-scripts
// into a cache folder outside the tree).

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function usage(message) {
    if (message) console.error(`crosscheck-llama-cpp: ${message}`);
    console.error("usage: node scripts/crosscheck-llama-cpp.mjs MODEL.gguf... [--ids a,b,c] [--reference REF.json] " +
        "[--dump DUMP.json] [--out LOGITS.json] [--top K] [--threads N] [--kv-type F32|F16] [--tolerance X] " +
        "[--bench REPS --ids a,b,c [--ids ...]]");
    process.exit(2);
}

function parseArgs(argv) {
    const opts = { models: [], top: 5, threads: 2, kvType: "F32", tolerance: null };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const next = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
        if (a === "--ids") {
            const ids = next().split(",").map((s) => Number.parseInt(s, 10));
            opts.prompts = [...(opts.prompts ?? []), ids];
            opts.ids = ids;
        }
        else if (a === "--bench") opts.bench = Number.parseInt(next(), 10);
        else if (a === "--reference") opts.reference = next();
        else if (a === "--dump") opts.dump = next();
        else if (a === "--out") opts.out = next();
        else if (a === "--top") opts.top = Number.parseInt(next(), 10);
        else if (a === "--threads") opts.threads = Number.parseInt(next(), 10);
        else if (a === "--kv-type") opts.kvType = next().toUpperCase();
        else if (a === "--tolerance") opts.tolerance = Number.parseFloat(next());
        else if (a === "-h" || a === "--help") usage();
        else if (a.startsWith("--")) usage(`unknown option ${a}`);
        else opts.models.push(a);
    }
    if (opts.models.length === 0) usage("no model file");
    if (opts.models.length > 1 && (opts.ids || opts.reference || opts.dump || opts.out))
        usage("--ids, --reference, --dump and --out take one model file");
    if (opts.prompts && opts.prompts.flat().some((x) => !Number.isInteger(x) || x < 0)) usage("--ids: non-negative integers");
    if (opts.prompts && opts.prompts.length > 1 && opts.bench === undefined) usage("several --ids need --bench");
    if (opts.bench !== undefined && (!(opts.bench >= 1) || !opts.prompts || opts.models.length > 1))
        usage("--bench REPS (REPS >= 1) takes one model file and at least one --ids");
    return opts;
}

async function loadBinding() {
    const folder = execFileSync(path.join(here, "fetch-node-llama-cpp.sh"), { encoding: "utf8" }).trim();
    const entry = path.join(folder, "node_modules", "node-llama-cpp", "dist", "index.js");
    return import(pathToFileURL(entry).href);
}

function readJson(file) {
    return JSON.parse(fs.readFileSync(file, "utf8"));
}

// The dump writes NaN and infinities as strings.
function num(v) {
    if (typeof v === "number") return v;
    if (v === "NaN") return NaN;
    if (v === "Infinity") return Infinity;
    if (v === "-Infinity") return -Infinity;
    throw new Error(`not a number: ${JSON.stringify(v)}`);
}

function argmax(values) {
    let best = 0;
    for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    return best;
}

function topK(values, k) {
    return [...values.keys()].sort((a, b) => values[b] - values[a]).slice(0, k).map((id) => ({ id, logit: values[id] }));
}

async function evaluate(llama, modelPath, ids, threads, kvType) {
    const loadStart = performance.now();
    const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
    const loadMs = performance.now() - loadStart;
    const contextSize = Math.max(32, ids.length + 1);
    // swaFullCache: sliding-window layers keep every position, as a single-batch prompt needs anyway.
    const context = await model.createContext({ contextSize, batchSize: contextSize, threads, flashAttention: false,
                                                experimentalKvCacheKeyType: kvType,
                                                experimentalKvCacheValueType: kvType, swaFullCache: true });
    const sequence = context.getSequence();
    const input = ids.slice(0, -1);
    // Only the last position asks for its next-token logits (raw: no sampler options given).
    input.push([ids[ids.length - 1], { generateNext: { logits: true } }]);
    const start = performance.now();
    const outputs = await sequence.controlledEvaluate(input);
    const promptEvalMs = performance.now() - start;
    const map = outputs[ids.length - 1]?.next?.logits;
    if (!map) throw new Error("llama.cpp returned no logits for the last position");
    const size = Math.max(...map.keys()) + 1;
    const logits = new Array(size).fill(NaN);
    for (const [id, value] of map) logits[id] = value;
    await context.dispose();
    await model.dispose();
    return { logits, promptEvalMs, loadMs };
}

function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

// --bench: the median prompt-evaluation time of each prompt (see the header comment).
async function bench(llama, modelPath, prompts, reps, threads, kvType) {
    const loadStart = performance.now();
    const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
    console.log(`llamacpp load-ms ${(performance.now() - loadStart).toFixed(1)}`);
    const contextSize = Math.max(512, ...prompts.map((ids) => ids.length + 1));
    for (const flashAttention of [false, true]) {
        const context = await model.createContext({ contextSize, batchSize: contextSize, threads, flashAttention,
                                                    experimentalKvCacheKeyType: kvType,
                                                    experimentalKvCacheValueType: kvType });
        const sequence = context.getSequence();
        for (const ids of prompts) {
            const times = [], cpu = [];
            for (let r = 0; r < reps + 2; r++) {
                await sequence.clearHistory();
                const input = ids.slice(0, -1);
                input.push([ids[ids.length - 1], { generateNext: { logits: true } }]);
                const cpuStart = process.cpuUsage();
                const start = performance.now();
                await sequence.controlledEvaluate(input);
                const ms = performance.now() - start;
                const used = process.cpuUsage(cpuStart);
                if (r >= 2) { // two warm-up runs
                    times.push(ms);
                    cpu.push((used.user + used.system) / 1000);
                }
            }
            console.log(`llamacpp forward ${ids.length} ${median(times).toFixed(2)} fa ${flashAttention ? "on" : "off"} ` +
                `threads ${threads} kv ${kvType} cpu ${median(cpu).toFixed(2)} min ${Math.min(...times).toFixed(2)}`);
        }
        await context.dispose();
    }
    await model.dispose();
}

function compareReference(ref, ids, logits) {
    const positions = ref.logitPositions ?? [...ref.logits.keys()];
    const row = positions.indexOf(ids.length - 1);
    if (row < 0 || JSON.stringify(ref.ids) !== JSON.stringify(ids)) return null;
    const expected = ref.logits[row];
    let maxDiff = 0;
    for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(expected[i] - logits[i]));
    if (expected.length !== logits.length) maxDiff = Infinity;
    return { top1: argmax(expected), llamaTop1: argmax(logits), maxDiff };
}

function compareDump(dump, ids, logits) {
    const rows = dump.top_next;
    if (!Array.isArray(rows) || !Array.isArray(rows[ids.length - 1]) || rows[ids.length - 1].length === 0)
        throw new Error("the dump has no top_next row for the last position");
    const row = rows[ids.length - 1];
    let maxDiff = 0;
    for (const entry of row) maxDiff = Math.max(maxDiff, Math.abs(num(entry.logit) - logits[entry.id]));
    return { top1: row[0].id, llamaTop1: argmax(logits), maxDiff, compared: row.length };
}

function fmt(x) {
    return Number.isFinite(x) ? x.toExponential(2) : String(x);
}

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    const binding = await loadBinding();
    const llama = await binding.getLlama({ gpu: false, build: "never", logLevel: binding.LlamaLogLevel.error,
                                           progressLogs: false, maxThreads: opts.threads });
    if (opts.bench !== undefined) {
        await bench(llama, path.resolve(opts.models[0]), opts.prompts, opts.bench, opts.threads, opts.kvType);
        await llama.dispose();
        process.exit(0);
    }
    let failed = false;
    const tolerance = opts.tolerance ?? Infinity;
    for (const modelPath of opts.models) {
        const referencePath = opts.reference ??
            (opts.ids || opts.dump ? undefined : modelPath.replace(/\.gguf$/, ".reference.json"));
        const reference = referencePath && fs.existsSync(referencePath) ? readJson(referencePath) : null;
        const dump = opts.dump ? readJson(opts.dump) : null;
        const ids = opts.ids ?? dump?.token_ids ?? reference?.ids;
        if (!ids || ids.length === 0) usage(`${modelPath}: no ids (give --ids, --reference or --dump)`);

        const { logits, promptEvalMs, loadMs } = await evaluate(llama, path.resolve(modelPath), ids, opts.threads,
                                                                 opts.kvType);
        const top = topK(logits, opts.top);
        const parts = [`${path.basename(modelPath)}: ${ids.length} tokens, prompt eval ${promptEvalMs.toFixed(1)} ms ` +
            `(load ${loadMs.toFixed(0)} ms, ${opts.threads} threads, KV ${opts.kvType}); llama.cpp top: ` +
            top.map((t) => `${t.id} (${t.logit.toFixed(4)})`).join(", ")];
        for (const [what, cmp] of [["reference", reference && compareReference(reference, ids, logits)],
                                   ["dump", dump && compareDump(dump, ids, logits)]]) {
            if (!cmp) continue;
            const agree = cmp.top1 === cmp.llamaTop1;
            parts.push(`vs ${what}: top-1 ${agree ? "equal" : `DIFFERS (${what} ${cmp.top1})`}, ` +
                `max |diff| ${fmt(cmp.maxDiff)}${cmp.compared ? ` over its ${cmp.compared} tokens` : ""}`);
            if (!agree || !(cmp.maxDiff <= tolerance)) failed = true;
        }
        console.log(parts.join("\n    "));
        if (opts.out) {
            fs.writeFileSync(opts.out, JSON.stringify({ model: path.basename(modelPath), ids, promptEvalMs, top, logits }));
        }
    }
    await llama.dispose();
    process.exit(failed ? 1 : 0);
}

main().catch((error) => {
    console.error(`crosscheck-llama-cpp: ${error.stack ?? error}`);
    process.exit(1);
});
