#pragma once

#include <QString>
#include <QStringView>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace attn::hf {

// One entry of a tokenizer.json's "added_tokens".
struct AddedToken
{
    int id = -1;
    QString content;
    bool special = false;
    bool leftStrip = false;  // lstrip: takes the whitespace before it
    bool rightStrip = false; // rstrip: takes the whitespace after it
    bool singleWord = false; // matches only where it is not part of a longer word
    bool normalized = false; // matched in the normalized text instead of the original
};

// A part of a text: an added token (index into the list it was matched from) or text between.
struct AddedTokenSplit
{
    qsizetype begin{};
    qsizetype end{};
    int token = -1; // -1: ordinary text
};

// Finds added tokens in text before the model sees it, as HF's AddedVocabulary does: at every
// position the longest token that starts there, the leftmost match first (Aho-Corasick's
// leftmost-longest), then lstrip/rstrip/single_word applied to the match.
class AddedTokenMatcher
{
public:
    AddedTokenMatcher() = default;
    // `contents[i]` is what token i looks like in the text it is matched against.
    AddedTokenMatcher(const std::vector<AddedToken> &tokens, const std::vector<QString> &contents);

    bool isEmpty() const { return m_tokenCount == 0; }
    // The whole text, cut into added tokens and the text between them, in order (no empty parts).
    std::vector<AddedTokenSplit> split(QStringView text) const;

private:
    static std::uint64_t edgeKey(int node, char16_t unit) { return (std::uint64_t(std::uint32_t(node)) << 16) | unit; }
    // The longest token that starts at `pos` as (token, length), or token -1.
    std::pair<int, qsizetype> longestAt(QStringView text, qsizetype pos) const;

    std::unordered_map<std::uint64_t, int> m_edges; // (node, UTF-16 unit) → child node
    std::vector<int> m_tokenAtNode;                 // per node: the token that ends there, or -1
    std::vector<AddedToken> m_tokens;
    int m_tokenCount = 0;
};

} // namespace attn::hf
