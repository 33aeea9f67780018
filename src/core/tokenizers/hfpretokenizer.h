#pragma once

#include "alignedtext.h"

#include <QRegularExpression>
#include <QString>

#include <vector>

namespace attn::hf {

// What a split does with the pieces its pattern matches (HF's SplitDelimiterBehavior).
enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

// One step of a tokenizer.json "pre_tokenizer" (a Sequence is flattened into its steps).
struct PreTokenizerStep
{
    // Bert: HF's BertPreTokenizer, splitting at whitespace (dropped) and around every punctuation
    // character (each its own piece).
    enum class Kind { SplitString, SplitRegex, ByteLevel, Metaspace, Bert };
    enum class PrependScheme { Always, First, Never };

    Kind kind = Kind::SplitString;
    // Split
    QString literal;
    QRegularExpression regex;
    SplitBehavior behavior = SplitBehavior::Isolated;
    bool invert = false;
    // ByteLevel: a ' ' in front of a piece that lacks one, and GPT-2's own split.
    bool addPrefixSpace = false;
    bool useRegex = true;
    // Metaspace: ' ' becomes `replacement`, which may also be put in front, then splits before it.
    QString replacement;
    PrependScheme prependScheme = PrependScheme::Always;
    bool metaspaceSplit = true;
};

// The pre-tokenizer of a tokenizer.json: cuts normalized text into the pieces that BPE merges
// never cross. Steps apply in order, each to every piece the previous one made.
class PreTokenizer
{
public:
    PreTokenizer() = default;
    explicit PreTokenizer(std::vector<PreTokenizerStep> steps) : m_steps(std::move(steps)) {}

    std::vector<AlignedText> apply(AlignedText text) const;

private:
    std::vector<PreTokenizerStep> m_steps;
};

} // namespace attn::hf
