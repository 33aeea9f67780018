#!/usr/bin/env python3
"""Writes the malformed checkpoint corpus under tests/data/malformed/checkpoint/ (read by
tests/core/hardening/tst_malformedcheckpoint and tests/cli's --model cases).

  good/          a micro GPT-2 checkpoint that loads (1 layer, 2 heads, n_embd 4, 8 positions,
                 260 tokens: the 256 byte tokens and 4 merges): every case below breaks one thing
  config/        config.json files: truncated, wrong types, absurd sizes, inconsistent numbers
  vocab/         vocab.json files (loaded with good/merges.txt)
  merges/        merges.txt files (loaded with good/vocab.json)
  folders/       whole checkpoint folders whose files disagree with each other, or are missing
  line_ends/     good/merges.txt with CR-only and CRLF line ends: must give the same merges
  manifest.json  file or folder (relative to this directory) -> a substring the message must contain

Plain Python only (struct + json), independent of the C++ readers. Run from anywhere:
    python3 scripts/make_malformed_checkpoint.py
"""
import json
import os
import shutil
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "malformed", "checkpoint")
MANIFEST = {}


def write(relative, blob):
    path = os.path.join(ROOT, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(blob.encode("utf-8") if isinstance(blob, str) else blob)


def case(relative, blob, expected):
    write(relative, blob)
    MANIFEST[relative] = expected


def position(text, offset):
    """'line L, column C' of a 0-based byte offset, counted as the strict JSON reader does."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    before = data[:offset]
    return "line %d, column %d" % (before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1)


# GPT-2's byte <-> character table (bytes_to_unicode in GPT-2's encoder.py), written out here.
def byte_chars():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = {}
    extra = 0
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    return chars


BYTE = byte_chars()
MERGES = [(BYTE[32], "t"), ("h", "e"), (BYTE[32] + "t", "he"), ("a", "t")]


def vocab_dict(skip_byte=None):
    vocab = {BYTE[b]: b for b in range(256) if b != skip_byte}
    for i, (left, right) in enumerate(MERGES):
        vocab[left + right] = 256 + i
    return vocab


GOOD_VOCAB = json.dumps(vocab_dict(), ensure_ascii=False)
GOOD_MERGES = "#version: 0.2\n" + "".join(f"{left} {right}\n" for left, right in MERGES)

GOOD_CONFIG = {
    "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
    "n_layer": 1, "n_head": 2, "n_embd": 4, "n_positions": 8, "n_ctx": 8, "n_inner": None,
    "vocab_size": 260, "layer_norm_epsilon": 1e-05,
}


def config_text(**changes):
    config = dict(GOOD_CONFIG)
    for key, value in changes.items():
        if value is DELETE:
            del config[key]
        else:
            config[key] = value
    return json.dumps(config, indent=2)


DELETE = object()


def tensors(layers=1, d=4, vocab=260, positions=8, inner=16):
    """GPT-2's tensors in file order, as (name, shape); values are a deterministic ramp."""
    out = [("wte.weight", [vocab, d]), ("wpe.weight", [positions, d])]
    for layer in range(layers):
        p = f"h.{layer}."
        out += [
            (p + "ln_1.weight", [d]), (p + "ln_1.bias", [d]),
            (p + "attn.c_attn.weight", [d, 3 * d]), (p + "attn.c_attn.bias", [3 * d]),
            (p + "attn.c_proj.weight", [d, d]), (p + "attn.c_proj.bias", [d]),
            (p + "ln_2.weight", [d]), (p + "ln_2.bias", [d]),
            (p + "mlp.c_fc.weight", [d, inner]), (p + "mlp.c_fc.bias", [inner]),
            (p + "mlp.c_proj.weight", [inner, d]), (p + "mlp.c_proj.bias", [d]),
        ]
    out += [("ln_f.weight", [d]), ("ln_f.bias", [d])]
    return out


def safetensors(entries, dtype_of=None):
    """A safetensors file of F32 tensors (the header padded with spaces to a multiple of 8)."""
    header = {"__metadata__": {"format": "pt"}}
    data = b""
    for name, shape in entries:
        count = 1
        for n in shape:
            count *= n
        dtype = (dtype_of or {}).get(name, "F32")
        if dtype == "F32":
            payload = struct.pack("<%df" % count, *[((i * 7) % 13 - 6) / 64.0 for i in range(count)])
        else:  # I32
            payload = struct.pack("<%di" % count, *range(count))
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(payload)]}
        data += payload
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


GOOD_WEIGHTS = safetensors(tensors())


def folder(name, expected, config=None, vocab=None, merges=None, weights=None, extra=None, omit=()):
    files = {"config.json": config if config is not None else json.dumps(GOOD_CONFIG, indent=2),
             "vocab.json": vocab if vocab is not None else GOOD_VOCAB,
             "merges.txt": merges if merges is not None else GOOD_MERGES,
             "model.safetensors": weights if weights is not None else GOOD_WEIGHTS}
    files.update(extra or {})
    for file, blob in files.items():
        if file not in omit:
            write(f"folders/{name}/{file}", blob)
    MANIFEST[f"folders/{name}"] = expected


shutil.rmtree(ROOT, ignore_errors=True)

# ---- good/ -----------------------------------------------------------------------------------
write("good/config.json", json.dumps(GOOD_CONFIG, indent=2))
write("good/vocab.json", GOOD_VOCAB)
write("good/merges.txt", GOOD_MERGES)
write("good/model.safetensors", GOOD_WEIGHTS)

# ---- config/ ---------------------------------------------------------------------------------
good_config = json.dumps(GOOD_CONFIG, indent=2)
case("config/empty.json", "", "not valid JSON")
case("config/truncated.json", good_config[: len(good_config) // 2], "not valid JSON")
case("config/array.json", "[" + good_config + "]", "expected a JSON object")
case("config/not_utf8.json", good_config.encode("utf-8").replace(b'"gpt2"', b'"gpt\xff2"'), "not valid JSON")
case("config/nan_literal.json", good_config.replace('"n_layer": 1', '"n_layer": NaN'), "not valid JSON")
case("config/missing_n_embd.json", config_text(n_embd=DELETE), 'the key "n_embd" is missing')
case("config/n_layer_string.json", config_text(n_layer="12"), '"n_layer" must be a whole number from 1 to 256, found "12"')
case("config/n_layer_fraction.json", config_text(n_layer=1.5), '"n_layer" must be a whole number')
case("config/n_layer_negative.json", config_text(n_layer=-3), '"n_layer" must be a whole number')
case("config/n_layer_huge.json", config_text(n_layer=10 ** 12), '"n_layer" must be a whole number from 1 to 256')
case("config/n_layer_null.json", config_text(n_layer=None), '"n_layer" must be a whole number')
case("config/n_head_zero.json", config_text(n_head=0), '"n_head" must be a whole number')
case("config/n_embd_huge.json", config_text(n_embd=2 ** 40), '"n_embd" must be a whole number')
case("config/n_embd_not_multiple.json", config_text(n_embd=10, n_head=4), "n_embd (10) is not a multiple of n_head (4)")
case("config/head_too_wide.json", config_text(n_embd=4096, n_head=2), "exceeds the limit")
case("config/vocab_huge.json", config_text(vocab_size=10 ** 15), '"vocab_size" must be a whole number')
case("config/vocab_zero.json", config_text(vocab_size=0), '"vocab_size" must be a whole number')
case("config/positions_huge.json", config_text(n_positions=10 ** 9, n_ctx=10 ** 9), '"n_positions" must be a whole number')
case("config/n_inner_huge.json", config_text(n_inner=10 ** 9), '"n_inner" must be a whole number')
case("config/n_inner_string.json", config_text(n_inner="3072"), '"n_inner" must be a whole number')
case("config/epsilon_zero.json", config_text(layer_norm_epsilon=0), '"layer_norm_epsilon" must be a number above 0')
case("config/epsilon_string.json", config_text(layer_norm_epsilon="1e-5"), '"layer_norm_epsilon" must be a number')
case("config/model_type_t5.json", config_text(model_type="t5"), 'model_type "t5"')
case("config/activation_relu.json", config_text(activation_function="relu"), "activation_function")
case("config/deep_nesting.json", '{"n_layer": ' + "[" * 5000 + "]" * 5000 + "}", "not valid JSON")
# A key listed twice: other readers disagree on which one counts, so it is refused, with its place.
duplicate_config = good_config.replace('"n_layer": 1,', '"n_layer": 1,\n  "n_layer": 2,')
second_n_layer = duplicate_config.index('"n_layer"', duplicate_config.index('"n_layer"') + 1) + len('"n_layer"')
case("config/duplicate_key.json", duplicate_config,
     'not valid JSON at %s: the key "n_layer" appears twice' % position(duplicate_config, second_n_layer))

# ---- vocab/ ----------------------------------------------------------------------------------
good_vocab = vocab_dict()
case("vocab/empty.json", "", "is empty")
case("vocab/truncated.json", GOOD_VOCAB[: len(GOOD_VOCAB) // 2], ": not valid JSON at line 1, column ")
case("vocab/array.json", json.dumps(list(good_vocab)), "must be a JSON object")
case("vocab/no_tokens.json", "{}", "has no tokens")
case("vocab/id_string.json", json.dumps({**good_vocab, "at": "259"}), 'the id of token "at" is a string, not an integer')
case("vocab/id_fraction.json", json.dumps({**good_vocab, "at": 259.5}), "not an integer")
case("vocab/id_negative.json", json.dumps({**good_vocab, "at": -259}), "is negative")
case("vocab/id_huge.json", json.dumps({**good_vocab, "at": 10 ** 15}), "ids must be below")
case("vocab/duplicate_id.json", json.dumps({**good_vocab, "at": 258}), "both have id 258")
case("vocab/missing_byte.json", json.dumps(vocab_dict(skip_byte=0x41)), "has no token for byte 0x41")
not_utf8_vocab = GOOD_VOCAB.encode("utf-8").replace(b'"at"', b'"a\xfe"')
case("vocab/not_utf8.json", not_utf8_vocab, ": not valid JSON at %s: a string is not valid UTF-8"
     % position(not_utf8_vocab, not_utf8_vocab.index(b'"a\xfe"') + 4))
# The same token twice: a dict keeps the last id silently; refused, naming the token and its place.
duplicate_vocab = GOOD_VOCAB[:-1] + ', "at": 259}'
case("vocab/duplicate_key.json", duplicate_vocab, 'not valid JSON at %s: the key "at" appears twice'
     % position(duplicate_vocab, len(duplicate_vocab.encode("utf-8")) - len(': 259}')))

# ---- merges/ ---------------------------------------------------------------------------------
case("merges/empty.txt", "", "is empty")
case("merges/no_header.txt", GOOD_MERGES.split("\n", 1)[1], 'line 1: expected the header "#version: 0.2"')
case("merges/three_symbols.txt", GOOD_MERGES + "a t e\n", "line 6: expected two symbols separated by one space")
case("merges/one_symbol.txt", GOOD_MERGES.replace("h e\n", "he\n"), "line 3: expected two symbols")
case("merges/blank_line_inside.txt", GOOD_MERGES.replace("h e\n", "h e\n\n"), "line 4: expected two symbols")
case("merges/leading_space.txt", GOOD_MERGES.replace("a t\n", " a t\n"), "line 5: expected two symbols")
case("merges/not_utf8.txt", GOOD_MERGES.encode("utf-8").replace(b"h e\n", b"h \xff\n"), "line 3: not valid UTF-8")

# ---- folders/ --------------------------------------------------------------------------------
folder("pickle_only", "pickle", omit=("model.safetensors",),
       extra={"pytorch_model.bin": b"\x80\x02}q\x00."})  # the pickle of an empty dict: never opened
folder("no_weights", "has no model.safetensors", omit=("model.safetensors",))
folder("no_merges", "has no merges.txt", omit=("merges.txt",))
folder("no_config", "has no config.json", omit=("config.json",))
folder("sharded", "split into several", omit=("model.safetensors",),
       extra={"model.safetensors.index.json": json.dumps({"weight_map": {"wte.weight": "model-00001-of-00002.safetensors"}})})
folder("vocab_beyond_config", "the tokenizer does not belong to this model", config=config_text(vocab_size=100))
folder("config_wider_than_weights", "'wte.weight' has shape [260, 4], expected [260, 8]",
       config=config_text(n_embd=8))
folder("config_more_positions", "'wpe.weight' has shape [8, 4], expected [16, 4]",
       config=config_text(n_positions=16, n_ctx=16))
folder("config_fewer_layers", "but config.json says n_layer 1", weights=safetensors(tensors(layers=2)))
folder("config_more_layers", "'h.1.ln_1.weight' is missing", config=config_text(n_layer=2))
folder("missing_tensor", "'ln_f.bias' is missing", weights=safetensors(tensors()[:-1]))
folder("integer_weights", "I32", weights=safetensors(tensors(), dtype_of={"wte.weight": "I32"}))
folder("weights_truncated", "model.safetensors", weights=GOOD_WEIGHTS[: len(GOOD_WEIGHTS) // 2])
folder("weights_empty", "shorter than 8 bytes", weights=b"")
folder("config_broken", "config.json", config=good_config[:40])
folder("vocab_broken", "vocab.json", vocab=GOOD_VOCAB[:100])
folder("merges_broken", "merges.txt", merges="no header\n")
# Only the header: every word would be split into single bytes, which the model never saw.
folder("merges_header_only", 'merges.txt: no merges after the "#version" line', merges="#version: 0.2\n")

# ---- line_ends/ (not in the manifest: these load, with good/merges.txt's merges) -------------
write("line_ends/merges_cr.txt", GOOD_MERGES.replace("\n", "\r"))
write("line_ends/merges_crlf.txt", GOOD_MERGES.replace("\n", "\r\n"))

with open(os.path.join(ROOT, "manifest.json"), "w", encoding="utf-8") as f:
    json.dump(MANIFEST, f, indent=1, sort_keys=True, ensure_ascii=False)
    f.write("\n")
print(f"{len(MANIFEST)} malformed cases in {os.path.normpath(ROOT)}")
