#include "programarguments.h"

#include <QFile>

namespace attn::app {
namespace {

// The length of the valid UTF-8 sequence starting at `at`, or 0 when it is not one (a stray
// continuation byte, a sequence cut short, an overlong form, a surrogate, beyond U+10FFFF).
qsizetype validSequenceLength(const QByteArray &bytes, qsizetype at)
{
    const auto byte = [&](qsizetype i) { return static_cast<unsigned char>(bytes[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80)
        return 1;
    qsizetype length = 0;
    char32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code = lead & 0x07;
    } else {
        return 0;
    }
    if (at + length > bytes.size())
        return 0;
    for (qsizetype i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (byte(at + i) & 0x3F);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
        return 0;
    return length;
}

} // namespace

ProgramArguments decodeArguments(int argc, const char *const *argv)
{
    ProgramArguments arguments;
    for (int i = 0; i < argc; ++i) {
        const QByteArray raw(argv[i]);
        const QString decoded = QFile::decodeName(raw);
        arguments.decoded << decoded;
        if (QFile::encodeName(decoded) != raw)
            arguments.undecodable << raw;
    }
    return arguments;
}

QString escapedName(const QByteArray &raw)
{
    QString text;
    qsizetype at = 0;
    while (at < raw.size()) {
        const qsizetype length = validSequenceLength(raw, at);
        if (length == 0) {
            const QString hex = QString::number(static_cast<unsigned char>(raw[at]), 16).toUpper();
            text += QStringLiteral("\\x") + hex.rightJustified(2, QLatin1Char('0'));
            ++at;
            continue;
        }
        text += QString::fromUtf8(raw.constData() + at, length);
        at += length;
    }
    return text;
}

} // namespace attn::app
