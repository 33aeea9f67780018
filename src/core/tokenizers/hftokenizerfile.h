#pragma once

#include "addedtokens.h"
#include "core/expected.h"
#include "hfbpemodel.h"
#include "hfnormalizer.h"
#include "hfpretokenizer.h"
#include "wordpiece.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace attn::hf {

// One step of a tokenizer.json "decoder" (a Sequence is flattened into its steps): how token
// strings become text again.
struct DecoderStep
{
    enum class Kind { ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip, WordPiece };
    Kind kind = Kind::Fuse;
    QString pattern;       // Replace: what is looked for; Metaspace: the replacement character
    QString content;       // Replace: what it becomes; Strip: the character stripped
    int stripStart = 0;    // Strip: at most this many from the start
    int stripStop = 0;     //   and from the end
    bool prependedSpace = true; // Metaspace: the first token's leading space was put there
    bool cleanup = true;        // WordPiece: " ." → "." and the like, as HF's cleanup does
                                //   (pattern: the continuing-subword prefix)
};

// One entry of a post-processor's template for a pair of texts: a sequence (0: the first text,
// 1: the second) or special token ids, with the type id its tokens get.
struct TemplateItem
{
    int sequence = -1; // -1: `ids` are special tokens
    std::vector<int> ids;
    int typeId = 0;
};

// Everything a Hugging Face tokenizer.json (with its tokenizer_config.json) says about encoding
// one text and decoding ids, in the components this version implements. Reading refuses any other
// component by name instead of skipping it, because a skipped component gives other ids silently.
struct HfTokenizerParts
{
    Normalizer normalizer;
    PreTokenizer preTokenizer;
    BpeModelHf model; // empty when wordPiece is set
    std::shared_ptr<const WordPieceModel> wordPiece; // a WordPiece model (BERT) instead of BPE
    std::vector<AddedToken> addedTokens;
    std::vector<int> prefixIds; // added around a single text by the post-processor (BOS)
    std::vector<int> suffixIds;
    std::vector<TemplateItem> pairTemplate; // empty: the post-processor has no pair form
    // RobertaProcessing's trim_offsets: each text's token spans lose the spaces their token starts
    // or ends with (ids do not change). With its add_prefix_space the one leading space of a text's
    // first token is kept: the pre-tokenizer put it there, and its span is the word's.
    bool trimOffsets = false;
    bool trimKeepsAddedPrefixSpace = false;
    std::vector<DecoderStep> decoder;
    // What a reader had to leave out that a person should know (shown with the model's warnings).
    QStringList warnings;
};

// RoBERTa's post-processor (HF's RobertaProcessing) in `parts`: <s> A </s> for one text,
// <s> A </s> </s> B </s> for a pair, every type id 0 (RoBERTa has one token type), and its
// trim_offsets / add_prefix_space. The tokenizer.json reader and the vocab.json + merges.txt reader
// (robertafiles.h) both build it here.
void setRobertaProcessing(HfTokenizerParts &parts, int cls, int sep, bool trimOffsets, bool addPrefixSpace);

// Largest tokenizer.json accepted (Gemma 3's is 33 MB).
inline constexpr qint64 maxTokenizerJsonBytes = 128 * 1024 * 1024;

// Parses tokenizer.json (and tokenizer_config.json; empty when there is none). Messages start with
// "<displayName> tokenizer.json" and name the component that is wrong or unsupported.
Expected<HfTokenizerParts> parseHfTokenizer(QByteArrayView tokenizerJson, QByteArrayView configJson,
                                            const QString &displayName);
// The same from a folder that has tokenizer.json (tokenizer_config.json is optional).
Expected<HfTokenizerParts> readHfTokenizerFolder(const QString &folder);

} // namespace attn::hf
