#pragma once

#include "core/expected.h"

#include <QHash>
#include <QString>
#include <QStringView>

#include <vector>

namespace attn::hf {

// Character classes of BERT's BasicTokenizer, as HF's BertNormalizer and BertPreTokenizer have
// them (tokenizers/src/normalizers/bert.rs, pre_tokenizers/bert.rs).
namespace bert {
// '\t', '\n', '\r' and Unicode White_Space.
bool isWhitespace(char32_t c);
// Categories Cc, Cf, Cn, Co, Cs, except '\t', '\n', '\r' (which count as whitespace).
bool isControl(char32_t c);
// Unicode P* or an ASCII symbol ('$', '+', '<', '^', '`', '|', '~' and the rest of 33–47, 58–64,
// 91–96, 123–126).
bool isPunctuation(char32_t c);
// A CJK Unified Ideograph or Compatibility Ideograph, in the ranges HF's Rust normalizer lists.
bool isChineseChar(char32_t c);
} // namespace bert

// A WordPiece token of one pre-tokenized word: its id and the UTF-16 units of the word it covers.
struct WordPieceToken
{
    int id;
    int begin;
    int end;
};

// BERT's WordPiece model (a tokenizer.json "model" of type WordPiece, or vocab.txt): each word
// becomes the longest vocabulary entry that starts it, then the longest "##" entry (the
// continuing-subword prefix) that starts the rest, and so on, greedily. A word that cannot be cut
// so, or that has more than maxInputCharsPerWord characters, is the unknown token as a whole.
class WordPieceModel
{
public:
    struct Options
    {
        QString unknownToken = QStringLiteral("[UNK]");
        QString prefix = QStringLiteral("##");
        int maxInputCharsPerWord = 100;
    };

    // `vocab[id]` is the token of id (empty where no token has that id; a token listed twice
    // keeps its last id, as vocab.txt is read). Refused: no token at all, or an unknown token that
    // is not in the vocabulary. Messages start with `label`.
    static Expected<WordPieceModel> build(std::vector<QString> vocab, const Options &options, const QString &label);

    // Appends the tokens of one word.
    void encodeWord(QStringView word, std::vector<WordPieceToken> &out) const;

    int vocabSize() const { return int(m_tokens.size()); }
    const QString &token(int id) const { return m_tokens[id]; }
    int idOf(const QString &token) const { return m_idOfToken.value(token, -1); }
    const QString &prefix() const { return m_options.prefix; }
    int unknownId() const { return m_unknownId; }
    // The token of id without the continuing-subword prefix, and whether it had it.
    QString pieceText(int id, bool *continuation = nullptr) const;

private:
    Options m_options;
    std::vector<QString> m_tokens;
    QHash<QString, int> m_idOfToken;
    int m_unknownId = -1;
    qsizetype m_longestToken = 0; // UTF-16 units, prefix included
};

} // namespace attn::hf
