#pragma once

#include "core/expected.h"

#include <QHash>
#include <QString>
#include <QStringView>

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace attn::hf {

// A BPE token of one pre-tokenized piece: its id and the UTF-8 bytes of the piece it covers.
struct PieceToken
{
    int id;
    int byteBegin;
    int byteEnd;
};

// The "model" of a tokenizer.json of type BPE, in the two forms current checkpoints use:
// - byte-level (GPT-2, Llama 3, Qwen): a piece's UTF-8 bytes start as GPT-2's byte characters;
// - character-level with byte fallback (SentencePiece BPE: Llama 2, Mistral, Gemma): a piece's
//   characters start as themselves, or as their "<0xAB>" byte tokens when the vocabulary lacks
//   them (byte_fallback), or as unk_token (consecutive ones fused into one with fuse_unk).
// Then adjacent pairs merge, lowest rank first and leftmost first among equals, exactly as HF's
// Word::merge_all does. With ignore_merges a piece that is a vocabulary token is that token.
class BpeModelHf
{
public:
    struct Options
    {
        bool byteLevel = false;
        bool byteFallback = false;
        bool fuseUnknown = false;
        bool ignoreMerges = false;
        QString unknownToken; // empty: characters without a token are dropped, as HF does
    };
    // Merges with more entries than this are refused (the largest real ones have ~515,000).
    static constexpr qsizetype maxMerges = 2'000'000;

    // `vocab[id]` is the token string of id (empty where no token has that id); `merges` are pairs
    // of token strings, in rank order. Messages start with `label`.
    // `ranks`, when given, holds each merge's rank instead of its index (one per merge):
    // merges that share a rank apply leftmost first, which is how SentencePiece treats pieces of
    // equal score (spmmerges.h).
    static Expected<BpeModelHf> build(std::vector<QString> vocab, const std::vector<std::pair<QString, QString>> &merges,
                                      const Options &options, const QString &label, const std::vector<int> &ranks = {});

    // Appends the tokens of one piece.
    void encodePiece(QStringView piece, std::vector<PieceToken> &out) const;

    int vocabSize() const { return int(m_tokens.size()); }
    const QString &token(int id) const { return m_tokens[id]; }
    int idOf(const QString &token) const { return m_idOfToken.value(token, -1); }
    bool isByteLevel() const { return m_options.byteLevel; }
    // The byte that a "<0xAB>" byte-fallback token stands for, or -1.
    int fallbackByte(int id) const;

private:
    struct Merge
    {
        int rank;
        int result;
    };
    struct Symbol
    {
        int id;
        int byteBegin;
        int byteEnd;
    };
    static std::uint64_t pairKey(int left, int right)
    {
        return (std::uint64_t(std::uint32_t(left)) << 32) | std::uint32_t(right);
    }
    void initialSymbols(QStringView piece, const QByteArray &utf8, std::vector<Symbol> &symbols) const;
    void mergeAll(std::vector<Symbol> &symbols, std::vector<PieceToken> &out) const;

    Options m_options;
    std::vector<QString> m_tokens;
    QHash<QString, int> m_idOfToken;
    std::unordered_map<std::uint64_t, Merge> m_merges;
    std::array<int, 256> m_byteCharId{};    // byte-level: id of each byte's character
    std::array<int, 256> m_fallbackId{};    // byte fallback: id of "<0xAB>"
    std::unordered_map<char32_t, int> m_charId; // character-level: single-character tokens
    int m_unknownId = -1;
};

} // namespace attn::hf
