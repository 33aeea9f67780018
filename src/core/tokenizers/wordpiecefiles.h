#pragma once

#include "core/expected.h"
#include "hftokenizerfile.h"

#include <QByteArrayView>
#include <QString>

namespace attn::hf {

// BERT's vocab.txt (one token a line, the line number its id; lines end at "\n", "\r\n" or "\r"
// as Python's universal newlines have it) with the tokenizer_config.json
// beside it, read into the same parts a tokenizer.json with a WordPiece model gives, as
// transformers' BertTokenizerFast builds them from these files (its BertConverter):
// BertNormalizer (clean_text; do_lower_case, default true; strip_accents, default
// do_lower_case; tokenize_chinese_chars, default true), BertPreTokenizer, WordPiece with "##"
// and at most 100 characters a word, [CLS] A [SEP] and [CLS] A [SEP] B [SEP] with type ids 0/1,
// and the WordPiece decoder. unk_token, cls_token, sep_token, pad_token and mask_token (strings or
// {"content": …}; defaults [UNK], [CLS], [SEP], [PAD], [MASK]), additional_special_tokens and the
// entries of added_tokens_decoder are added tokens, matched in the text as typed; unk, cls and sep must be in
// the vocabulary, another special token that is not is left out (transformers would give it a new
// id past the vocabulary, which the checkpoint's embeddings do not have).
// Messages start with "<displayName> vocab.txt" or "<displayName> tokenizer_config.json".
Expected<HfTokenizerParts> parseBertVocab(QByteArrayView vocabTxt, QByteArrayView configJson, const QString &displayName);
// The same from a folder that has vocab.txt (tokenizer_config.json is optional).
Expected<HfTokenizerParts> readBertVocabFolder(const QString &folder);

// Largest vocab.txt accepted (multilingual BERT's is under 1 MB).
inline constexpr qint64 maxVocabTxtBytes = 64 * 1024 * 1024;

} // namespace attn::hf
