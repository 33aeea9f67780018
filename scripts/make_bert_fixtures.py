#!/usr/bin/python3
"""Makes tiny BERT-style encoder checkpoints (bert, distilbert, roberta) and PyTorch reference numbers
under tests/data/{bert,distilbert,roberta}/.

Run with Debian's torch:   /usr/bin/python3 scripts/make_bert_fixtures.py

No `transformers` here: the reference forward pass below is written in plain torch ops, in float64,
from the published architecture (Devlin et al. 2019; DistilBERT, Sanh et al. 2019; RoBERTa, Liu et
al. 2019): word + position (+ token type) embeddings, LayerNorm; per layer, bidirectional multi-head
attention with biases, softmax(q·kᵀ/√d_head) with no mask, the output projection, a residual add
and LayerNorm (post-LN), then a GELU MLP, a residual add and LayerNorm. The masked-language-model
head: dense → activation → LayerNorm → decoder (tied to the word embeddings unless stored) + bias;
RoBERTa's head always uses the exact GELU; RoBERTa's position ids start at padding_idx + 1 and a
padding token takes padding_idx. The safetensors files are written by hand with struct + json, so
the C++ code neither reads nor computes its own expected values.

Every folder holds config.json, model.safetensors, the tiny GPT-2 fixture's vocab.json + merges.txt
(the folder opens end to end; RoBERTa really uses GPT-2's byte-level BPE) and reference.json: the
ids and token types fed in, the embeddings, every layer's input (the hidden state its attention
reads), every head's attention weights, and the MLM logits of every position when the checkpoint
has a head — computed from exactly the weights stored in the file (BF16 weights rounded first).

tests/data/bert/wordpiece-mlm/ is the one folder with BERT's own tokenizer files instead: a
vocab.txt of VOCAB_SIZE entries in bert-base-uncased's layout ([PAD] 0, [UNK] 100, [CLS] 101,
[SEP] 102, [MASK] 103) and tokenizer_config.json, so that a sentence pair with a [MASK] goes from
text to fill-the-mask predictions. Its reference.json also holds the pair's texts, split here by
hand (lower case, punctuation apart, greedy ## pieces) independently of the C++ tokenizer.

Folders under tests/data/bert/malformed/ each break one thing; the C++ tests check the message.
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
# Sixteen ids; a sentence pair: the first nine are segment A (type 0), the rest segment B (type 1).
IDS = [101 % VOCAB_SIZE, 51, 268, 270, 272, 266, 14, 17, 102, 200, 268, 3, 99, 140, 271, 102]
TYPES = [0] * 9 + [1] * 7
# RoBERTa: its padding id (1) at the end, as a padded batch row has it: position padding_idx.
ROBERTA_IDS = [0, 51, 268, 270, 272, 266, 14, 17, 2, 2, 200, 268, 3, 99, 2, 1]

# ---------------------------------------------------------------------------------------------
# Configs, as the families' config.json files spell them


def bert_config(architecture="BertForMaskedLM", **extra):
    cfg = {
        "architectures": [architecture],
        "model_type": "bert",
        "hidden_size": 32,
        "intermediate_size": 48,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": 24,
        "type_vocab_size": 2,
        "initializer_range": 0.02,
        "layer_norm_eps": 1e-12,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "vocab_size": VOCAB_SIZE,
        "torch_dtype": "float32",
    }
    cfg.update(extra)
    return cfg


def roberta_config(**extra):
    cfg = bert_config("RobertaForMaskedLM", model_type="roberta", max_position_embeddings=20, type_vocab_size=1,
                      layer_norm_eps=1e-5, pad_token_id=1, bos_token_id=0, eos_token_id=2)
    cfg.update(extra)
    return cfg


def distilbert_config(**extra):
    cfg = {
        "architectures": ["DistilBertForMaskedLM"],
        "model_type": "distilbert",
        "dim": 32,
        "hidden_dim": 48,
        "n_layers": 2,
        "n_heads": 4,
        "activation": "gelu",
        "dropout": 0.1,
        "attention_dropout": 0.1,
        "max_position_embeddings": 24,
        "sinusoidal_pos_embds": False,
        "pad_token_id": 0,
        "qa_dropout": 0.1,
        "seq_classif_dropout": 0.2,
        "tie_weights_": True,
        "vocab_size": VOCAB_SIZE,
        "torch_dtype": "float32",
    }
    cfg.update(extra)
    return cfg


def shape_of(cfg):
    """(d, inner, layers, heads) in either family's words."""
    if cfg["model_type"] == "distilbert":
        return cfg["dim"], cfg["hidden_dim"], cfg["n_layers"], cfg["n_heads"]
    return cfg["hidden_size"], cfg["intermediate_size"], cfg["num_hidden_layers"], cfg["num_attention_heads"]


# ---------------------------------------------------------------------------------------------
# Weights with the real HF names


def make_weights(cfg, seed, mlm_head=True, prefix=True, stored_decoder=False, old_norm_names=False, extras=False):
    """prefix: the encoder under "<model_type>." as a …ForMaskedLM saves it (a bare …Model: none).
    stored_decoder: the decoder weight saved rather than tied to the word embeddings.
    old_norm_names: LayerNorms as gamma/beta (checkpoints converted from TensorFlow).
    extras: tensors the encoder does not read (pooler, next-sentence head)."""
    g = torch.Generator().manual_seed(seed)
    mt = cfg["model_type"]
    d, inner, layers, _ = shape_of(cfg)
    vocab = cfg["vocab_size"]
    base = mt + "." if prefix else ""

    def randn(*shape, std=0.3):
        return (torch.randn(*shape, generator=g, dtype=torch.float64) * std).float()

    w = []

    def norm(name):
        w.append((name + (".gamma" if old_norm_names else ".weight"),
                  (1.0 + torch.randn(d, generator=g, dtype=torch.float64) * 0.2).float()))
        w.append((name + (".beta" if old_norm_names else ".bias"), randn(d, std=0.1)))

    def linear(name, out, inp):
        w.append((name + ".weight", randn(out, inp)))
        w.append((name + ".bias", randn(out, std=0.3)))

    e = base + "embeddings."
    w.append((e + "word_embeddings.weight", randn(vocab, d, std=1.0)))
    w.append((e + "position_embeddings.weight", randn(cfg["max_position_embeddings"], d, std=1.0)))
    if mt != "distilbert":
        w.append((e + "token_type_embeddings.weight", randn(cfg["type_vocab_size"], d, std=1.0)))
    norm(e + "LayerNorm")
    for layer in range(layers):
        if mt == "distilbert":
            p = f"{base}transformer.layer.{layer}."
            for name in ("q_lin", "k_lin", "v_lin", "out_lin"):
                linear(p + "attention." + name, d, d)
            norm(p + "sa_layer_norm")
            linear(p + "ffn.lin1", inner, d)
            linear(p + "ffn.lin2", d, inner)
            norm(p + "output_layer_norm")
        else:
            p = f"{base}encoder.layer.{layer}."
            for name in ("query", "key", "value"):
                linear(p + "attention.self." + name, d, d)
            linear(p + "attention.output.dense", d, d)
            norm(p + "attention.output.LayerNorm")
            linear(p + "intermediate.dense", inner, d)
            linear(p + "output.dense", d, inner)
            norm(p + "output.LayerNorm")
    if extras and mt != "distilbert":
        # Older exports keep the position-id buffer (int64) next to the weights.
        w.append((e + "position_ids", torch.arange(cfg["max_position_embeddings"], dtype=torch.int64)[None, :]))
        linear(base + "pooler.dense", d, d)
        linear("cls.seq_relationship", 2, d)
    if mlm_head:
        if mt == "distilbert":
            linear("vocab_transform", d, d)
            norm("vocab_layer_norm")
            if stored_decoder:
                w.append(("vocab_projector.weight", randn(vocab, d)))
            w.append(("vocab_projector.bias", randn(vocab, std=0.3)))
        elif mt == "roberta":
            linear("lm_head.dense", d, d)
            norm("lm_head.layer_norm")
            if stored_decoder:
                w.append(("lm_head.decoder.weight", randn(vocab, d)))
            w.append(("lm_head.bias", randn(vocab, std=0.3)))
        else:
            linear("cls.predictions.transform.dense", d, d)
            norm("cls.predictions.transform.LayerNorm")
            if stored_decoder:
                w.append(("cls.predictions.decoder.weight", randn(vocab, d)))
            w.append(("cls.predictions.bias", randn(vocab, std=0.3)))
    return w


# ---------------------------------------------------------------------------------------------
# The reference forward pass, float64, from the published architecture


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)  # biased, as LayerNorm normalises
    return (x - mean) / torch.sqrt(var + eps) * weight + bias


def activation(z, name):
    if name == "gelu":
        return 0.5 * z * (1.0 + torch.erf(z / math.sqrt(2.0)))
    if name in ("gelu_new", "gelu_pytorch_tanh"):
        return 0.5 * z * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (z + 0.044715 * z ** 3)))
    if name == "relu":
        return torch.clamp(z, min=0.0)
    raise ValueError(name)


def position_ids(cfg, ids, offset=True):
    """offset False: RoBERTa numbered from 0 like BERT (to show that the offset matters)."""
    if cfg["model_type"] != "roberta" or not offset:
        return list(range(len(ids)))
    pad = cfg["pad_token_id"]
    out, count = [], 0
    for token in ids:
        if token == pad:
            out.append(pad)
        else:
            count += 1
            out.append(pad + count)
    return out


def forward(cfg, w, ids, types, roberta_offset=True, head_activation=None):
    """roberta_offset False, head_activation: variants that show a feature matters."""
    W = {k: v.double() for k, v in w.items() if v.is_floating_point()}
    mt = cfg["model_type"]
    d, inner, layers, heads = shape_of(cfg)
    dh = d // heads
    eps = 1e-12 if mt == "distilbert" else cfg["layer_norm_eps"]
    act = cfg["activation"] if mt == "distilbert" else cfg["hidden_act"]
    base = mt + "." if (mt + ".embeddings.word_embeddings.weight") in W else ""

    def norm(x, name):
        weight = W[name + ".weight"] if name + ".weight" in W else W[name + ".gamma"]
        bias = W[name + ".bias"] if name + ".bias" in W else W[name + ".beta"]
        return layer_norm(x, weight, bias, eps)

    def lin(x, name):
        return x @ W[name + ".weight"].T + W[name + ".bias"]

    e = base + "embeddings."
    x = W[e + "word_embeddings.weight"][ids] + W[e + "position_embeddings.weight"][position_ids(cfg, ids, roberta_offset)]
    if mt != "distilbert":
        x = x + W[e + "token_type_embeddings.weight"][types]
    x = norm(x, e + "LayerNorm")
    out = {"ids": ids, "typeIds": types, "embeddings": x.tolist(), "layers": []}
    for layer in range(layers):
        if mt == "distilbert":
            p = f"{base}transformer.layer.{layer}."
            names = {"q": p + "attention.q_lin", "k": p + "attention.k_lin", "v": p + "attention.v_lin",
                     "o": p + "attention.out_lin", "n1": p + "sa_layer_norm", "up": p + "ffn.lin1",
                     "down": p + "ffn.lin2", "n2": p + "output_layer_norm"}
        else:
            p = f"{base}encoder.layer.{layer}."
            names = {"q": p + "attention.self.query", "k": p + "attention.self.key", "v": p + "attention.self.value",
                     "o": p + "attention.output.dense", "n1": p + "attention.output.LayerNorm",
                     "up": p + "intermediate.dense", "down": p + "output.dense", "n2": p + "output.LayerNorm"}
        q, k, v = lin(x, names["q"]), lin(x, names["k"]), lin(x, names["v"])
        weights_out, head_outputs = [], []
        for head in range(heads):
            cols = slice(head * dh, (head + 1) * dh)
            a = torch.softmax(q[:, cols] @ k[:, cols].T / math.sqrt(dh), dim=-1)  # no mask
            weights_out.append(a.tolist())
            head_outputs.append(a @ v[:, cols])
        out["layers"].append({"input": x.tolist(), "weights": weights_out})
        x = norm(x + lin(torch.cat(head_outputs, dim=1), names["o"]), names["n1"])
        x = norm(x + lin(activation(lin(x, names["up"]), act), names["down"]), names["n2"])
    out["finalHidden"] = x.tolist()
    if mt == "distilbert":
        head = ("vocab_transform", "vocab_layer_norm", "vocab_projector.weight", "vocab_projector.bias", act)
    elif mt == "roberta":
        head = ("lm_head.dense", "lm_head.layer_norm", "lm_head.decoder.weight", "lm_head.bias", "gelu")
    else:
        head = ("cls.predictions.transform.dense", "cls.predictions.transform.LayerNorm",
                "cls.predictions.decoder.weight", "cls.predictions.bias", act)
    dense, head_norm, decoder, bias, head_act = head
    head_act = head_activation or head_act
    out["hasMlmHead"] = dense + ".weight" in W
    if out["hasMlmHead"]:
        h = norm(activation(lin(x, dense), head_act), head_norm)
        decoder_weight = W[decoder] if decoder in W else W[e + "word_embeddings.weight"]  # tied
        out["logits"] = (h @ decoder_weight.T + W[bias]).tolist()
    return out


# ---------------------------------------------------------------------------------------------
# Files

DTYPE_BYTES = {"F32": 4, "BF16": 2, "I64": 8}


def stored(t, dtype):
    """The values the file holds: BF16 rounds to nearest even, as torch does."""
    return t.to(torch.bfloat16).float() if dtype == "BF16" and t.is_floating_point() else t


def tensor_bytes(t, dtype):
    if dtype == "I64":
        return t.contiguous().numpy().astype("<i8").tobytes()
    if dtype == "F32":
        return t.contiguous().numpy().astype("<f4").tobytes()
    return t.to(torch.bfloat16).contiguous().view(torch.int16).numpy().astype("<i2").tobytes()


def write_safetensors(path, tensors, dtype):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors:
        kind = dtype if t.is_floating_point() else "I64"  # integer buffers keep their type
        data = tensor_bytes(t, kind)
        assert len(data) == t.numel() * DTYPE_BYTES[kind]
        header[name] = {"dtype": kind, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
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
    """Seven significant digits: far below the tests' tolerance."""
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.7g}")
    return value


def write_fixture(folder, cfg, seed, ids=IDS, types=TYPES, dtype="F32", reference=True, **weight_options):
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    weights = [(name, stored(t, dtype)) for name, t in make_weights(cfg, seed, **weight_options)]
    cfg = dict(cfg, torch_dtype="bfloat16" if dtype == "BF16" else "float32")
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    for name in ("vocab.json", "merges.txt"):
        shutil.copy(os.path.join(GPT2_TINY, name), os.path.join(folder, name))
    write_safetensors(os.path.join(folder, "model.safetensors"), weights, dtype)
    ref = None
    if reference:
        ref = forward(cfg, dict(weights), ids, types)
        with open(os.path.join(folder, "reference.json"), "w") as f:
            json.dump(rounded(ref), f, separators=(",", ":"))
    return cfg, dict(weights), ref


def largest_change(a, b):
    """The largest difference between two references' attention weights and logits."""
    worst = max(abs(x - y) for la, lb in zip(a["layers"], b["layers"])
                for ha, hb in zip(la["weights"], lb["weights"]) for ra, rb in zip(ha, hb) for x, y in zip(ra, rb))
    if "logits" in a and "logits" in b:
        worst = max([worst] + [abs(x - y) for ra, rb in zip(a["logits"], b["logits"]) for x, y in zip(ra, rb)])
    return worst


def assert_matters(what, ref, other, margin=1e-2):
    """margin: how far the reference must move; the F32 tests' tolerance is 1e-4."""
    worst = largest_change(ref, other)
    assert worst > margin, f"{what} changes the weights and logits by only {worst}"


def edit_json(path, change):
    with open(path) as f:
        value = json.load(f)
    change(value)
    with open(path, "w") as f:
        json.dump(value, f, indent=2)


# The pair of the wordpiece-mlm fixture and the vocabulary that splits it.
PAIR_A = "The cat sat on the [MASK]."
PAIR_B = "A dog ran to the parks!"
WORDS = ["the", "cat", "sat", "on", "mat", "a", "dog", "ran", "to", "park", "##s", ".", "!", "sofa", "bed", "it"]


def wordpiece_vocab():
    vocab = ["[unused%d]" % i for i in range(VOCAB_SIZE)]
    vocab[0] = "[PAD]"
    for i, name in ((100, "[UNK]"), (101, "[CLS]"), (102, "[SEP]"), (103, "[MASK]")):
        vocab[i] = name
    for i, word in enumerate(WORDS):
        vocab[200 + i] = word
    return vocab


def split_words(text, vocab):
    """BERT's basic tokenizer for this ASCII text, then greedy longest-match WordPiece."""
    ids = []
    for chunk in text.split():
        pieces, word = [], ""
        rest = chunk
        while rest:
            if rest.startswith("[MASK]"):  # a special token: kept whole, not lower-cased
                pieces += [word] if word else []
                pieces.append("[MASK]")
                word, rest = "", rest[len("[MASK]"):]
            elif rest[0] in ".!?,":
                pieces += [word] if word else []
                pieces.append(rest[0])
                word, rest = "", rest[1:]
            else:
                word, rest = word + rest[0].lower(), rest[1:]
        pieces += [word] if word else []
        for piece in pieces:
            start = 0
            while start < len(piece):
                end = len(piece)
                while end > start:
                    candidate = ("##" if start > 0 else "") + piece[start:end]
                    if candidate in vocab:
                        ids.append(vocab.index(candidate))
                        break
                    end -= 1
                assert end > start, piece
                start = end
    return ids


def write_wordpiece_fixture(folder):
    vocab = wordpiece_vocab()
    a, b = split_words(PAIR_A, vocab), split_words(PAIR_B, vocab)
    ids = [101] + a + [102] + b + [102]
    types = [0] * (len(a) + 2) + [1] * (len(b) + 1)
    cfg, w, ref = write_fixture(folder, bert_config(), 6, ids=ids, types=types)
    for name in ("vocab.json", "merges.txt"):
        os.remove(os.path.join(folder, name))
    with open(os.path.join(folder, "vocab.txt"), "w") as f:
        f.write("\n".join(vocab) + "\n")
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump({"do_lower_case": True, "tokenizer_class": "BertTokenizer"}, f, indent=2)
    ref.update({"textA": PAIR_A, "textB": PAIR_B, "maskPosition": ids.index(103)})
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump(rounded(ref), f, separators=(",", ":"))


def main():
    bert = os.path.join(DATA, "bert")
    write_wordpiece_fixture(os.path.join(bert, "wordpiece-mlm"))
    # BERT: a BertForPreTraining-style F32 checkpoint (the position-id buffer, pooler and
    # next-sentence head, none of them read), the decoder tied to the word embeddings.
    cfg, w, ref = write_fixture(os.path.join(bert, "tiny-f32"), bert_config(), 1, extras=True)
    # The features must matter: without them the reference would differ well beyond the tests'
    # tolerance, so an encoder that ignored one fails.
    assert_matters("token types", ref, forward(cfg, w, IDS, [0] * len(IDS)))
    # BF16, the tanh GELU, a stored (untied) decoder.
    cfg, w, ref = write_fixture(os.path.join(bert, "tiny-bf16"), bert_config(hidden_act="gelu_new"), 2, dtype="BF16",
                                stored_decoder=True)
    # A bare BertModel: no prefix, no MLM head, LayerNorms in TensorFlow's gamma/beta names.
    write_fixture(os.path.join(bert, "no-head"), bert_config("BertModel"), 3, mlm_head=False, prefix=False,
                  old_norm_names=True)

    # DistilBERT: its own names and config keys, no token types (the types fed in are ignored).
    write_fixture(os.path.join(DATA, "distilbert", "tiny-f32"), distilbert_config(), 4)
    # RoBERTa: positions from padding_idx + 1, one token type, its MLM head's exact GELU whatever
    # hidden_act says (gelu_new here), a stored decoder.
    rcfg, rw, rref = write_fixture(os.path.join(DATA, "roberta", "tiny-f32"), roberta_config(hidden_act="gelu_new"), 5,
                                   ids=ROBERTA_IDS, types=[0] * len(ROBERTA_IDS), stored_decoder=True)
    assert_matters("roberta's position offset", rref,
                   forward(rcfg, rw, ROBERTA_IDS, [0] * len(ROBERTA_IDS), roberta_offset=False))
    # The two GELUs differ by at most 5e-4: the logits move by less, but beyond the tolerance.
    assert_matters("roberta's head GELU", rref,
                   forward(rcfg, rw, ROBERTA_IDS, [0] * len(ROBERTA_IDS), head_activation="gelu_new"), 2e-4)

    # Malformed: each breaks one thing.
    bad = os.path.join(bert, "malformed")
    small = bert_config(hidden_size=8, intermediate_size=16, num_attention_heads=2)
    for name, change in [("unknown-activation", {"hidden_act": "swish"}),
                         ("relative-positions", {"position_embedding_type": "relative_key"}),
                         ("heads-not-divisor", {"num_attention_heads": 3}),
                         ("negative-epsilon", {"layer_norm_eps": -1.0})]:
        folder = os.path.join(bad, name)
        write_fixture(folder, small, 1, reference=False)
        edit_json(os.path.join(folder, "config.json"), lambda v, change=change: v.update(change))
    folder = os.path.join(bad, "roberta-positions")
    write_fixture(folder, roberta_config(hidden_size=8, intermediate_size=16, num_attention_heads=2), 1, reference=False)
    edit_json(os.path.join(folder, "config.json"), lambda v: v.update({"max_position_embeddings": 2}))
    folder = os.path.join(bad, "distilbert-sinusoidal")
    write_fixture(folder, distilbert_config(dim=8, hidden_dim=16, n_heads=2), 1, reference=False)
    edit_json(os.path.join(folder, "config.json"), lambda v: v.update({"sinusoidal_pos_embds": True}))
    folder = os.path.join(bad, "missing-tensor")
    cfg_small, weights, _ = write_fixture(folder, small, 1, reference=False)
    write_safetensors(os.path.join(folder, "model.safetensors"),
                      [(n, t) for n, t in weights.items() if n != "bert.encoder.layer.1.attention.self.key.weight"], "F32")


if __name__ == "__main__":
    main()
