#include "hfnormalizer.h"

#include "wordpiece.h"

namespace attn::hf {
namespace {

void applyBert(const NormalizerStep &step, AlignedText &text)
{
    if (step.cleanText)
        text.mapCharacters([](char32_t c, QString &out) {
            if (c == 0 || c == 0xFFFD || bert::isControl(c))
                return;
            if (bert::isWhitespace(c))
                out.append(u' ');
            else
                out.append(QStringView(QChar::fromUcs4(c)));
        });
    if (step.handleChineseChars)
        text.mapCharacters([](char32_t c, QString &out) {
            const bool pad = bert::isChineseChar(c);
            if (pad)
                out.append(u' ');
            out.append(QStringView(QChar::fromUcs4(c)));
            if (pad)
                out.append(u' ');
        });
    if (step.stripAccents) {
        text.normalize(QString::NormalizationForm_D);
        text.mapCharacters([](char32_t c, QString &out) {
            if (QChar::category(c) != QChar::Mark_NonSpacing)
                out.append(QStringView(QChar::fromUcs4(c)));
        });
    }
    if (step.lowercase)
        text.mapCharacters([](char32_t c, QString &out) {
            // Per character, as Rust's char::to_lowercase: no final-sigma context.
            if (c < 0x80) {
                out.append(QChar(c >= u'A' && c <= u'Z' ? c + 32 : c));
                return;
            }
            out.append(QStringView(QChar::fromUcs4(c)).toString().toLower());
        });
}

} // namespace

void Normalizer::apply(AlignedText &text) const
{
    for (const NormalizerStep &step : m_steps) {
        switch (step.kind) {
        case NormalizerStep::Kind::Prepend:
            // HF prepends to non-empty text only: an empty piece between two added tokens stays empty.
            if (!text.isEmpty())
                text.prepend(step.text);
            break;
        case NormalizerStep::Kind::Replace:
            text.replaceAll(step.text, step.replacement);
            break;
        case NormalizerStep::Kind::Unicode:
            text.normalize(step.form);
            break;
        case NormalizerStep::Kind::Bert:
            applyBert(step, text);
            break;
        }
    }
}

QString Normalizer::apply(const QString &text) const
{
    AlignedText aligned(text, 0);
    apply(aligned);
    return aligned.text();
}

} // namespace attn::hf
