#include "hfnormalizer.h"

namespace attn::hf {

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
