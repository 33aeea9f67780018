#include "validtext.h"

namespace attn {
namespace {

bool isNonCharacter(char32_t code)
{
    return (code >= 0xFDD0 && code <= 0xFDEF) || (code & 0xFFFE) == 0xFFFE;
}

bool xmlRefuses(char32_t code)
{
    if (code < 0x20)
        return code != '\t' && code != '\n' && code != '\r';
    return isNonCharacter(code);
}

} // namespace

QString validTextFor(QStringView text, TextTarget target, qsizetype *replaced)
{
    QString out;
    out.reserve(text.size());
    qsizetype count = 0;
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = text[i].unicode();
        char32_t code = unit;
        qsizetype units = 1;
        if (QChar::isHighSurrogate(unit) && i + 1 < size && QChar::isLowSurrogate(text[i + 1].unicode())) {
            code = QChar::surrogateToUcs4(unit, text[i + 1].unicode());
            units = 2;
        } else if (QChar::isSurrogate(unit)) {
            out += QChar::ReplacementCharacter; // lone: no target can hold it
            ++count;
            continue;
        }
        if (target == TextTarget::Xml && xmlRefuses(code)) {
            out += QChar::ReplacementCharacter;
            ++count;
        } else {
            out += text.sliced(i, units);
        }
        i += units - 1;
    }
    if (replaced)
        *replaced = count;
    return out;
}

} // namespace attn
