#include "pretokenizer.h"

#include <QChar>

namespace attn::bpe {

namespace {

enum class CharClass { Letter, Number, Space, Other };

CharClass classify(char32_t c)
{
    if (c < 0x80) { // most text is ASCII: skip Qt's tables
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return CharClass::Letter;
        if (c >= '0' && c <= '9')
            return CharClass::Number;
        if (c == ' ' || (c >= 0x09 && c <= 0x0D))
            return CharClass::Space;
        return CharClass::Other;
    }
    if (QChar::isLetter(c))
        return CharClass::Letter;
    if (QChar::isNumber(c))
        return CharClass::Number;
    if (QChar::isSpace(c))
        return CharClass::Space;
    return CharClass::Other;
}

// Walks `text` one code point at a time; a lone surrogate is one code point of its own.
class Cursor
{
public:
    explicit Cursor(QStringView text) : m_text(text) {}

    qsizetype size() const { return m_text.size(); }

    // The code point at `pos` and the position after it.
    char32_t at(qsizetype pos, qsizetype *next) const
    {
        const char16_t unit = m_text[pos].unicode();
        if (QChar::isHighSurrogate(unit) && pos + 1 < m_text.size()
            && QChar::isLowSurrogate(m_text[pos + 1].unicode())) {
            *next = pos + 2;
            return QChar::surrogateToUcs4(unit, m_text[pos + 1].unicode());
        }
        *next = pos + 1;
        return unit;
    }

    CharClass classAt(qsizetype pos, qsizetype *next) const { return classify(at(pos, next)); }

    // The end of the run of `wanted` characters that starts at `pos`.
    qsizetype runEnd(qsizetype pos, CharClass wanted) const
    {
        while (pos < m_text.size()) {
            qsizetype next;
            if (classAt(pos, &next) != wanted)
                break;
            pos = next;
        }
        return pos;
    }

    // Length of the contraction ('s 't 're 've 'm 'll 'd) that starts at `pos`, or 0.
    qsizetype contractionAt(qsizetype pos) const
    {
        if (m_text[pos] != u'\'' || pos + 1 >= m_text.size())
            return 0;
        const char16_t a = m_text[pos + 1].unicode();
        if (a == u's' || a == u't' || a == u'm' || a == u'd')
            return 2;
        if (pos + 2 >= m_text.size())
            return 0;
        const char16_t b = m_text[pos + 2].unicode();
        if ((a == u'r' && b == u'e') || (a == u'v' && b == u'e') || (a == u'l' && b == u'l'))
            return 3;
        return 0;
    }

private:
    QStringView m_text;
};

} // namespace

std::vector<TextRange> splitPreTokens(QStringView text)
{
    std::vector<TextRange> pieces;
    const Cursor cursor(text);
    const qsizetype size = cursor.size();
    qsizetype pos = 0;
    while (pos < size) {
        if (const qsizetype length = cursor.contractionAt(pos)) {
            pieces.push_back({pos, pos + length});
            pos += length;
            continue;
        }
        qsizetype next;
        const char32_t c = cursor.at(pos, &next);
        const CharClass cls = classify(c);
        if (cls != CharClass::Space) {
            const qsizetype end = cursor.runEnd(next, cls);
            pieces.push_back({pos, end});
            pos = end;
            continue;
        }
        // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": a single U+0020 joins the run after it.
        if (c == u' ' && next < size) {
            qsizetype afterNext;
            const CharClass nextClass = cursor.classAt(next, &afterNext);
            if (nextClass != CharClass::Space) {
                const qsizetype end = cursor.runEnd(afterNext, nextClass);
                pieces.push_back({pos, end});
                pos = end;
                continue;
            }
        }
        // "\s+(?!\S)|\s+": a run at the end of the text, or one character alone, is one piece;
        // a longer run before a non-space gives up its last character to the next piece.
        const qsizetype runEnd = cursor.runEnd(next, CharClass::Space);
        if (runEnd == size || runEnd == next) {
            pieces.push_back({pos, runEnd});
            pos = runEnd;
            continue;
        }
        qsizetype lastStart = runEnd - 1; // whitespace is never a surrogate pair
        pieces.push_back({pos, lastStart});
        pos = lastStart;
    }
    return pieces;
}

} // namespace attn::bpe
