#!/usr/bin/python3
"""Makes the tiny GPT-2 checkpoints and PyTorch reference numbers under tests/data/gpt2/.

Run with Debian's torch:   /usr/bin/python3 scripts/make_gpt2_fixtures.py

No `transformers` here: the reference forward pass is written in plain torch ops from the GPT-2
formulas (the same ones Hugging Face's GPT2LMHeadModel implements), and the safetensors files are
written by hand with struct + json, so neither the C++ reader nor the C++ forward pass is used to
make its own expected values.

Layout of every checkpoint folder, as Hugging Face ships one:
  config.json, model.safetensors, vocab.json, merges.txt
plus reference.json: the ids fed in and the numbers the forward pass must reproduce, computed in
float64 from exactly the weights stored in the file (F16/BF16 weights rounded first).

Malformed folders under malformed/ each break one thing; the C++ tests check the message.
"""

import json
import math
import os
import shutil
import struct
import sys

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "gpt2")

# ---------------------------------------------------------------------------------------------
# A tiny byte-level BPE vocabulary in GPT-2's format: the 256 byte symbols first, in GPT-2's own
# order, then a few merges, then <|endoftext|> last (as id 50256 is in GPT-2).


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return bs, [chr(c) for c in cs]


MERGES = [
    ("Ġ", "t"), ("h", "e"), ("Ġt", "he"), ("Ġ", "a"), ("i", "n"), ("Ġ", "s"), ("a", "t"), ("Ġ", "c"),
    ("Ġc", "at"), ("Ġs", "at"), ("Ġ", "o"), ("Ġo", "n"), ("Ġ", "m"), ("Ġm", "at"), ("T", "h"), ("Th", "e"),
    ("e", "r"), ("o", "n"), ("e", "d"),
]


def make_vocab():
    _, symbols = bytes_to_unicode()
    vocab = {s: i for i, s in enumerate(symbols)}
    for a, b in MERGES:
        vocab[a + b] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    merges = "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in MERGES)
    return vocab, merges


VOCAB, MERGES_TXT = make_vocab()
VOCAB_SIZE = len(VOCAB)  # 276
# The vocabulary's tokens The, Ġcat, Ġsat, Ġon, Ġthe, Ġmat, "." (BPE itself splits "The" as T|he,
# because "h e" outranks "T h"), then a few other ids (end-of-text among them).
IDS = [VOCAB["The"], VOCAB["Ġcat"], VOCAB["Ġsat"], VOCAB["Ġon"], VOCAB["Ġthe"], VOCAB["Ġmat"], VOCAB["."],
       VOCAB["<|endoftext|>"], 17, 200, VOCAB["Ġthe"], 3]

# ---------------------------------------------------------------------------------------------
# Weights


def make_weights(n_layer, n_head, n_embd, n_positions, seed):
    g = torch.Generator().manual_seed(seed)

    def randn(*shape, std):
        return (torch.randn(*shape, generator=g, dtype=torch.float64) * std).float()

    d = n_embd
    w = {
        "wte.weight": randn(VOCAB_SIZE, d, std=1.0),
        "wpe.weight": randn(n_positions, d, std=0.5),
    }
    for i in range(n_layer):
        p = f"h.{i}."
        # Conv1D layout: weight (in, out), y = x·W + b.
        w[p + "ln_1.weight"] = 1.0 + randn(d, std=0.2)
        w[p + "ln_1.bias"] = randn(d, std=0.1)
        w[p + "attn.c_attn.weight"] = randn(d, 3 * d, std=0.6)
        w[p + "attn.c_attn.bias"] = randn(3 * d, std=0.2)
        w[p + "attn.c_proj.weight"] = randn(d, d, std=0.3)
        w[p + "attn.c_proj.bias"] = randn(d, std=0.1)
        w[p + "ln_2.weight"] = 1.0 + randn(d, std=0.2)
        w[p + "ln_2.bias"] = randn(d, std=0.1)
        w[p + "mlp.c_fc.weight"] = randn(d, 4 * d, std=0.3)
        w[p + "mlp.c_fc.bias"] = randn(4 * d, std=0.1)
        w[p + "mlp.c_proj.weight"] = randn(4 * d, d, std=0.2)
        w[p + "mlp.c_proj.bias"] = randn(d, std=0.1)
    w["ln_f.weight"] = 1.0 + randn(d, std=0.2)
    w["ln_f.bias"] = randn(d, std=0.1)
    return w


def rounded(weights, dtype):
    """The float32 values a reader gets back from a file stored in `dtype`."""
    if dtype == "F32":
        return dict(weights)
    torch_dtype = {"F16": torch.float16, "BF16": torch.bfloat16}[dtype]
    return {k: v.to(torch_dtype).to(torch.float32) for k, v in weights.items()}


# ---------------------------------------------------------------------------------------------
# Reference forward pass in float64, from the formulas (what GPT2LMHeadModel computes).


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)  # biased, as torch.nn.LayerNorm
    return (x - mean) / torch.sqrt(var + eps) * weight + bias


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def forward(weights, cfg, ids):
    w = {k: v.double() for k, v in weights.items()}
    n, d, heads = len(ids), cfg["n_embd"], cfg["n_head"]
    dh = d // heads
    eps = cfg["layer_norm_epsilon"]
    ids_t = torch.tensor(ids)
    x = w["wte.weight"][ids_t] + w["wpe.weight"][:n]
    out = {"ids": ids, "input": x.clone(), "layers": []}
    causal = torch.tril(torch.ones(n, n, dtype=torch.bool))
    for i in range(cfg["n_layer"]):
        p = f"h.{i}."
        a = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        qkv = a @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]  # (N, 3d)
        q, k, v = qkv.split(d, dim=1)
        q, k, v = (t.reshape(n, heads, dh).transpose(0, 1) for t in (q, k, v))  # (H, N, dh)
        scores = q @ k.transpose(-1, -2) / math.sqrt(dh)  # (H, N, N), before the mask
        weights_ = torch.softmax(scores.masked_fill(~causal, float("-inf")), dim=-1)
        head_out = weights_ @ v  # (H, N, dh)
        concat = head_out.transpose(0, 1).reshape(n, d)
        attn_out = concat @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        x = x + attn_out
        m = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        hidden = gelu_tanh(m @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
        x = x + hidden @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
        out["layers"].append({"ln1": a, "q": q, "k": k, "v": v, "scores": scores, "weights": weights_,
                              "headOutput": head_out, "output": attn_out})
    final = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"], eps)
    out["finalHidden"] = final
    out["logits"] = final @ w["wte.weight"].T  # lm_head tied to wte
    return out


def to_lists(value):
    if isinstance(value, torch.Tensor):
        return json.loads(json.dumps(value.tolist()))
    if isinstance(value, dict):
        return {k: to_lists(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_lists(v) for v in value]
    return value


def write_reference(path, ref, detailed):
    if not detailed:
        ref = {k: ref[k] for k in ("ids", "input", "finalHidden", "logits")}
    text = json.dumps(to_lists(ref), separators=(",", ":"))
    # Nine significant digits are enough for the float32 comparisons and keep the file small.
    text = _shorten_floats(text)
    with open(path, "w") as f:
        f.write(text)


def _shorten_floats(text):
    import re
    return re.sub(r"-?\d+\.\d+(e-?\d+)?", lambda m: "%.9g" % float(m.group(0)), text)


# ---------------------------------------------------------------------------------------------
# safetensors, written by hand: u64 header length, JSON header, then the raw little-endian data.

DTYPE_BYTES = {"F32": 4, "F16": 2, "BF16": 2, "BOOL": 1, "U8": 1}


def tensor_bytes(t, dtype):
    t = t.contiguous()
    if dtype == "F32":
        return t.to(torch.float32).numpy().tobytes()
    if dtype == "F16":
        return t.to(torch.float16).numpy().tobytes()
    if dtype == "BF16":
        return t.to(torch.bfloat16).view(torch.int16).numpy().tobytes()
    if dtype in ("BOOL", "U8"):
        return t.to(torch.uint8).numpy().tobytes()
    raise ValueError(dtype)


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, torch tensor, dtype string), written in this order."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t, dtype in tensors:
        data = tensor_bytes(t, dtype)
        assert len(data) == t.numel() * DTYPE_BYTES[dtype]
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)  # align the data section to 8 bytes, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def write_folder(folder, cfg, tensors, with_tokenizer=True, weights_file="model.safetensors"):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    if tensors is not None:
        write_safetensors(os.path.join(folder, weights_file), tensors, {"format": "pt"})
    if with_tokenizer:
        with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
            json.dump(VOCAB, f, ensure_ascii=False)
        with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
            f.write(MERGES_TXT)


def config(n_layer, n_head, n_embd, n_positions=64):
    # The keys Hugging Face writes for GPT-2 (a subset; the loader ignores the others).
    return {
        "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
        "n_layer": n_layer, "n_head": n_head, "n_embd": n_embd, "n_positions": n_positions, "n_ctx": n_positions,
        "n_inner": None, "vocab_size": VOCAB_SIZE, "layer_norm_epsilon": 1e-5,
        "bos_token_id": VOCAB_SIZE - 1, "eos_token_id": VOCAB_SIZE - 1,
    }


def tensor_list(weights, dtype, prefix="", buffers=None, n_positions=64):
    items = [(prefix + name, t, dtype) for name, t in weights.items()]
    if buffers:
        # The causal-mask buffers old Hugging Face checkpoints carry: the loader must ignore them.
        layers = sorted({int(n.split(".")[1]) for n in weights if n.startswith("h.")})
        for i in layers:
            mask = torch.tril(torch.ones(n_positions, n_positions)).view(1, 1, n_positions, n_positions)
            items.append((f"{prefix}h.{i}.attn.bias", mask, buffers))
            if buffers != "BOOL":
                items.append((f"{prefix}h.{i}.attn.masked_bias", torch.tensor(-1e4), buffers))
    return items


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    os.makedirs(ROOT)

    tiny_cfg = config(2, 2, 16)
    small_cfg = config(3, 4, 32)
    tiny = make_weights(2, 2, 16, 64, seed=1)
    small = make_weights(3, 4, 32, 64, seed=2)

    # (folder, config, weights, dtype, tensor-name prefix, mask buffers, detailed reference)
    models = [
        ("tiny-f32", tiny_cfg, tiny, "F32", "transformer.", "F32", True),
        ("tiny-f16", tiny_cfg, tiny, "F16", "", None, False),
        ("tiny-bf16", tiny_cfg, tiny, "BF16", "transformer.", "BOOL", False),
        ("small-f32", small_cfg, small, "F32", "", None, True),
        ("small-bf16", small_cfg, small, "BF16", "transformer.", None, False),
    ]
    for name, cfg, weights, dtype, prefix, buffers, detailed in models:
        folder = os.path.join(ROOT, name)
        stored = rounded(weights, dtype)
        write_folder(folder, cfg, tensor_list(stored, dtype, prefix, buffers))
        ref = forward(stored, cfg, IDS)
        ref["dtype"] = dtype
        write_reference(os.path.join(folder, "reference.json"), ref, detailed)

    # Malformed checkpoints, each from tiny-f32 with one thing broken.
    bad = os.path.join(ROOT, "malformed")

    missing = {k: v for k, v in tiny.items() if k != "h.1.mlp.c_fc.weight"}
    write_folder(os.path.join(bad, "missing-tensor"), tiny_cfg, tensor_list(missing, "F32"))

    wrong = dict(tiny)
    wrong["h.0.attn.c_attn.weight"] = tiny["h.0.attn.c_attn.weight"].T.contiguous()  # (3d, d): nn.Linear layout
    write_folder(os.path.join(bad, "wrong-shape"), tiny_cfg, tensor_list(wrong, "F32"))

    disagree = dict(tiny_cfg, n_embd=32)  # the tensors are 16 wide
    write_folder(os.path.join(bad, "config-mismatch"), disagree, tensor_list(tiny, "F32"))

    nonfinite = {k: v.clone() for k, v in tiny.items()}
    nonfinite["h.0.mlp.c_fc.weight"][0, 0] = float("nan")
    nonfinite["h.0.mlp.c_fc.weight"][1, 2] = float("inf")
    write_folder(os.path.join(bad, "nonfinite"), tiny_cfg, tensor_list(nonfinite, "F32"))

    # A folder with only a PyTorch pickle: must be refused without being opened.
    pickle_folder = os.path.join(bad, "pickle-only")
    write_folder(pickle_folder, tiny_cfg, None)
    torch.save({"wte.weight": torch.zeros(2, 2)}, os.path.join(pickle_folder, "pytorch_model.bin"))

    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(ROOT) for f in fs)
    print(f"wrote {ROOT}: {total} bytes, vocab {VOCAB_SIZE}, ids {IDS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
