#!/usr/bin/python3
# Writes a Hugging Face checkpoint folder (config.json + model.safetensors) with exactly the shapes,
# tensor names, dtype (BF16) and config of a published llama-family model or of bert-base-uncased,
# but RANDOM weights: normal(0, 0.02) matrices, ones for the norm weights, zeros for the biases. It exists to measure what
# `attention-explorer --model DIR` costs in memory and time for models of that size without
# downloading them; only memory and time are meaningful, the attention and predictions are noise.
# No tokenizer is written: copy tokenizer.json + tokenizer_config.json (or vocab.json +
# merges.txt) into OUTDIR yourself (scripts/fetch-hf-tokenizers.sh, scripts/fetch-test-data.sh);
# the app refuses a tokenizer with ids at or above the config's vocab_size.
#
# Usage: make_shaped_checkpoint.py {smollm2-135m|qwen2.5-0.5b|llama-3.2-1b|bert-base-uncased} OUTDIR
#            [--vocab-size N] [--seed N]
# (--vocab-size overrides the published vocabulary, e.g. to fit a stand-in tokenizer.)
#
# The safetensors file is written by hand (8-byte little-endian header length, JSON header, raw
# data) one tensor at a time, in row chunks, so this script's memory stays small. Needs torch only.
import argparse
import json
import os
import struct
import sys

import torch

# The published config.json of each model (the fields a llama-family loader reads).
CONFIGS = {
    "smollm2-135m": {  # HuggingFaceTB/SmolLM2-135M
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "attention_bias": False,
        "bos_token_id": 0,
        "eos_token_id": 0,
        "hidden_act": "silu",
        "hidden_size": 576,
        "intermediate_size": 1536,
        "max_position_embeddings": 8192,
        "mlp_bias": False,
        "num_attention_heads": 9,
        "num_hidden_layers": 30,
        "num_key_value_heads": 3,
        "rms_norm_eps": 1e-05,
        "rope_scaling": None,
        "rope_theta": 100000,
        "tie_word_embeddings": True,
        "torch_dtype": "bfloat16",
        "vocab_size": 49152,
    },
    "qwen2.5-0.5b": {  # Qwen/Qwen2.5-0.5B
        "architectures": ["Qwen2ForCausalLM"],
        "model_type": "qwen2",
        "bos_token_id": 151643,
        "eos_token_id": 151643,
        "hidden_act": "silu",
        "hidden_size": 896,
        "intermediate_size": 4864,
        "max_position_embeddings": 32768,
        "max_window_layers": 24,
        "num_attention_heads": 14,
        "num_hidden_layers": 24,
        "num_key_value_heads": 2,
        "rms_norm_eps": 1e-06,
        "rope_theta": 1000000.0,
        "sliding_window": 32768,
        "tie_word_embeddings": True,
        "torch_dtype": "bfloat16",
        "use_sliding_window": False,
        "vocab_size": 151936,
    },
    "llama-3.2-1b": {  # meta-llama/Llama-3.2-1B
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "attention_bias": False,
        "bos_token_id": 128000,
        "eos_token_id": 128001,
        "head_dim": 64,
        "hidden_act": "silu",
        "hidden_size": 2048,
        "intermediate_size": 8192,
        "max_position_embeddings": 131072,
        "mlp_bias": False,
        "num_attention_heads": 32,
        "num_hidden_layers": 16,
        "num_key_value_heads": 8,
        "rms_norm_eps": 1e-05,
        "rope_scaling": {
            "factor": 32.0,
            "high_freq_factor": 4.0,
            "low_freq_factor": 1.0,
            "original_max_position_embeddings": 8192,
            "rope_type": "llama3",
        },
        "rope_theta": 500000.0,
        "tie_word_embeddings": True,
        "torch_dtype": "bfloat16",
        "vocab_size": 128256,
    },
    "bert-base-uncased": {  # google-bert/bert-base-uncased (BertForMaskedLM)
        "architectures": ["BertForMaskedLM"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": 768,
        "initializer_range": 0.02,
        "intermediate_size": 3072,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": 512,
        "num_attention_heads": 12,
        "num_hidden_layers": 12,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "type_vocab_size": 2,
        "torch_dtype": "bfloat16",
        "vocab_size": 30522,
    },
}


def bert_tensor_list(config):
    """BertForMaskedLM's tensors; the MLM decoder is tied to the word embeddings, as published."""
    d = config["hidden_size"]
    inner = config["intermediate_size"]
    e = "bert.embeddings."
    out = [(e + "word_embeddings.weight", (config["vocab_size"], d), "normal"),
           (e + "position_embeddings.weight", (config["max_position_embeddings"], d), "normal"),
           (e + "token_type_embeddings.weight", (config["type_vocab_size"], d), "normal"),
           (e + "LayerNorm.weight", (d,), "ones"), (e + "LayerNorm.bias", (d,), "zeros")]
    for i in range(config["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."
        for name in ("query", "key", "value"):
            out += [(p + f"attention.self.{name}.weight", (d, d), "normal"), (p + f"attention.self.{name}.bias", (d,), "zeros")]
        out += [(p + "attention.output.dense.weight", (d, d), "normal"), (p + "attention.output.dense.bias", (d,), "zeros"),
                (p + "attention.output.LayerNorm.weight", (d,), "ones"), (p + "attention.output.LayerNorm.bias", (d,), "zeros"),
                (p + "intermediate.dense.weight", (inner, d), "normal"), (p + "intermediate.dense.bias", (inner,), "zeros"),
                (p + "output.dense.weight", (d, inner), "normal"), (p + "output.dense.bias", (d,), "zeros"),
                (p + "output.LayerNorm.weight", (d,), "ones"), (p + "output.LayerNorm.bias", (d,), "zeros")]
    h = "cls.predictions."
    out += [(h + "transform.dense.weight", (d, d), "normal"), (h + "transform.dense.bias", (d,), "zeros"),
            (h + "transform.LayerNorm.weight", (d,), "ones"), (h + "transform.LayerNorm.bias", (d,), "zeros"),
            (h + "bias", (config["vocab_size"],), "zeros")]
    return out


def tensor_list(config):
    """(name, shape, kind) in the order the file stores them; kind is 'normal', 'ones' or 'zeros'."""
    if config["model_type"] == "bert":
        return bert_tensor_list(config)
    d = config["hidden_size"]
    inner = config["intermediate_size"]
    heads = config["num_attention_heads"]
    kv_heads = config["num_key_value_heads"]
    head_dim = config.get("head_dim", d // heads)
    q_width = heads * head_dim
    kv_width = kv_heads * head_dim
    qkv_bias = config["model_type"] == "qwen2" or config.get("attention_bias", False)
    out = [("model.embed_tokens.weight", (config["vocab_size"], d), "normal")]
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}."
        out += [
            (p + "input_layernorm.weight", (d,), "ones"),
            (p + "self_attn.q_proj.weight", (q_width, d), "normal"),
            (p + "self_attn.k_proj.weight", (kv_width, d), "normal"),
            (p + "self_attn.v_proj.weight", (kv_width, d), "normal"),
        ]
        if qkv_bias:
            out += [
                (p + "self_attn.q_proj.bias", (q_width,), "normal"),
                (p + "self_attn.k_proj.bias", (kv_width,), "normal"),
                (p + "self_attn.v_proj.bias", (kv_width,), "normal"),
            ]
        out += [
            (p + "self_attn.o_proj.weight", (d, q_width), "normal"),
            (p + "post_attention_layernorm.weight", (d,), "ones"),
            (p + "mlp.gate_proj.weight", (inner, d), "normal"),
            (p + "mlp.up_proj.weight", (inner, d), "normal"),
            (p + "mlp.down_proj.weight", (d, inner), "normal"),
        ]
    out.append(("model.norm.weight", (d,), "ones"))
    if not config["tie_word_embeddings"]:
        out.append(("lm_head.weight", (config["vocab_size"], d), "normal"))
    return out


def element_count(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def bf16_bytes(values):
    """float32 tensor -> its BF16 little-endian bytes (round to nearest even, as torch does)."""
    return values.to(torch.bfloat16).view(torch.int16).numpy().tobytes()


def write_safetensors(path, tensors, generator):
    header = {"__metadata__": {"format": "pt", "note": "random weights: for memory and time measurements only"}}
    offset = 0
    for name, shape, _ in tensors:
        size = element_count(shape) * 2
        header[name] = {"dtype": "BF16", "shape": list(shape), "data_offsets": [offset, offset + size]}
        offset += size
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * ((8 - len(header_bytes) % 8) % 8)  # data section 8-byte aligned
    chunk_elements = 1 << 24  # 16 Mi values (64 MB of float32) at a time
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for name, shape, kind in tensors:
            remaining = element_count(shape)
            while remaining > 0:
                n = min(remaining, chunk_elements)
                if kind == "ones":
                    values = torch.ones(n, dtype=torch.float32)
                elif kind == "zeros":
                    values = torch.zeros(n, dtype=torch.float32)
                else:
                    values = torch.empty(n, dtype=torch.float32).normal_(0.0, 0.02, generator=generator)
                f.write(bf16_bytes(values))
                remaining -= n
    return offset + 8 + len(header_bytes)


def main():
    parser = argparse.ArgumentParser(description="Random-weight checkpoint with a published model's exact shapes.")
    parser.add_argument("model", choices=sorted(CONFIGS))
    parser.add_argument("outdir")
    parser.add_argument("--vocab-size", type=int, default=None, help="override the published vocab_size")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    config = dict(CONFIGS[args.model])
    if args.vocab_size is not None:
        config["vocab_size"] = args.vocab_size
    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(args.outdir, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")

    tensors = tensor_list(config)
    generator = torch.Generator().manual_seed(args.seed)
    total = write_safetensors(os.path.join(args.outdir, "model.safetensors"), tensors, generator)
    params = sum(element_count(shape) for _, shape, _ in tensors)
    print(f"{args.outdir}: {args.model}, {len(tensors)} tensors, {params:,} parameters, "
          f"model.safetensors {total:,} bytes (random BF16 weights)", file=sys.stderr)


if __name__ == "__main__":
    main()
