#!/usr/bin/python3
"""Writes a GPT-2-small-shaped checkpoint with random weights for the benchmark (not committed):

    /usr/bin/python3 bench/gpt2/make_random_gpt2.py /tmp/gpt2-random TOKENIZER_DIR

12 layers, 12 heads, 768 wide, 1024 positions, 50,257 tokens: F32 model.safetensors of ~498 MB
(no mask buffers), config.json, and the real GPT-2 vocab.json/merges.txt from TOKENIZER_DIR
(the folder scripts/fetch-test-data.sh prints).
"""
import json
import os
import shutil
import struct
import sys

import torch


CONFIG = {"model_type": "gpt2", "activation_function": "gelu_new", "n_layer": 12, "n_head": 12, "n_embd": 768,
          "n_positions": 1024, "n_ctx": 1024, "vocab_size": 50257, "layer_norm_epsilon": 1e-5, "n_inner": None}


def weights(seed=0):
    g = torch.Generator().manual_seed(seed)
    d, v, p = CONFIG["n_embd"], CONFIG["vocab_size"], CONFIG["n_positions"]

    def randn(*shape, std=0.02):
        return torch.randn(*shape, generator=g) * std

    w = {"wte.weight": randn(v, d), "wpe.weight": randn(p, d, std=0.01)}
    for i in range(CONFIG["n_layer"]):
        h = f"h.{i}."
        w[h + "ln_1.weight"] = 1 + randn(d, std=0.1)
        w[h + "ln_1.bias"] = randn(d)
        w[h + "attn.c_attn.weight"] = randn(d, 3 * d, std=0.1)
        w[h + "attn.c_attn.bias"] = randn(3 * d)
        w[h + "attn.c_proj.weight"] = randn(d, d)
        w[h + "attn.c_proj.bias"] = randn(d)
        w[h + "ln_2.weight"] = 1 + randn(d, std=0.1)
        w[h + "ln_2.bias"] = randn(d)
        w[h + "mlp.c_fc.weight"] = randn(d, 4 * d)
        w[h + "mlp.c_fc.bias"] = randn(4 * d)
        w[h + "mlp.c_proj.weight"] = randn(4 * d, d)
        w[h + "mlp.c_proj.bias"] = randn(d)
    w["ln_f.weight"] = 1 + randn(d, std=0.1)
    w["ln_f.bias"] = randn(d)
    return w


def write_safetensors(path, tensors):
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, t in tensors.items():
        n = t.numel() * 4
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + n]}
        offset += n
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for t in tensors.values():
            f.write(t.contiguous().numpy().tobytes())


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/gpt2-random"
    os.makedirs(folder, exist_ok=True)
    write_safetensors(os.path.join(folder, "model.safetensors"), weights())
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
    for name in ("vocab.json", "merges.txt"):
        shutil.copy(os.path.join(sys.argv[2], name), os.path.join(folder, name))
    print(folder, os.path.getsize(os.path.join(folder, "model.safetensors")), "bytes")


if __name__ == "__main__":
    main()
