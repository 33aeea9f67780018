#!/usr/bin/python3
"""Writes tests/data/gguf/models/: tiny models as GGUF files laid out the way llama.cpp's
convert_hf_to_gguf.py (and, for the quantised ones, llama-quantize) lays them out, each next to a
reference.json computed with the float64 PyTorch reference of make_llama_fixtures.py.

Why: the C++ GGUF loader has to map llama.cpp's metadata and tensor names back onto the model
families, undo what the converter changed (the q/k row permutation of llama-type models, Gemma's
+1 on the norm weights), and dequantise. These files hold every one of those conventions; the
references are computed from the Hugging Face form of the very values stored in the file, so the
loader passes only if it undoes each of them. scripts/crosscheck-llama-cpp.mjs runs llama.cpp
itself on the same files, which checks that the files are what llama.cpp users see.

How a file is made:
  1. make_llama_fixtures.make_weights(cfg, seed): random weights with Hugging Face names and shapes.
  2. Each tensor is renamed and changed as convert_hf_to_gguf.py does (comments below say where),
     then stored: F32, F16, or quantised with libggml's own ggml_quantize_chunk (the library of
     llama.cpp's npm build, scripts/fetch-llama-cpp.sh), 1-D tensors always F32.
  3. The stored bytes are decoded back with libggml's to_float, the conversion undone (inverse
     permutation, minus 1 on Gemma norms), and make_llama_fixtures.forward runs in float64 on those
     Hugging Face-layout weights. reference.json has the same format as make_llama_fixtures writes
     (ids, layers[].input, layers[].weights per head, logitPositions, logits), read by
     tst_llamaforward.

Files (name.gguf + name.reference.json), and manifest.json (each file's architecture, the HF
model_type of its reference, the tensor types used, the libggml version):
  <arch>-f32                  llama, qwen2, qwen3, gemma2, gemma3 in the 32-wide shapes of the
                              families' fixtures, and llama-rope3-f32 (llama3 rope scaling, which
                              becomes a rope_freqs.weight tensor); llama-f16 and qwen3-f16
  llama256-<type>             a llama model 256 wide (2 layers, 4 heads over 2 kv heads, head_dim 64,
                              intermediate 256, tied embeddings, 8 ids): every row a multiple of 256 values, so every
                              K-quant fits: q8_0, q4_0, q4_k, q6_k (all matrices in that type, as
                              `llama-quantize --pure`), and q4_k_m (a Q4_K_M-like mix: Q4_K matrices,
                              Q6_K for attn_v, ffn_down and output)

Run: /usr/bin/python3 scripts/make_gguf_model_fixtures.py
"""

import ctypes
import json
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_ggml_dequant_fixtures as ggmlx  # noqa: E402  libggml through ctypes
import make_gguf_fixtures as gg  # noqa: E402  GGUF writing helpers
import make_llama_fixtures as ll  # noqa: E402  configs, weights, float64 forward

OUT = os.path.join(HERE, "..", "tests", "data", "gguf", "models")

# llama_ftype (llama.h), written as general.file_type: what the file "mostly" is.
FILE_TYPE = {"F32": 0, "F16": 1, "Q4_0": 2, "Q8_0": 7, "Q4_K_S": 14, "Q4_K_M": 15, "Q6_K": 18}
# llama_token_type (llama.h / gguf-py TokenType): NORMAL 1, CONTROL 3.
TOKEN_NORMAL, TOKEN_CONTROL = 1, 3
# The families' sixteen ids; logits at the first, middle and last positions.
IDS = ll.IDS

# GGUF architecture names (gguf-py constants.py MODEL_ARCH_NAMES) of the HF model types.
ARCH = {"llama": "llama", "qwen2": "qwen2", "qwen3": "qwen3", "gemma2": "gemma2", "gemma3_text": "gemma3"}


# ---------------------------------------------------------------------------------------------
# libggml: store and decode


class Ggml:
    def __init__(self):
        self.lib, self.build = ggmlx.load_ggml()

    def version(self):
        return {"version": self.lib.ggml_version().decode(), "commit": self.lib.ggml_commit().decode(),
                "package": "@node-llama-cpp/linux-x64@3.22.1",
                "llamaCppRelease": self.build["buildOptions"]["llamaCpp"]["release"]}

    def encode(self, t, type_name):
        """The bytes of the 2-D or 1-D float tensor `t` (HF row-major: rows = ne[1]) in `type_name`."""
        values = np.ascontiguousarray(t.detach().double().numpy().astype(np.float32))
        if type_name == "F32":
            return values.astype("<f4").tobytes()
        number = ggmlx.TYPES[type_name]
        n_per_row = values.shape[-1]
        rows = values.size // n_per_row
        size = self.lib.ggml_row_size(number, n_per_row) * rows
        out = (ctypes.c_uint8 * size)()
        self.lib.ggml_quantize_init(number)
        written = self.lib.ggml_quantize_chunk(number, values.ctypes.data, ctypes.addressof(out), 0, rows,
                                               n_per_row, None)
        assert written == size, (type_name, written, size)
        return bytes(out)

    def decode(self, blob, type_name, shape):
        """libggml's own to_float of `blob`: the floats llama.cpp computes with."""
        if type_name == "F32":
            return torch.from_numpy(np.frombuffer(blob, dtype="<f4").copy()).reshape(shape)
        traits = ggmlx.traits_of(self.lib, ggmlx.TYPES[type_name])
        n = int(np.prod(shape))
        source = (ctypes.c_uint8 * len(blob)).from_buffer_copy(blob)
        target = np.zeros(n, np.float32)
        ggmlx.ToFloat(traits.to_float)(ctypes.addressof(source),
                                       target.ctypes.data_as(ctypes.POINTER(ctypes.c_float)), n)
        return torch.from_numpy(target).reshape(shape)


# ---------------------------------------------------------------------------------------------
# convert_hf_to_gguf.py's changes to the tensors, and their inverses


def permute(w, n_head, n_head_kv=None):
    """LlamaModel.permute in convert_hf_to_gguf.py: llama.cpp's llama graph rotates adjacent pairs
    (2i, 2i+1) (LLAMA_ROPE_TYPE_NORM) while HF's Llama rotates (i, i + d/2) (rotate_half), so the
    converter reorders the rows of q_proj (n_head heads) and k_proj (its n_head_kv heads: with
    grouped-query attention the KV head count is used for k) within each head:
        GGUF row  h*d + 2*i + half  =  HF row  h*d + half*(d/2) + i     (i < d/2, half in {0, 1})
    i.e. reshape (heads, 2, d/2, in) -> swap axes 1 and 2 -> reshape back. Biases (rows of length
    1) are permuted the same way."""
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    shape = w.shape
    return w.reshape(n_head, 2, shape[0] // n_head // 2, *shape[1:]).transpose(1, 2).reshape(shape)


def unpermute(w, n_head):
    """The inverse of permute(): what the C++ loader must do to get the model's own heads back."""
    shape = w.shape
    return w.reshape(n_head, shape[0] // n_head // 2, 2, *shape[1:]).transpose(1, 2).reshape(shape)


def llama3_rope_factors(cfg):
    """LlamaModel.generate_extra_tensors in convert_hf_to_gguf.py: rope_scaling of rope_type "llama3"
    is not written as metadata but as the tensor rope_freqs.weight (F32, head_dim/2 values), one
    divisor per frequency: llama.cpp's rope divides each theta by it (ggml_rope_ext freq_factors).
    1 for short wavelengths, `factor` for long ones, 1 / ((1 - smooth) / factor + smooth) between."""
    dh = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
    s = cfg["rope_scaling"]
    base = float(cfg["rope_theta"])
    factor, low, high = s["factor"], s["low_freq_factor"], s["high_freq_factor"]
    old = s["original_max_position_embeddings"]
    freqs = 1.0 / base ** (torch.arange(0, dh, 2, dtype=torch.float32) / dh)
    out = []
    for f in freqs.tolist():
        wavelength = 2 * np.pi / f
        if wavelength < old / high:
            out.append(1.0)
        elif wavelength > old / low:
            out.append(factor)
        else:
            smooth = (old / wavelength - low) / (high - low)
            out.append(1.0 / ((1 - smooth) / factor + smooth))
    return torch.tensor(out, dtype=torch.float32)


def gguf_tensors(cfg, hf):
    """[(gguf name, tensor, undo)] in the converter's order, renamed per gguf-py tensor_mapping.py;
    undo(decoded) gives back the HF tensor, or None where the tensor is not an HF one."""
    mt = cfg["model_type"]
    heads, kv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    llama_type = mt == "llama"  # LlamaModel permutes; Qwen2/Qwen3/Gemma use NEOX rope, no permutation
    gemma = mt.startswith("gemma")
    ident = lambda t: t  # noqa: E731
    out = []

    def add(gname, hf_name, change=None, undo=None):
        t = hf[hf_name]
        # Gemma: GemmaModel/Gemma2Model/Gemma3Model.modify_tensors add 1 to every tensor whose name
        # ends in "norm.weight" (HF's RMSNorm multiplies by 1 + w, llama.cpp's by w), q/k norms of
        # Gemma 3 included.
        if gemma and hf_name.endswith("norm.weight"):
            out.append((gname, t + 1.0, lambda d: d.double() - 1.0, hf_name))
            return
        out.append((gname, change(t) if change else t, undo or ident, hf_name))

    # tensor_mapping.py: model.embed_tokens -> token_embd
    add("token_embd.weight", "model.embed_tokens.weight")
    if mt == "llama" and (cfg.get("rope_scaling") or {}).get("rope_type") == "llama3":
        out.append(("rope_freqs.weight", llama3_rope_factors(cfg), None, None))
    for i in range(cfg["num_hidden_layers"]):
        p, b = f"model.layers.{i}.", f"blk.{i}."
        add(b + "attn_norm.weight", p + "input_layernorm.weight")  # input_layernorm -> attn_norm
        for name, n in (("q", heads), ("k", kv)):
            for kind in ("weight", "bias"):
                if p + f"self_attn.{name}_proj.{kind}" not in hf:
                    continue
                if llama_type:
                    # LlamaModel.modify_tensors: q with permute(w, n_head, n_head), k with
                    # permute(w, n_head, n_head_kv).
                    add(b + f"attn_{name}.{kind}", p + f"self_attn.{name}_proj.{kind}",
                        change=lambda t, n=n: permute(t, n), undo=lambda d, n=n: unpermute(d, n))
                else:
                    add(b + f"attn_{name}.{kind}", p + f"self_attn.{name}_proj.{kind}")
        add(b + "attn_v.weight", p + "self_attn.v_proj.weight")
        if p + "self_attn.v_proj.bias" in hf:  # qwen2: q/k/v biases -> attn_q/k/v.bias
            add(b + "attn_v.bias", p + "self_attn.v_proj.bias")
        if p + "self_attn.q_norm.weight" in hf:  # qwen3, gemma3: q_norm/k_norm -> attn_q_norm/attn_k_norm
            add(b + "attn_q_norm.weight", p + "self_attn.q_norm.weight")
            add(b + "attn_k_norm.weight", p + "self_attn.k_norm.weight")
        add(b + "attn_output.weight", p + "self_attn.o_proj.weight")  # o_proj -> attn_output
        if mt in ("gemma2", "gemma3_text"):
            # tensor_mapping.py, for the sandwich norms: HF post_attention_layernorm ->
            # post_attention_norm, pre_feedforward_layernorm -> ffn_norm,
            # post_feedforward_layernorm -> post_ffw_norm.
            add(b + "post_attention_norm.weight", p + "post_attention_layernorm.weight")
            add(b + "ffn_norm.weight", p + "pre_feedforward_layernorm.weight")
            add(b + "post_ffw_norm.weight", p + "post_feedforward_layernorm.weight")
        else:
            # Llama, Qwen: HF post_attention_layernorm (the norm before the MLP) -> ffn_norm.
            add(b + "ffn_norm.weight", p + "post_attention_layernorm.weight")
        add(b + "ffn_gate.weight", p + "mlp.gate_proj.weight")
        add(b + "ffn_up.weight", p + "mlp.up_proj.weight")
        add(b + "ffn_down.weight", p + "mlp.down_proj.weight")
    add("output_norm.weight", "model.norm.weight")  # model.norm -> output_norm
    if not cfg["tie_word_embeddings"]:
        add("output.weight", "lm_head.weight")  # lm_head -> output; absent when tied
    return out


# ---------------------------------------------------------------------------------------------
# Metadata


def tokenizer_entries():
    """The tiny GPT-2 vocabulary as convert_hf_to_gguf.py's _set_vocab_gpt2 writes it."""
    with open(os.path.join(ll.GPT2_TINY, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    tokens = [t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1])]
    assert len(tokens) == ll.VOCAB_SIZE and tokens[ll.BOS] == "<|endoftext|>"
    with open(os.path.join(ll.GPT2_TINY, "merges.txt"), encoding="utf-8") as f:
        merges = [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#version")]
    return gpt2_tokenizer_entries(tokens, merges, ll.BOS, "gpt-2")


def gpt2_tokenizer_entries(tokens, merges, end_of_text, pre):
    """A byte-level BPE vocabulary's metadata: `tokens` in id order, `merges` as "a b" lines,
    `end_of_text` the one control token (BOS and EOS, not added), `pre` the pre-tokenizer's name."""
    types = [TOKEN_CONTROL if i == end_of_text else TOKEN_NORMAL for i in range(len(tokens))]
    e = gg.entry
    return [
        e("tokenizer.ggml.model", gg.STRING, "gpt2"),
        e("tokenizer.ggml.pre", gg.STRING, pre),
        e("tokenizer.ggml.tokens", gg.ARRAY, (gg.STRING, tokens)),
        e("tokenizer.ggml.token_type", gg.ARRAY, (gg.INT32, types)),
        e("tokenizer.ggml.merges", gg.ARRAY, (gg.STRING, merges)),
        e("tokenizer.ggml.bos_token_id", gg.UINT32, end_of_text),
        e("tokenizer.ggml.eos_token_id", gg.UINT32, end_of_text),
        e("tokenizer.ggml.add_bos_token", gg.BOOL, 0),
    ]


def metadata(cfg, name, file_type, tokenizer=None):
    """The keys convert_hf_to_gguf.py writes (TextModel.set_gguf_parameters and the families'
    overrides), with the value types of gguf-py's GGUFWriter (add_uint32, add_float32 ...).
    general.alignment is not written: the default 32 applies. `tokenizer`: the tokenizer.ggml.*
    entries (default: the tiny GPT-2 vocabulary of tokenizer_entries())."""
    arch = ARCH[cfg["model_type"]]
    dh = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
    e, U, F = gg.entry, gg.UINT32, gg.FLOAT32
    out = [
        e("general.architecture", gg.STRING, arch),
        e("general.type", gg.STRING, "model"),
        e("general.name", gg.STRING, name),
        e(f"{arch}.vocab_size", U, cfg["vocab_size"]),
        e(f"{arch}.context_length", U, cfg["max_position_embeddings"]),
        e(f"{arch}.embedding_length", U, cfg["hidden_size"]),
        e(f"{arch}.block_count", U, cfg["num_hidden_layers"]),
        e(f"{arch}.feed_forward_length", U, cfg["intermediate_size"]),
        e(f"{arch}.attention.head_count", U, cfg["num_attention_heads"]),
        e(f"{arch}.attention.head_count_kv", U, cfg["num_key_value_heads"]),
        e(f"{arch}.attention.key_length", U, dh),
        e(f"{arch}.attention.value_length", U, dh),
        e(f"{arch}.rope.freq_base", F, cfg["rope_theta"]),
        e(f"{arch}.rope.dimension_count", U, dh),
        e(f"{arch}.attention.layer_norm_rms_epsilon", F, cfg["rms_norm_eps"]),
        e("general.file_type", U, FILE_TYPE[file_type]),
    ]
    if cfg["model_type"] in ("gemma2", "gemma3_text"):
        out.append(e(f"{arch}.attention.sliding_window", U, cfg["sliding_window"]))
    if cfg["model_type"] == "gemma2":
        # Gemma2Model.set_gguf_parameters: the two soft-caps.
        out.append(e(f"{arch}.attn_logit_softcapping", F, cfg["attn_logit_softcapping"]))
        out.append(e(f"{arch}.final_logit_softcapping", F, cfg["final_logit_softcapping"]))
    scaling = cfg.get("rope_scaling") or {}
    if scaling.get("rope_type", scaling.get("type")) == "linear":
        # Gemma3Model / LlamaModel: linear scaling as rope.scaling.type + .factor; llama.cpp applies
        # it (freq_scale = 1/factor) to gemma3's global layers only.
        out.append(e(f"{arch}.rope.scaling.type", gg.STRING, "linear"))
        out.append(e(f"{arch}.rope.scaling.factor", F, scaling["factor"]))
    out.append(e("general.quantization_version", U, 2))
    return out + (tokenizer_entries() if tokenizer is None else tokenizer)


# ---------------------------------------------------------------------------------------------
# Configs


def gguf_configs():
    """(name, cfg, seed) of the small-shape files: the families' fixture configs, changed only where
    llama.cpp has no metadata for a setting (each change says which), so that the GGUF file says
    everything the reference uses."""
    gemma_act = dict(hidden_act="gelu_pytorch_tanh", hidden_activation="gelu_pytorch_tanh")
    llama3_scaling = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 0.5, "high_freq_factor": 2.0,
                      "original_max_position_embeddings": 16}
    return [
        ("llama", ll.base_config("llama", "LlamaForCausalLM"), 106),
        # llama3 rope scaling (rope_freqs.weight), tied embeddings (no output.weight).
        ("llama-rope3", ll.small_config("llama", "LlamaForCausalLM", hidden_size=32, rope_theta=500.0,
                                        rope_scaling=llama3_scaling), 105),
        ("qwen2", ll.base_config("qwen2", "Qwen2ForCausalLM", tie_word_embeddings=True, rope_theta=1000000.0,
                                 use_sliding_window=False), 105),
        ("qwen3", ll.base_config("qwen3", "Qwen3ForCausalLM", head_dim=16, attention_bias=False,
                                 rope_theta=1000000.0), 105),
        # Gemma 2: llama.cpp scales q by 1/sqrt(key_length) (f_attention_scale; n_embd/n_head only for
        # the 46-layer 27B): no key holds query_pre_attn_scalar, so it equals head_dim here, as in
        # the 2B and 9B models. Window 5 on the even layers (llama.cpp: swa pattern 2). The final cap
        # 10 rather than the families' 3, which squeezes the top logits to within 1e-3 of each other.
        ("gemma2", ll.base_config("gemma2", "Gemma2ForCausalLM", query_pre_attn_scalar=8, attn_logit_softcapping=2.0,
                                  final_logit_softcapping=10.0, sliding_window=5, tie_word_embeddings=True,
                                  **gemma_act), 108),
        # Gemma 3: llama.cpp fixes the pattern at 5 sliding layers to 1 global (set_swa_pattern(6))
        # and the sliding layers' base at 10000 (rope_freq_base_train_swa): six layers, so that
        # layer 5 is global, rotating with rope_theta 1e6 and linear scaling 4.
        ("gemma3", ll.base_config("gemma3_text", "Gemma3ForCausalLM", num_hidden_layers=6, head_dim=16,
                                  query_pre_attn_scalar=16, attn_logit_softcapping=None,
                                  final_logit_softcapping=None, sliding_window=4, sliding_window_pattern=6,
                                  rope_theta=1000000.0, rope_local_base_freq=10000.0,
                                  rope_scaling={"rope_type": "linear", "factor": 4.0}, tie_word_embeddings=True,
                                  **gemma_act), 106),
    ]


# Tied embeddings: the vocabulary matrix is the largest, and once is enough (the size budget).
LLAMA256 = ll.base_config("llama", "LlamaForCausalLM", hidden_size=256, intermediate_size=256, num_hidden_layers=2,
                          num_attention_heads=4, num_key_value_heads=2, head_dim=64, tie_word_embeddings=True)
# Eight ids for the 256-wide files: their references hold every layer's 256-wide input (size).
IDS256 = IDS[:8]


def q4_k_m_type(gname):
    """A Q4_K_M-like mix (llama-quantize's llama_tensor_get_type gives Q6_K to output.weight, or to
    token_embd.weight when the embeddings are tied and there is no output.weight, and to some
    attn_v / ffn_down; here to all of them), Q4_K for the other matrices."""
    if gname in ("output.weight", "token_embd.weight") or ".attn_v." in gname or ".ffn_down." in gname:
        return "Q6_K"
    return "Q4_K"


# ---------------------------------------------------------------------------------------------
# Writing


def write_model(ggml, name, cfg, seed, matrix_type, file_type, manifest, ids=IDS):
    hf = dict(ll.make_weights(cfg, seed))
    if cfg["hidden_size"] > 32:
        # make_weights draws every matrix with the 32-wide fixtures' spread: at 256 wide each product
        # would grow the activations sqrt(8) times more and the logits reach ~50, where llama.cpp's
        # rounding of the activations (Q8 for quantised matrices) shows as whole units. Scaled so
        # that each product grows as much as in the 32-wide fixtures.
        shrink = (32.0 / cfg["hidden_size"]) ** 0.5
        hf = {k: (t * shrink if t.dim() == 2 else t) for k, t in hf.items()}
    tensors, used = [], set()
    decoded_hf = {}
    for gname, t, undo, hf_name in gguf_tensors(cfg, hf):
        # 1-D tensors (norms, biases, rope_freqs) stay F32, as convert (for F16) and llama-quantize
        # keep them; matrices take the file's type.
        type_name = "F32" if t.dim() == 1 else (matrix_type(gname) if callable(matrix_type) else matrix_type)
        blob = ggml.encode(t, type_name)
        used.add(type_name)
        # GGUF dimensions are ggml's ne[]: innermost (the row length) first.
        tensors.append((gname, list(reversed(t.shape)), gg.GGML[type_name], blob))
        if hf_name is not None:
            decoded_hf[hf_name] = undo(ggml.decode(blob, type_name, tuple(t.shape)))
        if gname == "blk.0.attn_q.weight" and cfg["model_type"] == "llama":
            # Self-check: the stored q rows really are permuted, so a loader that forgets to undo it
            # fails the reference (the rows differ from HF's order, and undoing restores them).
            raw = ggml.decode(blob, type_name, tuple(t.shape))
            assert not torch.allclose(raw, hf[hf_name], atol=0.05), "q rows not permuted"
            assert torch.allclose(unpermute(raw, cfg["num_attention_heads"]), hf[hf_name], atol=0.2)
    blob = gg.gguf(metadata(cfg, name, file_type), tensors)
    path = os.path.join(OUT, name + ".gguf")
    gg.write(path, blob)
    # The reference: float64 forward on the HF-layout weights decoded from the file.
    assert set(decoded_hf) == set(hf), set(hf) ^ set(decoded_hf)
    positions = [0, len(ids) // 2, len(ids) - 1]
    ref = ll.forward(cfg, decoded_hf, ids, positions)
    with open(os.path.join(OUT, name + ".reference.json"), "w") as f:
        json.dump(ll.rounded(ref), f, separators=(",", ":"))
    last = torch.tensor(ref["logits"][-1])
    # Seeds chosen so that the best next token leads the second by at least 1: the cross-check with
    # llama.cpp (which rounds activations to F16 or Q8 where the weights are F16 or quantised) can
    # then require the same top-1.
    first, second = torch.topk(last, 2).values.tolist()
    assert first - second >= 1.0, f"{name}: top-1 leads by only {first - second}"
    if cfg["model_type"] == "gemma2":
        for without in ({"attn_logit_softcapping": None}, {"final_logit_softcapping": None}):
            other = ll.forward(dict(cfg, **without), decoded_hf, ids, positions)["logits"]
            worst = max(abs(a - b) for ra, rb in zip(ref["logits"], other) for a, b in zip(ra, rb))
            assert worst > 1e-2, f"{name}: {without} moves the logits by only {worst}"
    manifest["files"][name + ".gguf"] = {
        "architecture": ARCH[cfg["model_type"]], "hfModelType": cfg["model_type"], "hfConfig": cfg,
        "seed": seed, "fileType": file_type, "tensorTypes": sorted(used), "bytes": len(blob),
        "reference": name + ".reference.json", "ids": ids, "lastTop1": int(last.argmax()),
    }
    print("%-22s %8d bytes  %s  top-1 %d" % (name + ".gguf", len(blob), "/".join(sorted(used)), int(last.argmax())))
    return decoded_hf


def main():
    ggml = Ggml()
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".gguf") or old.endswith(".reference.json"):
            os.remove(os.path.join(OUT, old))
    manifest = {"about": "Written by scripts/make_gguf_model_fixtures.py; references by make_llama_fixtures.forward "
                         "(float64) on the weights decoded from each file with libggml's to_float.",
                "ggml": ggml.version(), "files": {}}
    for name, cfg, seed in gguf_configs():
        # F16 for two families only: its decoding does not depend on the family (size budget).
        for t in ("F32", "F16") if name in ("llama", "qwen3") else ("F32",):
            write_model(ggml, f"{name}-{t.lower()}", cfg, seed, t, t, manifest)
    for t, ftype in (("Q8_0", "Q8_0"), ("Q4_0", "Q4_0"), ("Q4_K", "Q4_K_S"), ("Q6_K", "Q6_K")):
        write_model(ggml, f"llama256-{t.lower()}", LLAMA256, 204, t, ftype, manifest, IDS256)
    write_model(ggml, "llama256-q4_k_m", LLAMA256, 204, q4_k_m_type, "Q4_K_M", manifest, IDS256)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
