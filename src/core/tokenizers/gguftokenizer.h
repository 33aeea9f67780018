#pragma once

#include "core/expected.h"
#include "hftokenizerfile.h"
#include "texttokenizer.h"

namespace attn {
namespace gguf {
class GgufFile;
}

// The tokenizer a GGUF file carries in its `tokenizer.ggml.*` metadata, read as llama.cpp reads it
// (llama-vocab.cpp), in the parts HfTokenizer runs:
// - `tokenizer.ggml.model` "gpt2": byte-level BPE from `tokens` (id order) and `merges` ("a b",
//   rank order), cut into pieces by the split `pre` names (ggufpretokenizer.h; none: llama.cpp's
//   "default", with a warning);
// - "llama": SentencePiece BPE from `tokens` and `scores` (merges as spmmerges.h derives them),
//   "<0xAB>" byte tokens for characters the vocabulary lacks, ' ' written '▁', and with
//   `add_space_prefix` (default true) a '▁' in front of the text and of text after a special token.
// Tokens of `token_type` 2 (unknown), 3 (control) and 4 (user-defined) are cut out of the raw text
// first, as llama.cpp's special-token partition does when it parses special tokens. BOS
// (`bos_token_id`) goes in front when `add_bos_token` says so (default: llama.cpp's for the model
// and pre-tokenizer), EOS (`eos_token_id`) after the text with `add_eos_token`.
// Anything else is refused by name: other models ("bert", "t5", "rwkv", ...), other pre-tokenizers,
// ids outside the token list, token types above 6, arrays whose length is not the token count,
// merges of tokens the list lacks, a token listed twice. Messages name the file and the key.
// Unlike Hugging Face's Qwen 2 tokenizer, no Unicode normalization (NFC) is applied: llama.cpp
// applies none.
Expected<hf::HfTokenizerParts> tokenizerPartsFromGguf(const gguf::GgufFile &file);
// The same as a ready TextTokenizer (an hf::HfTokenizer).
Expected<TextTokenizerPtr> tokenizerFromGguf(const gguf::GgufFile &file);

} // namespace attn
