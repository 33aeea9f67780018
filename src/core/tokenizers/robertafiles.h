#pragma once

#include "core/expected.h"
#include "hftokenizerfile.h"

#include <QByteArrayView>
#include <QString>

namespace attn::hf {

// RoBERTa's vocab.json + merges.txt (GPT-2's byte-level BPE files, RoBERTa's ids) with the
// tokenizer_config.json beside it, read into the same parts a tokenizer.json with RobertaProcessing
// gives, as transformers' RobertaTokenizerFast builds them from these files (its RobertaConverter):
// the BPE model without an unknown token, the ByteLevel pre-tokenizer (add_prefix_space, default
// false), RobertaProcessing with cls_token and sep_token (trim_offsets, default true) and the
// ByteLevel decoder. bos, eos, unk, sep, cls, pad and mask tokens (strings or {"content": …};
// defaults <s>, </s>, <unk>, </s>, <s>, <pad>, <mask>; the mask takes the spaces before it) are
// added tokens matched in the text as typed.
// A special token the vocabulary lacks is left out (transformers would give it an id past the
// vocabulary, which the checkpoint's embeddings do not have); without cls or sep the text is
// encoded without them, and the parts' warnings say so.
// Messages start with "<displayName> vocab.json", "… merges.txt" or "… tokenizer_config.json".
Expected<HfTokenizerParts> parseRobertaBpe(const QByteArray &vocabJson, const QByteArray &mergesTxt, QByteArrayView configJson,
                                           const QString &displayName);
// The same from a folder that has vocab.json and merges.txt (tokenizer_config.json is optional).
Expected<HfTokenizerParts> readRobertaBpeFolder(const QString &folder);

} // namespace attn::hf
