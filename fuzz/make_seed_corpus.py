#!/usr/bin/env python3
"""Writes the committed seed corpora of the fuzz harnesses: fuzz/corpus/<harness>/<seed>.

Seeds are small valid inputs (plus a few near-misses) so that libFuzzer starts from the formats'
real structure instead of discovering '{' and the safetensors length prefix on its own. Files from
tests/data are copied; the rest is written here. regressions/ and pending/ are not touched.
Run: python3 fuzz/make_seed_corpus.py
"""
import json
import os
import shutil
import struct

FUZZ = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(FUZZ, "..", "tests", "data")
CORPUS = os.path.join(FUZZ, "corpus")


def out(harness, name, blob):
    folder = os.path.join(CORPUS, harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(blob if isinstance(blob, bytes) else blob.encode("utf-8"))


def read(*parts):
    with open(os.path.join(DATA, *parts), "rb") as f:
        return f.read()


def text_seed(text):
    """Harnesses reading text take UTF-8 after an even first byte, raw UTF-16LE after an odd one."""
    return [b"\x00" + text.encode("utf-8", "surrogatepass"), b"\x01" + text.encode("utf-16-le", "surrogatepass")]


def safetensors(header, data=b""):
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


shutil.rmtree(CORPUS, ignore_errors=True)

# safetensors: the reader's valid fixtures, matrix files for the harness's configuration, dtypes.
for name in ("basic", "no_tensors", "nonfinite", "unaligned"):
    out("safetensors", name, read("safetensors", "valid", name + ".safetensors"))
for name in ("small", "small_f16", "missing"):
    out("safetensors", "matrices_" + name, read("io", "safetensors", name + ".safetensors"))
out("safetensors", "dtypes", safetensors({
    "__metadata__": {"format": "pt"},
    "a": {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]},
    "b": {"dtype": "I64", "shape": [1, 1], "data_offsets": [4, 12]},
    "c": {"dtype": "F8_E4M3", "shape": [], "data_offsets": [12, 13]},
    "d": {"dtype": "F16", "shape": [0, 3], "data_offsets": [13, 13]},
}, bytes(range(13))))

# config.json: the tiny fixture, GPT-2 small's numbers, Hugging Face's aliases.
out("gpt2config", "tiny", read("gpt2", "tiny-f32", "config.json"))
out("gpt2config", "gpt2_small", json.dumps({
    "activation_function": "gelu_new", "model_type": "gpt2", "n_ctx": 1024, "n_embd": 768, "n_head": 12,
    "n_inner": None, "n_layer": 12, "n_positions": 1024, "layer_norm_epsilon": 1e-05, "vocab_size": 50257,
    "scale_attn_weights": True, "scale_attn_by_inverse_layer_idx": False}, indent=2))
out("gpt2config", "aliases", json.dumps({
    "num_hidden_layers": 2, "num_attention_heads": 4, "hidden_size": 64, "max_position_embeddings": 128,
    "vocab_size": 300, "n_inner": 100, "layer_norm_eps": 1e-6}))

# vocab.json NUL merges.txt: the tiny fixture's pair, and a pair with a merge outside the vocabulary.
tiny_vocab = read("gpt2", "tiny-f32", "vocab.json")
tiny_merges = read("gpt2", "tiny-f32", "merges.txt")
out("bpefiles", "tiny", tiny_vocab + b"\x00" + tiny_merges)
out("bpefiles", "merge_outside_vocab", tiny_vocab + b"\x00" + b"#version: 0.2\nc a\nca t\n")

# Hugging Face tokenizer.json NUL text: a byte-level BPE (Llama 3's pattern) and a SentencePiece-style
# BPE with byte fallback (Llama 2's normalizer and decoder), both tiny.
def byte_level_chars():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    chars, extra = {}, 0
    for byte in range(256):
        if byte in printable:
            chars[byte] = chr(byte)
        else:
            chars[byte] = chr(256 + extra)
            extra += 1
    return [chars[b] for b in range(256)]


def added(id_, content, special=True):
    return {"id": id_, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": special}


byte_vocab = {c: i for i, c in enumerate(byte_level_chars())}
for token in ["Ġt", "he", "Ġthe", "Ġc", "at", "Ġcat"]:
    byte_vocab[token] = len(byte_vocab)
llama3_pattern = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|"
                  r"\s*[\r\n]+|\s+(?!\S)|\s+")
byte_level = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [added(len(byte_vocab), "<|begin_of_text|>")],
    "normalizer": None,
    "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": llama3_pattern}, "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
    "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
    "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
    "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
              "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": True,
              "vocab": byte_vocab, "merges": ["Ġ t", "h e", "Ġt he", ["Ġ", "c"], ["a", "t"], ["Ġc", "at"]]},
}
sp_vocab = {"<unk>": 0, "<s>": 1, "</s>": 2, "\u2581": 3, "a": 4, "b": 5, "\u2581a": 6, "ab": 7, "\u2581ab": 8}
for byte in range(256):
    sp_vocab["<0x%02X>" % byte] = len(sp_vocab)
sentencepiece = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [added(0, "<unk>"), added(1, "<s>"), added(2, "</s>")],
    "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "\u2581"},
                                                       {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
    "pre_tokenizer": None,
    "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                                                                {"Sequence": {"id": "A", "type_id": 0}}],
                       "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
    "decoder": {"type": "Sequence", "decoders": [
        {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "}, {"type": "ByteFallback"},
        {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
    "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
              "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True,
              "vocab": sp_vocab, "merges": ["\u2581 a", "a b", "\u2581a b"]},
}
hf_text = text_seed("<|begin_of_text|>The cat IT'S 12345 \u6771\u4eac\n\n  x")[0]
out("hftokenizer", "byte_level", json.dumps(byte_level, ensure_ascii=False).encode("utf-8") + b"\x00" + hf_text)
out("hftokenizer", "sentencepiece", json.dumps(sentencepiece, ensure_ascii=False).encode("utf-8") + b"\x00" + hf_text)
out("hftokenizer", "sentencepiece_no_text", json.dumps(sentencepiece).encode("utf-8"))
# BERT: a WordPiece tokenizer.json, and vocab.txt NUL tokenizer_config.json NUL text.
wp_tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "##s", "play", "##ing", "caf", "##e",
             "\u6771", "\u4eac", ".", ",", "!", "a", "##a", "b", "##b"]
wordpiece = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [added(i, t) for i, t in enumerate(wp_tokens[:5])],
    "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                   "strip_accents": None, "lowercase": True},
    "pre_tokenizer": {"type": "BertPreTokenizer"},
    "post_processor": {"type": "TemplateProcessing",
                       "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                  {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                       "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                                {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
                       "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]},
                                          "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]}}},
    "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
              "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(wp_tokens)}},
}
wp_text = text_seed("The cats [MASK] playing, Caf\u00e9 e\u0301 \u6771\u4eac!! " + "a" * 101 + " \u0000\u200b")[0]
out("hftokenizer", "wordpiece", json.dumps(wordpiece, ensure_ascii=False).encode("utf-8") + b"\x00" + wp_text)
wp_bert = wordpiece.copy()
wp_bert["post_processor"] = {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}
out("hftokenizer", "wordpiece_bertprocessing", json.dumps(wp_bert, ensure_ascii=False).encode("utf-8") + b"\x00" + wp_text)
# RoBERTa: byte-level BPE with <s> <pad> </s> <unk> first and <mask> (taking the spaces before it)
# last, RobertaProcessing trimming offsets.
roberta_vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
for token in byte_vocab:
    roberta_vocab[token] = len(roberta_vocab)
roberta_vocab["<mask>"] = len(roberta_vocab)
roberta = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [added(i, t) for i, t in enumerate(["<s>", "<pad>", "</s>", "<unk>"])]
                    + [dict(added(roberta_vocab["<mask>"], "<mask>"), lstrip=True)],
    "normalizer": None,
    "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
    "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0], "trim_offsets": True,
                       "add_prefix_space": False},
    "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
    "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
              "end_of_word_suffix": "", "fuse_unk": False, "vocab": roberta_vocab,
              "merges": ["Ġ t", "h e", "Ġt he", ["Ġ", "c"], ["a", "t"], ["Ġc", "at"]]},
}
roberta_text = text_seed("<s>The cat  <mask>. it's  \u6771\u4eac\n\n  x</s> ")[0]
out("hftokenizer", "roberta", json.dumps(roberta, ensure_ascii=False).encode("utf-8") + b"\x00" + roberta_text)
vocab_txt = "\n".join(wp_tokens).encode("utf-8") + b"\n"
bert_config = json.dumps({"do_lower_case": False, "strip_accents": True, "tokenize_chinese_chars": True,
                          "mask_token": {"content": "[MASK]", "__type": "AddedToken"},
                          "added_tokens_decoder": {"4": {"content": "[MASK]", "lstrip": True, "normalized": False,
                                                         "rstrip": False, "single_word": False, "special": True}}}).encode("utf-8")
out("bertvocab", "uncased_no_config", vocab_txt + b"\x00\x00" + wp_text)
out("bertvocab", "cased_config", vocab_txt + b"\x00" + bert_config + b"\x00" + wp_text)
out("bertvocab", "missing_unk", b"[CLS]\n[SEP]\na\n\x00\x00" + wp_text)

# Text for the BPE encoder and the word tokenizer.
texts = {
    "english": "The cat sat on the mat. Don't panic, it's 3.14!",
    "scripts": "日本語のテキスト 中文 한국어 עברית مرحبا بالعالم हिन्दी",
    "emoji": "👩‍💻 👍🏽 🇫🇷 ❤️ 1️⃣ e\u0301 a\u200bb c\u200dd \ufeff",
    "whitespace": "  \t\n\r\n\u00a0\u3000 x  \n\n",
    "lone_surrogates": "a\ud800b\udc00c",
}
for name, text in texts.items():
    utf8, utf16 = text_seed(text)
    if name != "lone_surrogates":  # has no UTF-8 form
        out("bpeencode", name + "_utf8", utf8)
        out("wordtokenizer", name + "_utf8", utf8)
    out("bpeencode", name + "_utf16", utf16)
    out("wordtokenizer", name + "_utf16", utf16)

# Sessions and matrix files of heads 2, d_model 3, d_k 2, d_v 2.
out("session", "small", read("io", "session", "small.attn.json"))
out("matrixjson", "small", read("io", "json", "small.json"))
for name in ("matrix_f4", "matrix_f8", "matrix_v2", "fortran", "overflow"):
    out("npy", name, read("io", "npy", name + ".npy"))

# GGUF: the reader's valid files (every value type, tensors of every decoded type, v2, metadata
# only) and a few near-misses of the malformed corpus, small enough to mutate quickly.
for name in ("everything_v3", "v2", "no_tensors"):
    out("gguf", name, read("gguf", "valid", name + ".gguf"))
for name in ("deep_nesting", "tensors_overlap", "alignment_not_power_of_two", "more_than_2_32_elements",
             "string_in_array_past_end", "duplicate_tensor"):
    out("gguf", "malformed_" + name, read("malformed", "gguf", name + ".gguf"))
# A whole model (architecture metadata, tokenizer metadata, tensors) for the model-layer readers.
out("gguf", "model_gemma2", read("gguf", "models", "gemma2-f32.gguf"))
