#pragma once

#include "alignedtext.h"

#include <QString>

#include <vector>

namespace attn::hf {

// One step of a tokenizer.json "normalizer" (a Sequence is flattened into its steps).
struct NormalizerStep
{
    enum class Kind { Prepend, Replace, Unicode, Bert };
    Kind kind = Kind::Prepend;
    QString text;        // Prepend: what is put in front; Replace: what is looked for
    QString replacement; // Replace: what it becomes
    QString::NormalizationForm form = QString::NormalizationForm_C; // Unicode
    // Bert (HF's BertNormalizer, BERT's BasicTokenizer): in this order, drop NUL, U+FFFD and
    // control characters and turn whitespace into ' '; put ' ' around CJK ideographs; NFD and drop
    // nonspacing marks; lower-case (character by character, full case mapping).
    bool cleanText = true;
    bool handleChineseChars = true;
    bool stripAccents = true;
    bool lowercase = true;
};

// The normalizer of a tokenizer.json: Prepend, Replace (with a string pattern), NFC, NFKC, NFD and
// NFKD, BertNormalizer, in sequence. An empty list leaves the text as it is.
class Normalizer
{
public:
    Normalizer() = default;
    explicit Normalizer(std::vector<NormalizerStep> steps) : m_steps(std::move(steps)) {}

    void apply(AlignedText &text) const;
    QString apply(const QString &text) const;
    bool isIdentity() const { return m_steps.empty(); }

private:
    std::vector<NormalizerStep> m_steps;
};

} // namespace attn::hf
