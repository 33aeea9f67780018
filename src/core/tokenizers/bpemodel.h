#pragma once

#include "core/expected.h"
#include "mergesfile.h"
#include "vocabfile.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace attn::bpe {

// The merge tables of a byte-level BPE, with every token string replaced by a small integer (a
// symbol) so that encoding never touches strings. Symbols 0..n-1 are the vocabulary's tokens in
// id order; symbols that only merges.txt names follow them.
class BpeModel
{
public:
    // Buffers that encodeWord() reuses between words; one per thread.
    struct Scratch
    {
        struct Node { int symbol; int prev; int next; };
        struct Candidate { int rank; int pos; int left; int right; };
        std::vector<Node> nodes;
        std::vector<Candidate> heap;
        std::vector<Candidate> pending;
        std::vector<int> stack;
    };

    // `vocab` sorted by id (parseVocabJson). Fails, naming `vocabLabel`, when the vocabulary lacks
    // one of the 256 byte characters: without them some text could not be encoded at all.
    // Also fails, naming `mergesLabel`, when merges.txt names more than
    // Gpt2Tokenizer::maxMergeOnlySymbols symbols that the vocabulary lacks.
    static Expected<BpeModel> build(std::vector<VocabEntry> vocab, const std::vector<MergeRule> &merges,
                                    const QString &vocabLabel, const QString &mergesLabel);

    // Appends to `out` the vocabulary symbols of one pre-token's UTF-8 bytes, merged the way
    // OpenAI's encoder.py does: repeatedly take the lowest-ranked adjacent pair and merge all of
    // its occurrences from left to right, until no adjacent pair has a rank.
    void encodeWord(QByteArrayView bytes, std::vector<int> &out, Scratch &scratch) const;

    int vocabId(int symbol) const { return m_symbols[symbol].vocabId; }
    int byteLength(int symbol) const { return m_symbols[symbol].byteLength; }
    // The symbol of vocabulary id `id`, or -1.
    int symbolOfId(int id) const;
    QByteArrayView bytes(int symbol) const;
    // Token::text of a vocabulary symbol (readableTokenText with whitespace kept), made once at
    // build time so that encode() shares it instead of decoding every token again.
    const QString &text(int symbol) const { return m_texts[symbol]; }
    int vocabSize() const { return m_vocabSize; }
    // Distinct pairs that merges.txt ranks.
    int mergeCount() const { return int(m_merges.size()); }

private:
    struct Symbol
    {
        int vocabId = -1;   // -1: named by merges.txt only
        int left = -1;      // the merge that first made it, to split it again when it is not
        int right = -1;     //   in the vocabulary
        qsizetype bytesBegin = 0;
        int byteLength = 0;
    };
    struct Merge
    {
        int rank;
        int result;
    };

    static std::uint64_t pairKey(int left, int right)
    {
        return (std::uint64_t(std::uint32_t(left)) << 32) | std::uint32_t(right);
    }
    const Merge *findMerge(int left, int right) const;
    void pushCandidate(Scratch &scratch, std::vector<Scratch::Candidate> &into, int pos) const;
    void appendInVocabulary(int symbol, std::vector<int> &out, Scratch &scratch) const;

    std::vector<Symbol> m_symbols;
    QByteArray m_bytes; // every symbol's bytes, back to back
    std::vector<QString> m_texts; // per vocabulary symbol
    int m_vocabCount = 0;
    int m_vocabSize = 0;
    std::array<int, 256> m_byteSymbol{};
    std::unordered_map<std::uint64_t, Merge> m_merges;
};

} // namespace attn::bpe
