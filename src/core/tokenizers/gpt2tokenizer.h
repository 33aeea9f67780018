#pragma once

#include "core/expected.h"
#include "core/token.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace attn::bpe {

class BpeModel;
class WordCache;

// GPT-2's byte-level BPE tokenizer, read from the vocab.json + merges.txt pair that sits beside a
// GPT-2 checkpoint. It gives GPT-2's real ids: text is split with GPT-2's pre-tokenizer pattern
// (see pretokenizer.h), each piece's UTF-8 bytes are mapped through GPT-2's byte↔character table
// and merged by rank.
//
// Copies are cheap and share one immutable model and one bounded word cache; every const member
// may be called from several threads at once.
class Gpt2Tokenizer
{
public:
    // Largest file accepted for either input; larger files are refused before they are read.
    static constexpr qint64 maxFileBytes = 64 * 1024 * 1024;
    // Ids at or above this bound are refused (real vocabularies stay far below it).
    static constexpr int maxVocabId = 10'000'000;
    // More vocabulary entries than this are refused: the largest real vocabularies have ~262,000
    // (Gemma 3); the bound keeps a 64 MiB vocab.json of tiny tokens from costing gigabytes.
    static constexpr int maxVocabEntries = 1'000'000;
    // More merges than this are refused (GPT-2 has 50,000; the largest vocabularies ~300,000).
    // A parsed rule costs ~120 bytes, and more with symbols the vocabulary lacks (capped below):
    // 2,000,000 merges of such symbols peaked at 1 GB.
    static constexpr int maxMerges = 1'000'000;
    // Symbols that only merges.txt names (a real tokenizer's merges make vocabulary tokens from
    // vocabulary tokens, so it has none); more are refused, as a merges.txt of another vocabulary.
    static constexpr int maxMergeOnlySymbols = 250'000;

    static Expected<Gpt2Tokenizer> load(const QString &vocabJsonPath, const QString &mergesPath);
    // The same from memory (tests, fuzzing, resources). Messages name the inputs as
    // "<displayName> vocab.json" and "<displayName> merges.txt".
    static Expected<Gpt2Tokenizer> fromData(const QByteArray &vocabJson, const QByteArray &merges,
                                            const QString &displayName);

    // One Token per BPE token, in order. Token::begin/end is the token's span in `text` in UTF-16
    // code units; a token that covers only part of a multi-byte character gets the span of the
    // whole character(s) it touches, so neighbouring tokens may share a span. Token::text is the
    // token's bytes decoded as UTF-8 with spaces and control characters kept as they are (token.h);
    // bytes that do not form a complete UTF-8 character on their own read "<0xE6>" etc.
    // A lone UTF-16 surrogate in `text` is encoded as U+FFFD, as JavaScript's TextEncoder does
    // (GPT-2's Python code cannot encode it at all).
    TokenList encode(const QString &text) const;
    std::vector<int> encodeIds(const QString &text) const;

    // The raw bytes of one token; empty for an id that the vocabulary does not have.
    QByteArray decodeBytes(int id) const;
    // A label for one token: like Token::text, but whitespace made visible — a space reads '·'
    // (U+00B7), a newline '↵' (U+21B5), a tab '→' (U+2192), and other control characters
    // (U+0000–U+001F, U+007F) their byte as "<0x0D>". Bytes that are not valid UTF-8 on their own
    // read "<0xE2>" etc. Empty for an id that the vocabulary does not have.
    QString displayText(int id) const;
    // Highest id + 1: the number of rows an embedding table for this vocabulary must have.
    int vocabSize() const;
    // Distinct merge rules. A tokenizer without any splits every word into single bytes; the
    // model loader refuses it (a real checkpoint's tokenizer always has merges).
    int mergeCount() const;

private:
    Gpt2Tokenizer(std::shared_ptr<const BpeModel> model, std::shared_ptr<WordCache> cache);
    // By value: the file bytes are released as soon as they are parsed.
    static Expected<Gpt2Tokenizer> make(QByteArray vocabJson, QByteArray merges,
                                        const QString &vocabLabel, const QString &mergesLabel);

    // Calls sink(symbol, begin, end) for every BPE token of `text`, in order, with its UTF-16 span.
    template <typename Sink>
    void forEachToken(const QString &text, Sink &&sink) const;

    std::shared_ptr<const BpeModel> m_model;
    std::shared_ptr<WordCache> m_cache;
};

} // namespace attn::bpe
