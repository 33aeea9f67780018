#include "ggufpretokenizer.h"

#include <algorithm>
#include <vector>

namespace attn::hf {
namespace {

// Llama 3's and Qwen 2's splits, as their tokenizer.json have them: they differ in how many digits
// a number piece takes.
const char16_t llama3Pattern[] =
    uR"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char16_t qwen2Pattern[] =
    uR"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
// Stands for GPT-2's split ('s|'t|...| ?\p{L}+| ?\p{N}+|...), which pretokenizer.h implements and
// tests against GPT-2's reference, in place of a regex.
const char16_t gpt2Split[] = u"gpt-2 split";

struct Preset
{
    std::vector<const char16_t *> names; // the spellings llama.cpp accepts
    std::vector<const char16_t *> patterns;
    bool ignoreMerges;
    bool addBosByDefault;
};

// llama.cpp's "default" is not GPT-2's split alone: punctuation runs, then GPT-2's split, then
// digit runs, then three digits at a time. SmolLM isolates every digit before GPT-2's split.
const Preset presets[] = {
    {{u"default"}, {uR"([\p{P}\$\+<=>\^~\|]+)", gpt2Split, uR"(\p{N}+)", u"[0-9][0-9][0-9]"}, false, false},
    {{u"gpt-2"}, {gpt2Split}, false, false},
    {{u"llama-bpe", u"llama3", u"llama-v3"}, {llama3Pattern}, true, true},
    {{u"qwen2", u"deepseek-r1-qwen"}, {qwen2Pattern}, false, false},
    {{u"smollm"}, {uR"(\p{N})", gpt2Split}, false, false},
};

} // namespace

std::optional<GgufPreTokenizer> ggufPreTokenizer(QStringView name)
{
    for (const Preset &preset : presets) {
        if (std::find_if(preset.names.begin(), preset.names.end(),
                         [&](const char16_t *known) { return name == QStringView(known); }) == preset.names.end())
            continue;
        std::vector<PreTokenizerStep> steps;
        for (const char16_t *pattern : preset.patterns) {
            PreTokenizerStep step;
            if (pattern == gpt2Split) {
                step.kind = PreTokenizerStep::Kind::ByteLevel; // with useRegex and no prefix space: the split alone
                step.useRegex = true;
                step.addPrefixSpace = false;
                steps.push_back(std::move(step));
                continue;
            }
            step.kind = PreTokenizerStep::Kind::SplitRegex;
            step.behavior = SplitBehavior::Isolated;
            step.regex = QRegularExpression(QString::fromUtf16(pattern), QRegularExpression::UseUnicodePropertiesOption);
            Q_ASSERT(step.regex.isValid());
            step.regex.optimize();
            steps.push_back(std::move(step));
        }
        return GgufPreTokenizer{PreTokenizer(std::move(steps)), preset.ignoreMerges, preset.addBosByDefault};
    }
    return std::nullopt;
}

QStringList ggufPreTokenizerNames()
{
    QStringList names;
    for (const Preset &preset : presets)
        for (const char16_t *name : preset.names)
            names << QString::fromUtf16(name);
    return names;
}

} // namespace attn::hf
