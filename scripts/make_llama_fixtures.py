#!/usr/bin/python3
"""Makes tiny llama-family checkpoints and PyTorch reference numbers under tests/data/<family>/.

Run with Debian's torch:   /usr/bin/python3 scripts/make_llama_fixtures.py

No `transformers` here: the reference forward pass below is written in plain torch ops, in float64,
from the published architectures (Llama: RMSNorm, rotary embeddings in the rotate-half layout,
grouped-query attention, SwiGLU; Mistral: the same with a sliding window; Qwen2: biases on q, k and
v; Qwen3: RMSNorm of every query and key head before the rotation; Gemma: RMSNorm scaling by
(1 + w), embeddings times sqrt(hidden_size), GeGLU with GELU's tanh form; Gemma 2: + the attention
scale query_pre_attn_scalar^-1/2, tanh soft-capping of the scores and the logits, sliding windows
on the even layers, RMSNorm of the attention's and the MLP's outputs and before the MLP; Gemma 3:
Gemma 2 with q/k norms, five sliding layers to one global by default and a separate RoPE base for
the sliding layers). The safetensors files are
written by hand with struct + json, so the C++ code neither reads nor computes its own expected
values.

Every folder holds what Hugging Face ships: config.json, model.safetensors (or shards with
model.safetensors.index.json), and the tiny GPT-2 fixture's vocab.json + merges.txt so that the
folder opens end to end; plus reference.json: the ids fed in, every layer's normed input and
every head's attention weights, and the logits of every position, computed from exactly the
weights stored in the file (BF16 weights rounded first).

Folders under tests/data/{llama,gemma}/malformed/ each break one thing; the C++ tests check the
message.
"""

import json
import math
import os
import shutil
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data")
GPT2_TINY = os.path.join(DATA, "gpt2", "tiny-f32")

VOCAB_SIZE = 276  # the tiny GPT-2 fixture's vocabulary
BOS = 275         # its <|endoftext|>
# Sixteen ids: longer than the sliding windows of the mistral fixtures, so that the window cuts.
IDS = [BOS, 51, 268, 270, 272, 266, 14, 17, 200, 268, 3, 99, 140, 271, 60, 8]

# ---------------------------------------------------------------------------------------------
# Configs, as the families' config.json files spell them


def base_config(model_type, architecture, **extra):
    """The main fixtures' shape: 3 layers, 4 heads over 2 kv heads, hidden 32, head_dim 8."""
    cfg = {
        "architectures": [architecture],
        "model_type": model_type,
        "hidden_size": 32,
        "intermediate_size": 48,
        "num_hidden_layers": 3,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "head_dim": 8,
        "hidden_act": "silu",
        "max_position_embeddings": 64,
        "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0,
        "rope_scaling": None,
        "tie_word_embeddings": False,
        "vocab_size": VOCAB_SIZE,
        "bos_token_id": BOS,
        "eos_token_id": BOS,
        "torch_dtype": "float32",
    }
    cfg.update(extra)
    return cfg


def small_config(model_type, architecture, **extra):
    """Variants that test one feature each, kept to a few tens of KB: 2 layers, hidden 16, tied
    embeddings, and an explicit head_dim 8 above hidden / heads = 4."""
    cfg = dict(hidden_size=16, intermediate_size=32, num_hidden_layers=2, tie_word_embeddings=True)
    cfg.update(extra)
    return base_config(model_type, architecture, **cfg)


# ---------------------------------------------------------------------------------------------
# Weights with the real HF names


def make_weights(cfg, seed):
    g = torch.Generator().manual_seed(seed)
    d = cfg["hidden_size"]
    inner = cfg["intermediate_size"]
    heads = cfg["num_attention_heads"]
    kv = cfg["num_key_value_heads"]
    dh = cfg.get("head_dim") or d // heads
    mt = cfg["model_type"]
    gemma = mt.startswith("gemma")
    qkv_bias = mt == "qwen2" or cfg.get("attention_bias", False)
    out_bias = mt != "qwen2" and cfg.get("attention_bias", False)

    def randn(*shape, std=0.3):
        return (torch.randn(*shape, generator=g, dtype=torch.float64) * std).float()

    def norm_weight(n):
        # Gemma's norms multiply by (1 + w): its weights sit around 0, the others' around 1.
        return ((0.0 if gemma else 1.0) + torch.randn(n, generator=g, dtype=torch.float64) * 0.2).float()

    w = [("model.embed_tokens.weight", randn(VOCAB_SIZE, d, std=1.0))]
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        w.append((p + "input_layernorm.weight", norm_weight(d)))
        w.append((p + "self_attn.q_proj.weight", randn(heads * dh, d)))
        w.append((p + "self_attn.k_proj.weight", randn(kv * dh, d)))
        w.append((p + "self_attn.v_proj.weight", randn(kv * dh, d)))
        if qkv_bias:
            w.append((p + "self_attn.q_proj.bias", randn(heads * dh, std=0.5)))
            w.append((p + "self_attn.k_proj.bias", randn(kv * dh, std=0.5)))
            w.append((p + "self_attn.v_proj.bias", randn(kv * dh, std=0.5)))
        if mt in ("qwen3", "gemma3_text"):
            w.append((p + "self_attn.q_norm.weight", norm_weight(dh)))
            w.append((p + "self_attn.k_norm.weight", norm_weight(dh)))
        w.append((p + "self_attn.o_proj.weight", randn(d, heads * dh)))
        if out_bias:
            w.append((p + "self_attn.o_proj.bias", randn(d, std=0.5)))
        w.append((p + "post_attention_layernorm.weight", norm_weight(d)))
        if mt in ("gemma2", "gemma3_text"):
            w.append((p + "pre_feedforward_layernorm.weight", norm_weight(d)))
            w.append((p + "post_feedforward_layernorm.weight", norm_weight(d)))
        w.append((p + "mlp.gate_proj.weight", randn(inner, d)))
        w.append((p + "mlp.up_proj.weight", randn(inner, d)))
        w.append((p + "mlp.down_proj.weight", randn(d, inner)))
    w.append(("model.norm.weight", norm_weight(d)))
    if not cfg["tie_word_embeddings"]:
        w.append(("lm_head.weight", randn(VOCAB_SIZE, d)))
    return w


# ---------------------------------------------------------------------------------------------
# The reference forward pass, float64, from the published architecture


def rms_norm(x, weight, eps, plus_one=False):
    """plus_one: Gemma's form, x / rms(x) * (1 + w)."""
    return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * ((1.0 + weight) if plus_one else weight)


def soft_cap(x, cap):
    return cap * torch.tanh(x / cap) if cap else x


def gelu_tanh(z):
    """GELU's tanh approximation, as Gemma's gelu_pytorch_tanh."""
    return 0.5 * z * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (z + 0.044715 * z ** 3)))


def inverse_frequencies(cfg, dh, n):
    """Rotary inverse frequencies of the pairs (i, i + rot/2), with rope_scaling applied."""
    rot = int(dh * cfg.get("partial_rotary_factor", 1.0))
    base = float(cfg.get("rope_theta", 10000.0))
    scaling = cfg.get("rope_scaling") or {}
    kind = scaling.get("rope_type", scaling.get("type", "default"))
    exponents = torch.arange(0, rot, 2, dtype=torch.float64) / rot
    if kind == "dynamic":
        # NTK-aware: beyond max_position_embeddings the base grows with the input's length.
        factor = scaling["factor"]
        longest = cfg["max_position_embeddings"]
        if n > longest:
            base = base * ((factor * n / longest) - (factor - 1)) ** (rot / (rot - 2))
    inv = 1.0 / base ** exponents
    if kind == "linear":
        inv = inv / scaling["factor"]  # positions divided by the factor
    elif kind == "llama3":
        factor = scaling["factor"]
        low, high = scaling["low_freq_factor"], scaling["high_freq_factor"]
        old = scaling["original_max_position_embeddings"]
        wavelength = 2 * math.pi / inv
        # Long wavelengths (low frequencies) slowed by the factor, short ones kept, a smooth
        # blend between the two limits.
        out = []
        for f, lam in zip(inv.tolist(), wavelength.tolist()):
            if lam < old / high:
                out.append(f)
            elif lam > old / low:
                out.append(f / factor)
            else:
                smooth = (old / lam - low) / (high - low)
                out.append((1 - smooth) * f / factor + smooth * f)
        inv = torch.tensor(out, dtype=torch.float64)
    return rot, inv


def rotate(x, rot, inv):
    """x (N, dh): positions 0..N-1; the first `rot` features rotated in pairs (i, i + rot/2)."""
    n = x.shape[0]
    angles = torch.arange(n, dtype=torch.float64)[:, None] * inv[None, :]  # (N, rot/2)
    cos, sin = torch.cos(angles), torch.sin(angles)
    half = rot // 2
    a, b, rest = x[:, :half], x[:, half:rot], x[:, rot:]
    return torch.cat([a * cos - b * sin, b * cos + a * sin, rest], dim=1)


def layer_window(cfg, layer):
    mt = cfg["model_type"]
    if mt in ("gemma2", "gemma3_text"):
        if cfg.get("layer_types"):
            sliding = cfg["layer_types"][layer] == "sliding_attention"
        elif mt == "gemma2":
            sliding = layer % 2 == 0  # even layers slide, odd ones are global
        else:
            sliding = (layer + 1) % cfg.get("sliding_window_pattern", 6) != 0  # every pattern-th is global
        return cfg.get("sliding_window", 4096) if sliding else 0
    if mt == "mistral":
        return cfg.get("sliding_window") or 0
    if mt in ("qwen2", "qwen3") and cfg.get("use_sliding_window", False):
        return cfg["sliding_window"] if layer >= cfg.get("max_window_layers", 0) else 0
    return 0


def forward(cfg, w, ids, logit_positions):
    W = {k: v.double() for k, v in w.items()}
    d = cfg["hidden_size"]
    heads = cfg["num_attention_heads"]
    kv = cfg["num_key_value_heads"]
    dh = cfg.get("head_dim") or d // heads
    eps = cfg["rms_norm_eps"]
    mt = cfg["model_type"]
    gemma = mt.startswith("gemma")
    sandwich = mt in ("gemma2", "gemma3_text")
    n = len(ids)
    rot, inv = inverse_frequencies(cfg, dh, n)
    if mt == "gemma3_text":
        # Sliding layers: their own base, no scaling; global layers: rope_theta with rope_scaling.
        local = dict(cfg, rope_theta=cfg.get("rope_local_base_freq", 10000.0), rope_scaling=None)
        _, inv_local = inverse_frequencies(local, dh, n)
    scale = cfg["query_pre_attn_scalar"] ** -0.5 if sandwich else 1.0 / math.sqrt(dh)
    attn_cap = cfg.get("attn_logit_softcapping") if sandwich else None
    final_cap = cfg.get("final_logit_softcapping") if sandwich else None

    def norm(v, name):
        return rms_norm(v, W[name], eps, plus_one=gemma)

    x = W["model.embed_tokens.weight"][ids]  # (N, d)
    if gemma:
        x = x * math.sqrt(d)
    out = {"ids": ids, "layers": []}
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        h = norm(x, p + "input_layernorm.weight")

        def project(name):
            y = h @ W[p + f"self_attn.{name}_proj.weight"].T
            bias = p + f"self_attn.{name}_proj.bias"
            return y + W[bias] if bias in W else y

        q, k, v = project("q"), project("k"), project("v")
        window = layer_window(cfg, layer)
        layer_inv = inv_local if mt == "gemma3_text" and window else inv
        i = torch.arange(n)[:, None]
        j = torch.arange(n)[None, :]
        visible = j <= i
        if window:
            visible = visible & (j > i - window)
        weights_out, head_outputs = [], []
        for head in range(heads):
            group = head // (heads // kv)
            qh = q[:, head * dh:(head + 1) * dh]
            kh = k[:, group * dh:(group + 1) * dh]
            vh = v[:, group * dh:(group + 1) * dh]
            if mt in ("qwen3", "gemma3_text"):
                qh = norm(qh, p + "self_attn.q_norm.weight")
                kh = norm(kh, p + "self_attn.k_norm.weight")
            qh, kh = rotate(qh, rot, layer_inv), rotate(kh, rot, layer_inv)
            scores = soft_cap(qh @ kh.T * scale, attn_cap)
            scores = scores.masked_fill(~visible, float("-inf"))
            a = torch.softmax(scores, dim=-1)
            weights_out.append(a.tolist())
            head_outputs.append(a @ vh)
        attended = torch.cat(head_outputs, dim=1) @ W[p + "self_attn.o_proj.weight"].T
        if p + "self_attn.o_proj.bias" in W:
            attended = attended + W[p + "self_attn.o_proj.bias"]
        out["layers"].append({"input": h.tolist(), "weights": weights_out})
        if sandwich:
            x = x + norm(attended, p + "post_attention_layernorm.weight")
            h = norm(x, p + "pre_feedforward_layernorm.weight")
        else:
            x = x + attended
            h = norm(x, p + "post_attention_layernorm.weight")
        gate = h @ W[p + "mlp.gate_proj.weight"].T
        up = h @ W[p + "mlp.up_proj.weight"].T
        if not gemma:
            activated = torch.nn.functional.silu(gate)
        elif cfg.get("hidden_activation", cfg.get("hidden_act")) == "gelu":
            activated = 0.5 * gate * (1.0 + torch.erf(gate / math.sqrt(2.0)))  # exact GELU
        else:
            activated = gelu_tanh(gate)
        mlp = (activated * up) @ W[p + "mlp.down_proj.weight"].T
        x = x + (norm(mlp, p + "post_feedforward_layernorm.weight") if sandwich else mlp)
    final = norm(x, "model.norm.weight")
    head = W["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else W["lm_head.weight"]
    out["logitPositions"] = logit_positions
    out["logits"] = soft_cap(final[logit_positions] @ head.T, final_cap).tolist()
    return out


# ---------------------------------------------------------------------------------------------
# Files

DTYPE_BYTES = {"F32": 4, "BF16": 2}


def stored(t, dtype):
    """The values the file holds: BF16 rounds to nearest even, as torch does."""
    return t.to(torch.bfloat16).float() if dtype == "BF16" else t


def tensor_bytes(t, dtype):
    if dtype == "F32":
        return t.contiguous().numpy().astype("<f4").tobytes()
    bits = t.to(torch.bfloat16).contiguous().view(torch.int16).numpy().astype("<i2")
    return bits.tobytes()


def write_safetensors(path, tensors, dtype):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors:
        data = tensor_bytes(t, dtype)
        assert len(data) == t.numel() * DTYPE_BYTES[dtype]
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def rounded(value):
    """Six significant digits: far below the tests' tolerance, a third of the file."""
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.6g}")
    return value


def write_fixture(folder, cfg, seed, dtype="F32", shards=1, reference=True, all_logits=False):
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    weights = [(name, stored(t, dtype)) for name, t in make_weights(cfg, seed)]
    cfg = dict(cfg, torch_dtype="bfloat16" if dtype == "BF16" else "float32")
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    for name in ("vocab.json", "merges.txt"):
        shutil.copy(os.path.join(GPT2_TINY, name), os.path.join(folder, name))
    if shards == 1:
        write_safetensors(os.path.join(folder, "model.safetensors"), weights, dtype)
    else:
        per_shard = math.ceil(len(weights) / shards)
        weight_map = {}
        for s in range(shards):
            file = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
            part = weights[s * per_shard:(s + 1) * per_shard]
            write_safetensors(os.path.join(folder, file), part, dtype)
            weight_map.update({name: file for name, _ in part})
        total = sum(t.numel() * DTYPE_BYTES[dtype] for _, t in weights)
        with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    if reference:
        # Logits of every position for the main fixtures, of three for the variants (size).
        positions = list(range(len(IDS))) if all_logits else [0, len(IDS) // 2, len(IDS) - 1]
        ref = forward(cfg, dict(weights), IDS, positions)
        with open(os.path.join(folder, "reference.json"), "w") as f:
            json.dump(rounded(ref), f, separators=(",", ":"))
    return weights


def assert_feature_matters(folder, without, margin=1e-2):
    """margin: how far the reference must move; the F32 tests' tolerance is 1e-4."""
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    with open(os.path.join(folder, "reference.json")) as f:
        ref = json.load(f)
    tensors = read_safetensors(os.path.join(folder, "model.safetensors"))
    other = forward(dict(cfg, **without), tensors, IDS, ref["logitPositions"])
    worst = max(abs(a - b) for la, lb in zip(ref["layers"], other["layers"])
                for ha, hb in zip(la["weights"], lb["weights"]) for ra, rb in zip(ha, hb) for a, b in zip(ra, rb))
    # Features after the last attention (the final cap) show in the logits only.
    worst = max([worst] + [abs(a - b) for ra, rb in zip(ref["logits"], other["logits"]) for a, b in zip(ra, rb)])
    assert worst > margin, f"{folder}: {without} changes the weights and logits by only {worst}"


def read_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        assert info["dtype"] == "F32"
        begin, end = info["data_offsets"]
        values = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32)
        out[name] = values.reshape(info["shape"]).clone()
    return out


def edit_json(path, change):
    with open(path) as f:
        value = json.load(f)
    change(value)
    with open(path, "w") as f:
        json.dump(value, f, indent=2)


def write_safetensors_without(folder, cfg, seed, missing=None, reshaped=None):
    """A single-file F32 checkpoint with one tensor left out or given the wrong shape."""
    weights = make_weights(cfg, seed)
    if missing:
        weights = [(n, t) for n, t in weights if n != missing]
    if reshaped:
        weights = [(n, t[:-1] if n == reshaped else t) for n, t in weights]
    write_safetensors(os.path.join(folder, "model.safetensors"), weights, "F32")


def main():
    llama = os.path.join(DATA, "llama")
    # With θ 500 and rotary dim 8 the wavelengths are 6.3, 30, 140 and 660 positions: one band kept
    # (below 16/2), one blended, two slowed down (above 16/0.5).
    llama3_scaling = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 0.5, "high_freq_factor": 2.0,
                      "original_max_position_embeddings": 16}
    # Llama: untied F32; tied BF16 in two shards; the rope_scaling variants (θ small enough that
    # the llama3 blend touches every band on sixteen positions); an explicit head_dim above
    # hidden / heads; multi-query attention with a partial rotary factor.
    write_fixture(os.path.join(llama, "tiny-f32"), base_config("llama", "LlamaForCausalLM"), 1, all_logits=True)
    write_fixture(os.path.join(llama, "tiny-bf16-sharded"),
                  small_config("llama", "LlamaForCausalLM", tie_word_embeddings=True), 2, dtype="BF16", shards=2)
    write_fixture(os.path.join(llama, "rope-llama3"),
                  small_config("llama", "LlamaForCausalLM", rope_theta=500.0, rope_scaling=llama3_scaling), 3)
    write_fixture(os.path.join(llama, "rope-linear"),
                  small_config("llama", "LlamaForCausalLM", rope_scaling={"type": "linear", "factor": 4.0}), 4)
    write_fixture(os.path.join(llama, "rope-dynamic"),
                  small_config("llama", "LlamaForCausalLM", max_position_embeddings=8,
                              rope_scaling={"type": "dynamic", "factor": 2.0}), 5)
    write_fixture(os.path.join(llama, "mqa-headdim"),
                  small_config("llama", "LlamaForCausalLM", num_key_value_heads=1, head_dim=16,
                              partial_rotary_factor=0.5, attention_bias=True), 6)
    write_fixture(os.path.join(DATA, "mistral", "tiny-f32"),
                  base_config("mistral", "MistralForCausalLM", sliding_window=5), 7)
    write_fixture(os.path.join(DATA, "qwen2", "tiny-f32"),
                  base_config("qwen2", "Qwen2ForCausalLM", tie_word_embeddings=True, rope_theta=1000000.0,
                              use_sliding_window=False, sliding_window=4, max_window_layers=2), 8)
    write_fixture(os.path.join(DATA, "qwen3", "tiny-f32"),
                  base_config("qwen3", "Qwen3ForCausalLM", head_dim=16, attention_bias=False,
                              rope_theta=1000000.0), 9)
    write_fixture(os.path.join(DATA, "qwen3", "tiny-bf16"),
                  small_config("qwen3", "Qwen3ForCausalLM", head_dim=16, attention_bias=False,
                              rope_theta=1000000.0, tie_word_embeddings=True), 10, dtype="BF16")

    # The variants must matter: without the feature the reference would differ well beyond the tests'
    # tolerance, so a decoder that ignored it fails.
    for folder, plain in [("rope-llama3", {"rope_scaling": None}), ("rope-linear", {"rope_scaling": None}),
                          ("rope-dynamic", {"rope_scaling": None}), ("mqa-headdim", {"partial_rotary_factor": 1.0})]:
        assert_feature_matters(os.path.join(llama, folder), plain)
    assert_feature_matters(os.path.join(DATA, "mistral", "tiny-f32"), {"sliding_window": None})

    # Gemma: multi-query attention with head_dim 16 above hidden / heads = 8, tied embeddings.
    gemma_act = dict(hidden_act="gelu_pytorch_tanh", hidden_activation="gelu_pytorch_tanh")
    gemma = os.path.join(DATA, "gemma")
    write_fixture(os.path.join(gemma, "tiny-f32"),
                  base_config("gemma", "GemmaForCausalLM", num_key_value_heads=1, head_dim=16, tie_word_embeddings=True,
                              **gemma_act), 11, all_logits=True)
    # Exact GELU where hidden_activation asks for it (hidden_act, the older key, says otherwise).
    write_fixture(os.path.join(gemma, "gelu-exact"),
                  small_config("gemma", "GemmaForCausalLM", hidden_act="gelu_pytorch_tanh", hidden_activation="gelu"), 15)
    # Gemma 2: query_pre_attn_scalar other than head_dim, caps low enough to bite on these scores
    # and logits (each moves the reference by more than 1e-2, checked below), a window of 5 on
    # layers 0 and 2.
    gemma2 = os.path.join(DATA, "gemma2")
    gemma2_extra = dict(query_pre_attn_scalar=12, attn_logit_softcapping=2.0, final_logit_softcapping=3.0,
                        sliding_window=5, tie_word_embeddings=True, **gemma_act)
    write_fixture(os.path.join(gemma2, "tiny-f32"), base_config("gemma2", "Gemma2ForCausalLM", **gemma2_extra), 12,
                  all_logits=True)
    # BF16, with layer_types naming the opposite of the default pattern: layer 1 slides, layer 0 not.
    write_fixture(os.path.join(gemma2, "tiny-bf16"),
                  small_config("gemma2", "Gemma2ForCausalLM", layer_types=["full_attention", "sliding_attention"],
                               **dict(gemma2_extra, sliding_window=3)), 13, dtype="BF16")
    # Gemma 3: q/k norms, no attention cap, every third layer global (sliding_window_pattern 3:
    # layers 0 and 1 slide with base 100, layer 2 rotates with rope_theta and linear scaling),
    # untied embeddings.
    gemma3 = os.path.join(DATA, "gemma3")
    write_fixture(os.path.join(gemma3, "tiny-f32"),
                  base_config("gemma3_text", "Gemma3ForCausalLM", head_dim=16, query_pre_attn_scalar=10,
                              attn_logit_softcapping=None, final_logit_softcapping=None, sliding_window=4,
                              sliding_window_pattern=3, rope_theta=10000.0, rope_local_base_freq=100.0,
                              rope_scaling={"rope_type": "linear", "factor": 4.0}, **gemma_act), 14, all_logits=True)

    # The two GELUs differ by at most 5e-4: the logits move by about 1.6e-3, 16 times the tolerance.
    assert_feature_matters(os.path.join(gemma, "gelu-exact"), {"hidden_activation": "gelu_pytorch_tanh"}, margin=1e-3)
    # The multimodal Gemma 3 (Gemma3ForConditionalGeneration): the same decoder with its settings in
    # text_config, which leaves out what equals Hugging Face's defaults (8 heads over 4 kv heads
    # here), and its tensors under language_model.model. next to a vision tower that is not read.
    wrapped = os.path.join(gemma3, "multimodal-f32")
    text = small_config("gemma3_text", "Gemma3ForCausalLM", num_attention_heads=8, num_key_value_heads=4,
                        query_pre_attn_scalar=8, attn_logit_softcapping=None, final_logit_softcapping=None,
                        sliding_window=6, sliding_window_pattern=2, rope_theta=10000.0, rope_local_base_freq=50.0,
                        **gemma_act)
    weights = write_fixture(wrapped, text, 16)
    weights = [("language_model." + name, t) for name, t in weights]
    weights += [("multi_modal_projector.mm_input_projection_weight", torch.zeros(12, 16)),
                ("vision_tower.vision_model.embeddings.patch_embedding.weight", torch.ones(12, 3, 2, 2))]
    write_safetensors(os.path.join(wrapped, "model.safetensors"), weights, "F32")
    text_config = {k: v for k, v in text.items()
                   if k not in ("architectures", "num_attention_heads", "num_key_value_heads", "torch_dtype")}
    with open(os.path.join(wrapped, "config.json"), "w") as f:
        json.dump({"architectures": ["Gemma3ForConditionalGeneration"], "model_type": "gemma3",
                   "boi_token_index": 255999, "eoi_token_index": 256000, "image_token_index": 262144,
                   "mm_tokens_per_image": 256, "text_config": text_config,
                   "vision_config": {"model_type": "siglip_vision_model", "hidden_size": 12, "patch_size": 2},
                   "torch_dtype": "float32"}, f, indent=2)

    for folder, plain in [(os.path.join(gemma2, "tiny-f32"), {"attn_logit_softcapping": None}),
                          (os.path.join(gemma2, "tiny-f32"), {"final_logit_softcapping": None}),
                          (os.path.join(gemma2, "tiny-f32"), {"sliding_window": None}),
                          (os.path.join(gemma2, "tiny-f32"), {"query_pre_attn_scalar": 8}),
                          (os.path.join(gemma3, "tiny-f32"), {"rope_local_base_freq": 10000.0}),
                          (os.path.join(gemma3, "tiny-f32"), {"rope_scaling": None}),
                          (os.path.join(gemma3, "tiny-f32"), {"sliding_window_pattern": 1000})]:
        assert_feature_matters(folder, plain)

    # Malformed Gemma configs: each refused with a message naming the key and the value.
    gemma_bad = os.path.join(gemma, "malformed")
    small_gemma2 = small_config("gemma2", "Gemma2ForCausalLM", hidden_size=8, head_dim=4, intermediate_size=16,
                                **gemma2_extra)
    cap = os.path.join(gemma_bad, "negative-softcap")
    write_fixture(cap, small_gemma2, 1, reference=False)
    edit_json(os.path.join(cap, "config.json"), lambda v: v.update({"attn_logit_softcapping": -50.0}))
    activation = os.path.join(gemma_bad, "unknown-activation")
    write_fixture(activation, small_gemma2, 1, reference=False)
    edit_json(os.path.join(activation, "config.json"), lambda v: v.update({"hidden_activation": "relu"}))
    # A multimodal Gemma 3 whose text_config is not an object.
    wrapper = os.path.join(gemma_bad, "gemma3-no-text-config")
    write_fixture(wrapper, small_gemma2, 1, reference=False)
    edit_json(os.path.join(wrapper, "config.json"),
              lambda v: (v.clear(), v.update({"architectures": ["Gemma3ForConditionalGeneration"], "model_type": "gemma3",
                                              "text_config": None})))
    # A wrong value inside text_config: the message names the nested object.
    nested = os.path.join(gemma_bad, "gemma3-bad-text-config")
    write_fixture(nested, small_gemma2, 1, reference=False)
    edit_json(os.path.join(nested, "config.json"),
              lambda v: (v.clear(), v.update({"architectures": ["Gemma3ForConditionalGeneration"], "model_type": "gemma3",
                                              "text_config": {"model_type": "gemma3_text", "sliding_window_pattern": 0}})))

    # Malformed: each breaks one thing.
    bad = os.path.join(llama, "malformed")
    # Only the messages matter here: hidden 8, head_dim 4, intermediate 16, to keep them small.
    cfg = small_config("llama", "LlamaForCausalLM", hidden_size=8, head_dim=4, intermediate_size=16)
    missing = os.path.join(bad, "missing-tensor")
    write_fixture(missing, cfg, 1, reference=False)
    write_safetensors_without(missing, cfg, 1, missing="model.layers.1.self_attn.k_proj.weight")
    shape = os.path.join(bad, "wrong-shape")
    write_fixture(shape, cfg, 1, reference=False)
    write_safetensors_without(shape, cfg, 1, reshaped="model.layers.0.mlp.up_proj.weight")
    index = os.path.join(bad, "index-wrong-file")
    write_fixture(index, cfg, 1, shards=2, reference=False)
    edit_json(os.path.join(index, "model.safetensors.index.json"),
              lambda v: v["weight_map"].update({"model.norm.weight": "model-00001-of-00002.safetensors"}))
    escape = os.path.join(bad, "index-outside-folder")
    write_fixture(escape, cfg, 1, shards=2, reference=False)
    edit_json(os.path.join(escape, "model.safetensors.index.json"),
              lambda v: v["weight_map"].update({"model.norm.weight": "../model-00002-of-00002.safetensors"}))
    scaling = os.path.join(bad, "unknown-rope-scaling")
    write_fixture(scaling, cfg, 1, reference=False)
    edit_json(os.path.join(scaling, "config.json"), lambda v: v.update({"rope_scaling": {"type": "yarn", "factor": 4.0}}))
    grouping = os.path.join(bad, "heads-not-multiple")
    write_fixture(grouping, cfg, 1, reference=False)
    edit_json(os.path.join(grouping, "config.json"), lambda v: v.update({"num_key_value_heads": 3}))


if __name__ == "__main__":
    main()
