#include "addedtokens.h"

#include <QChar>

namespace attn::hf {
namespace {

// HF's is_word_char for single_word: alphanumeric or '_'.
bool isWordUnit(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c.isSurrogate();
}

} // namespace

AddedTokenMatcher::AddedTokenMatcher(const std::vector<AddedToken> &tokens, const std::vector<QString> &contents)
    : m_tokens(tokens)
{
    m_tokenAtNode.push_back(-1);
    for (int t = 0; t < int(contents.size()); ++t) {
        const QString &content = contents[t];
        if (content.isEmpty())
            continue;
        int node = 0;
        for (QChar unit : content) {
            const auto [it, inserted] = m_edges.try_emplace(edgeKey(node, unit.unicode()), int(m_tokenAtNode.size()));
            if (inserted)
                m_tokenAtNode.push_back(-1);
            node = it->second;
        }
        // The first of two tokens with the same content wins.
        if (m_tokenAtNode[node] < 0)
            m_tokenAtNode[node] = t;
        ++m_tokenCount;
    }
}

std::pair<int, qsizetype> AddedTokenMatcher::longestAt(QStringView text, qsizetype pos) const
{
    int node = 0;
    std::pair<int, qsizetype> best{-1, 0};
    for (qsizetype i = pos; i < text.size(); ++i) {
        const auto it = m_edges.find(edgeKey(node, text[i].unicode()));
        if (it == m_edges.end())
            break;
        node = it->second;
        if (m_tokenAtNode[node] >= 0)
            best = {m_tokenAtNode[node], i + 1 - pos};
    }
    return best;
}

std::vector<AddedTokenSplit> AddedTokenMatcher::split(QStringView text) const
{
    std::vector<AddedTokenSplit> matches;
    if (m_tokenCount > 0) {
        for (qsizetype pos = 0; pos < text.size();) {
            const auto [token, length] = longestAt(text, pos);
            if (token < 0) {
                ++pos;
                continue;
            }
            qsizetype begin = pos;
            qsizetype end = pos + length;
            const AddedToken &added = m_tokens[token];
            if (added.singleWord) {
                const bool wordBefore = begin > 0 && isWordUnit(text[begin - 1]);
                const bool wordAfter = end < text.size() && isWordUnit(text[end]);
                if (wordBefore || wordAfter) {
                    ++pos;
                    continue;
                }
            }
            const qsizetype previousEnd = matches.empty() ? 0 : matches.back().end;
            if (added.leftStrip)
                while (begin > previousEnd && text[begin - 1].isSpace())
                    --begin;
            if (added.rightStrip)
                while (end < text.size() && text[end].isSpace())
                    ++end;
            matches.push_back({begin, end, token});
            pos = end;
        }
    }
    std::vector<AddedTokenSplit> parts;
    qsizetype previous = 0;
    for (const AddedTokenSplit &match : matches) {
        if (match.begin > previous)
            parts.push_back({previous, match.begin, -1});
        parts.push_back(match);
        previous = match.end;
    }
    if (previous < text.size())
        parts.push_back({previous, text.size(), -1});
    return parts;
}

} // namespace attn::hf
