#pragma once

#include "hfpretokenizer.h"

#include <QStringList>
#include <QStringView>

#include <optional>

namespace attn::hf {

// What a GGUF's `tokenizer.ggml.pre` name means for a byte-level BPE vocabulary, as llama.cpp's
// llama-vocab.cpp reads it: the regular expressions that cut text into pieces (each applied to
// the pieces of the one before; matches and the text between them both become pieces), whether a
// piece that is itself a token skips merging, and whether BOS is added when the file does not say.
struct GgufPreTokenizer
{
    PreTokenizer preTokenizer;
    bool ignoreMerges = false;
    bool addBosByDefault = false;
};

// nullopt for a name this version does not know.
std::optional<GgufPreTokenizer> ggufPreTokenizer(QStringView name);
// The names ggufPreTokenizer() knows, for messages.
QStringList ggufPreTokenizerNames();

} // namespace attn::hf
