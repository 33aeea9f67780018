#pragma once

#include "alignedtext.h"

#include <QString>

#include <vector>

namespace attn::hf {

// One step of a tokenizer.json "normalizer" (a Sequence is flattened into its steps).
struct NormalizerStep
{
    enum class Kind { Prepend, Replace, Unicode };
    Kind kind = Kind::Prepend;
    QString text;        // Prepend: what is put in front; Replace: what is looked for
    QString replacement; // Replace: what it becomes
    QString::NormalizationForm form = QString::NormalizationForm_C; // Unicode
};

// The normalizer of a tokenizer.json: Prepend, Replace (with a string pattern), NFC, NFKC, NFD and
// NFKD, in sequence. An empty list leaves the text as it is.
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
