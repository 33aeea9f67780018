#!/usr/bin/python3
"""Writes GGUF files shaped exactly like SmolLM2-135M, with random weights, for the benchmark
(scripts/bench.sh makes them on demand; not committed, not a test fixture):

    /usr/bin/python3 scripts/make_shaped_gguf.py [OUT_DIR] [TOKENIZER_DIR] [--types q8_0,q4_k_m]

OUT_DIR defaults to /tmp/ae-bench-gguf; TOKENIZER_DIR to the folder scripts/fetch-test-data.sh
prints (GPT-2's vocab.json and merges.txt). Files: smollm2-135m-shaped-<type>.gguf.

Why: the benchmark times our GGUF loader and llama-family engine next to llama.cpp on the same
file, and the time depends on the shapes and the tensor types, not on the values. A random model
of the real shapes and the real quantisation mix measures what a user opening SmolLM2-135M
Q8_0 or Q4_K_M would get, without downloading 100+ MB of someone else's weights.

Shape (SmolLM2-135M's config.json): llama, 30 layers, 9 heads over 3 KV heads, hidden 576,
head_dim 64, intermediate 1536, vocabulary 49,152, tied embeddings, rope theta 100000, RMS eps
1e-5, context 8192.

Weights: N(0, 0.02) for every matrix (the Hugging Face llama initialiser's spread, which keeps
the activations finite through 30 layers), ones for the norms. They go through
make_gguf_model_fixtures.gguf_tensors, i.e. renamed and q/k rows permuted as convert_hf_to_gguf.py
does, then quantised with libggml's own ggml_quantize_chunk (make_ggml_dequant_fixtures.load_ggml:
the library of llama.cpp's npm build).

Types:
  q8_0    every matrix Q8_0 (llama-quantize ... Q8_0), 1-D tensors F32.
  q4_k_m  as llama-quantize's llama_tensor_get_type (src/llama-quant.cpp) picks for Q4_K_M
          without an importance matrix: default Q4_K; attn_v and ffn_down Q6_K in the layers where
          use_more_bits(i, n) holds (i < n/8, i >= 7n/8, or (i - n/8) % 3 == 2); token_embd (the
          output matrix, tied) Q6_K, but Q8_0 when its rows are not a multiple of 256. Then the
          fallback for rows that are not whole 256-value super-blocks: Q4_K -> Q5_0, Q6_K -> Q8_0.
          With 576-wide rows that leaves only ffn_down (rows of 1536) in K-quants.

Tokenizer: tokenizer.ggml.model "gpt2", pre "smollm" (as convert_hf_to_gguf.py names SmolLM2's
pre-tokenizer), 49,152 tokens: GPT-2's vocabulary truncated to its first 49,152 ids, the last of
them replaced by <|endoftext|> (control; BOS and EOS), and only the merges whose two parts and
result are all kept.
"""

import json
import os
import subprocess
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_gguf_fixtures as gg  # noqa: E402  GGUF encoding helpers
import make_gguf_model_fixtures as fx  # noqa: E402  converter renaming/permutation, metadata, libggml

CONFIG = {
    "model_type": "llama", "vocab_size": 49152, "max_position_embeddings": 8192, "hidden_size": 576,
    "num_hidden_layers": 30, "intermediate_size": 1536, "num_attention_heads": 9, "num_key_value_heads": 3,
    "head_dim": 64, "rope_theta": 100000.0, "rms_norm_eps": 1e-5, "tie_word_embeddings": True,
}
STD = 0.02
QK_K = 256
# ggml block sizes of the types used here.
BLOCK = {"F32": 1, "Q8_0": 32, "Q5_0": 32, "Q4_K": QK_K, "Q6_K": QK_K}


def hf_weights(cfg, seed):
    """Random weights with Hugging Face LlamaForCausalLM names and shapes."""
    g = torch.Generator().manual_seed(seed)
    d, dh, ff = cfg["hidden_size"], cfg["head_dim"], cfg["intermediate_size"]
    q, kv = cfg["num_attention_heads"] * dh, cfg["num_key_value_heads"] * dh

    def randn(*shape):
        return torch.randn(*shape, generator=g) * STD

    w = {"model.embed_tokens.weight": randn(cfg["vocab_size"], d), "model.norm.weight": torch.ones(d)}
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w[p + "input_layernorm.weight"] = torch.ones(d)
        w[p + "post_attention_layernorm.weight"] = torch.ones(d)
        w[p + "self_attn.q_proj.weight"] = randn(q, d)
        w[p + "self_attn.k_proj.weight"] = randn(kv, d)
        w[p + "self_attn.v_proj.weight"] = randn(kv, d)
        w[p + "self_attn.o_proj.weight"] = randn(d, q)
        w[p + "mlp.gate_proj.weight"] = randn(ff, d)
        w[p + "mlp.up_proj.weight"] = randn(ff, d)
        w[p + "mlp.down_proj.weight"] = randn(d, ff)
    return w


def use_more_bits(i_layer, n_layers):
    return i_layer < n_layers // 8 or i_layer >= 7 * n_layers // 8 or (i_layer - n_layers // 8) % 3 == 2


def q4_k_m_type(gname, row_length, n_layers):
    """llama_tensor_get_type's choice for LLAMA_FTYPE_MOSTLY_Q4_K_M (see the module docstring)."""
    if gname == "token_embd.weight":  # tied: quantised as the output matrix
        return "Q8_0" if row_length % QK_K else "Q6_K"
    wanted = "Q4_K"
    if ".attn_v." in gname or ".ffn_down." in gname:
        layer = int(gname.split(".")[1])
        if use_more_bits(layer, n_layers):
            wanted = "Q6_K"
    if row_length % BLOCK[wanted]:
        wanted = {"Q4_K": "Q5_0", "Q6_K": "Q8_0"}[wanted]
    return wanted


def tokenizer(vocab_dir, size):
    with open(os.path.join(vocab_dir, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    tokens = [t for t, i in sorted(vocab.items(), key=lambda kv: kv[1]) if i < size]
    assert len(tokens) == size
    eot = size - 1
    tokens[eot] = "<|endoftext|>"
    kept = set(tokens)
    merges = []
    with open(os.path.join(vocab_dir, "merges.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#version"):
                continue
            a, b = line.split(" ")
            if a in kept and b in kept and a + b in kept:
                merges.append(line)
    return fx.gpt2_tokenizer_entries(tokens, merges, eot, "smollm")


def write_gguf(path, entries, tensors, alignment=32):
    """Streams the file (make_gguf_fixtures.gguf's layout) instead of building one bytes object."""
    infos, offset = b"", 0
    for name, dims, ggml_type, payload in tensors:
        offset += (alignment - offset % alignment) % alignment
        infos += gg.tensor_info(name, dims, ggml_type, offset)
        offset += len(payload)
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(gg.pad(gg.header(len(tensors), len(entries)) + b"".join(entries) + infos, alignment))
        written = 0
        for _, _, _, payload in tensors:
            padding = (alignment - written % alignment) % alignment
            f.write(b"\0" * padding)
            f.write(payload)
            written += padding + len(payload)
    os.replace(tmp, path)


def make(ggml, out_dir, type_name, weights, tok_entries, cfg=CONFIG):
    counts = {}
    tensors = []
    for gname, t, _undo, _hf in fx.gguf_tensors(cfg, weights):
        if t.dim() == 1:
            chosen = "F32"
        elif type_name == "q8_0":
            chosen = "Q8_0"
        else:
            chosen = q4_k_m_type(gname, t.shape[-1], cfg["num_hidden_layers"])
        counts[chosen] = counts.get(chosen, 0) + 1
        tensors.append((gname, list(reversed(t.shape)), gg.GGML[chosen], ggml.encode(t, chosen)))
    file_type = {"q8_0": "Q8_0", "q4_k_m": "Q4_K_M"}[type_name]
    entries = fx.metadata(cfg, "SmolLM2-135M-shaped random " + file_type, file_type, tok_entries)
    path = os.path.join(out_dir, f"smollm2-135m-shaped-{type_name}.gguf")
    write_gguf(path, entries, tensors)
    print("%s: %.1f MB, %s" % (path, os.path.getsize(path) / 1048576,
                               ", ".join(f"{k} x{v}" for k, v in sorted(counts.items()))), file=sys.stderr)


def main(argv):
    types = ["q8_0", "q4_k_m"]
    if "--types" in argv:
        i = argv.index("--types")
        types = argv[i + 1].split(",")
        del argv[i:i + 2]
    out_dir = argv[0] if argv else "/tmp/ae-bench-gguf"
    vocab_dir = argv[1] if len(argv) > 1 else subprocess.run(
        [os.path.join(HERE, "fetch-test-data.sh")], check=True, capture_output=True, text=True).stdout.strip()
    os.makedirs(out_dir, exist_ok=True)
    ggml = fx.Ggml()
    weights = hf_weights(CONFIG, seed=135)
    tok = tokenizer(vocab_dir, CONFIG["vocab_size"])
    for t in types:
        make(ggml, out_dir, t, weights, tok)


if __name__ == "__main__":
    main(sys.argv[1:])
