#!/usr/bin/python3
"""PyTorch timing of the same GPT-2 forward pass, on the same safetensors file.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/gpt2/torch_gpt2.py FOLDER [reps]

The model is written in plain torch ops from the formulas (no transformers here), the way
GPT2LMHeadModel's eager path computes it with output_attentions=True: every layer's attention
weights are kept. Two variants:
  same-work:   logits for the last position only (what the C++ engine computes per run)
  full-logits: logits for every position (what GPT2LMHeadModel returns)
Prints one line per measurement: "torch <variant> <tokens> <median wall ms> cpu <median CPU ms>".
BENCH_THREADS (default 2) sets torch's thread count; BENCH_VARIANTS (default "same-work,full-logits")
which variants run.
"""
import json
import math
import os
import statistics
import struct
import sys
import time

import numpy as np
import torch


def load(folder):
    path = os.path.join(folder, "model.safetensors")
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=np.float32).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    return tensors, config


def forward(w, cfg, ids, all_logits):
    n, d, heads = ids.shape[0], cfg["n_embd"], cfg["n_head"]
    dh = d // heads
    eps = cfg["layer_norm_epsilon"]
    x = w["wte.weight"][ids] + w["wpe.weight"][:n]
    mask = torch.tril(torch.ones(n, n, dtype=torch.bool))
    attentions = []
    for i in range(cfg["n_layer"]):
        p = f"h.{i}."
        a = torch.nn.functional.layer_norm(x, (d,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        qkv = torch.addmm(w[p + "attn.c_attn.bias"], a, w[p + "attn.c_attn.weight"])
        q, k, v = (t.reshape(n, heads, dh).transpose(0, 1) for t in qkv.split(d, dim=1))
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(dh)
        weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)
        attentions.append(weights)
        out = (weights @ v).transpose(0, 1).reshape(n, d)
        x = x + torch.addmm(w[p + "attn.c_proj.bias"], out, w[p + "attn.c_proj.weight"])
        m = torch.nn.functional.layer_norm(x, (d,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        h = torch.nn.functional.gelu(torch.addmm(w[p + "mlp.c_fc.bias"], m, w[p + "mlp.c_fc.weight"]), approximate="tanh")
        x = x + torch.addmm(w[p + "mlp.c_proj.bias"], h, w[p + "mlp.c_proj.weight"])
    final = torch.nn.functional.layer_norm(x, (d,), w["ln_f.weight"], w["ln_f.bias"], eps)
    logits = final @ w["wte.weight"].T if all_logits else final[-1:] @ w["wte.weight"].T
    return logits, attentions


def main():
    folder = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "2")))
    w, cfg = load(folder)
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for tokens in (32, 128, 512):
            ids = torch.randint(0, cfg["vocab_size"], (tokens,), generator=generator)
            wanted = os.environ.get("BENCH_VARIANTS", "same-work,full-logits").split(",")
            for variant, all_logits in (("same-work", False), ("full-logits", True)):
                if variant not in wanted:
                    continue
                for _ in range(3):
                    forward(w, cfg, ids, all_logits)
                times, cpu = [], []
                for _ in range(reps):
                    start, cpu_start = time.perf_counter(), time.process_time()
                    forward(w, cfg, ids, all_logits)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - cpu_start) * 1000)
                print(f"torch {variant} {tokens} {statistics.median(times):.2f} cpu {statistics.median(cpu):.2f}", flush=True)
    print(f"torch threads {torch.get_num_threads()} blas {torch.__config__.show().count('BLAS')}", flush=True)


if __name__ == "__main__":
    main()
