#include "tokentext.h"

#include <QChar>

#include <algorithm>

namespace attn::bpe {

namespace {

void appendByte(QString &out, quint8 byte)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    const char text[] = {'<', '0', 'x', digits[byte >> 4], digits[byte & 0xF], '>'};
    out.append(QLatin1String(text, sizeof text));
}

// Length of the valid UTF-8 sequence that starts at bytes[pos] and its code point, or 0 when the
// bytes there are not one complete, shortest-form character (RFC 3629).
int decodeOne(QByteArrayView bytes, qsizetype pos, char32_t *codePoint)
{
    const auto byteAt = [&](qsizetype i) { return quint8(bytes[i]); };
    const quint8 lead = byteAt(pos);
    int length;
    char32_t value;
    char32_t minimum;
    if (lead < 0x80) {
        *codePoint = lead;
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, value = lead & 0x1F, minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, value = lead & 0x0F, minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, value = lead & 0x07, minimum = 0x10000;
    } else {
        return 0;
    }
    if (pos + length > bytes.size())
        return 0;
    for (int i = 1; i < length; ++i) {
        const quint8 next = byteAt(pos + i);
        if ((next & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (next & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *codePoint = value;
    return length;
}

} // namespace

QString readableTokenText(QByteArrayView bytes, Whitespace whitespace)
{
    QString out;
    out.reserve(bytes.size());
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        char32_t c;
        const int length = decodeOne(bytes, pos, &c);
        if (length == 0) {
            appendByte(out, quint8(bytes[pos]));
            ++pos;
            continue;
        }
        pos += length;
        if (whitespace == Whitespace::MakeVisible && (c < 0x20 || c == 0x7F || c == u' ')) {
            if (c == u' ')
                out += QChar(u'\u00B7');
            else if (c == u'\n')
                out += QChar(u'\u21B5');
            else if (c == u'\t')
                out += QChar(u'\u2192');
            else
                appendByte(out, quint8(c));
            continue;
        }
        if (QChar::requiresSurrogates(c)) {
            out += QChar(QChar::highSurrogate(c));
            out += QChar(QChar::lowSurrogate(c));
        } else {
            out += QChar(char16_t(c));
        }
    }
    return out;
}

QString quotedForMessage(QStringView text)
{
    constexpr qsizetype maxShown = 40;
    QString out = QStringLiteral("\"");
    qsizetype shown = std::min(text.size(), maxShown);
    if (shown < text.size() && text[shown - 1].isHighSurrogate())
        --shown; // never cut a character in half
    for (qsizetype i = 0; i < shown; ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x20 || c == 0x7F)
            out += QStringLiteral("\\u%1").arg(int(c), 4, 16, QLatin1Char('0'));
        else if (c == u'"' || c == u'\\')
            out += QLatin1Char('\\') + QChar(c);
        else
            out += QChar(c);
    }
    if (text.size() > maxShown)
        out += QStringLiteral("\u2026");
    return out + QLatin1Char('"');
}

} // namespace attn::bpe
