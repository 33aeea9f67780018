#include "wordpiece.h"

#include <QChar>

#include <algorithm>

namespace attn::hf {
namespace bert {

bool isWhitespace(char32_t c)
{
    // QChar::isSpace is Unicode White_Space: '\t'–'\r', ' ', U+0085, U+00A0 and the Z* separators.
    return c == u'\t' || c == u'\n' || c == u'\r' || QChar::isSpace(c);
}

bool isControl(char32_t c)
{
    if (c == u'\t' || c == u'\n' || c == u'\r')
        return false;
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_NotAssigned:
    case QChar::Other_PrivateUse:
    case QChar::Other_Surrogate:
        return true;
    default:
        return false;
    }
}

bool isPunctuation(char32_t c)
{
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126))
        return true;
    return QChar::isPunct(c);
}

bool isChineseChar(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

} // namespace bert

Expected<WordPieceModel> WordPieceModel::build(std::vector<QString> vocab, const Options &options, const QString &label)
{
    WordPieceModel model;
    model.m_options = options;
    model.m_tokens = std::move(vocab);
    model.m_idOfToken.reserve(qsizetype(model.m_tokens.size()));
    for (int id = 0; id < int(model.m_tokens.size()); ++id) {
        const QString &token = model.m_tokens[id];
        if (token.isEmpty())
            continue;
        model.m_idOfToken.insert(token, id);
        model.m_longestToken = std::max(model.m_longestToken, token.size());
    }
    if (model.m_idOfToken.isEmpty())
        return Error{label % QStringLiteral(": the vocabulary has no tokens")};
    model.m_unknownId = model.idOf(options.unknownToken);
    if (model.m_unknownId < 0)
        return Error{label % QStringLiteral(": the unknown token \"") % options.unknownToken
                     % QStringLiteral("\" is not in the vocabulary")};
    if (options.maxInputCharsPerWord < 0)
        return Error{label % QStringLiteral(": max_input_chars_per_word is negative")};
    return model;
}

void WordPieceModel::encodeWord(QStringView word, std::vector<WordPieceToken> &out) const
{
    if (word.isEmpty())
        return;
    // Character boundaries (a surrogate pair is one character).
    std::vector<int> bounds;
    bounds.reserve(std::size_t(word.size()) + 1);
    for (int i = 0; i < int(word.size());) {
        bounds.push_back(i);
        i += word[i].isHighSurrogate() && i + 1 < word.size() && word[i + 1].isLowSurrogate() ? 2 : 1;
    }
    bounds.push_back(int(word.size()));
    const int characters = int(bounds.size()) - 1;
    const std::size_t first = out.size();
    const auto unknown = [&] {
        out.resize(first);
        out.push_back({m_unknownId, 0, int(word.size())});
    };
    if (characters > m_options.maxInputCharsPerWord)
        return unknown();
    QString candidate;
    for (int start = 0; start < characters;) {
        int found = -1;
        int end = characters;
        const qsizetype prefixSize = start > 0 ? m_options.prefix.size() : 0;
        // Longer than the longest token cannot match; skip those ends (same result, less work).
        while (end > start && bounds[end] - bounds[start] + prefixSize > m_longestToken)
            --end;
        for (; end > start; --end) {
            candidate.clear();
            if (start > 0)
                candidate.append(m_options.prefix);
            candidate.append(word.mid(bounds[start], bounds[end] - bounds[start]));
            if (const auto it = m_idOfToken.constFind(candidate); it != m_idOfToken.constEnd()) {
                found = *it;
                break;
            }
        }
        if (found < 0)
            return unknown();
        out.push_back({found, bounds[start], bounds[end]});
        start = end;
    }
}

QString WordPieceModel::pieceText(int id, bool *continuation) const
{
    const QString &token = m_tokens[id];
    const bool isContinuation = !m_options.prefix.isEmpty() && token.startsWith(m_options.prefix) && token.size() > m_options.prefix.size();
    if (continuation)
        *continuation = isContinuation;
    return isContinuation ? token.mid(m_options.prefix.size()) : token;
}

} // namespace attn::hf
