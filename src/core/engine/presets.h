#pragma once

#include "attentionengine.h"

#include <QString>

#include <optional>
#include <vector>

namespace attn {

// The seed document's examples as ready-made inputs.
struct Preset
{
    QString name;        // used on the command line: --preset NAME
    QString title;       // shown in the window's preset picker
    QString description; // where in the seed it comes from
    QString sentence;
    AttentionConfig config;
    std::optional<LearnedMatrices> weights; // hand-set matrices; otherwise Glorot from config.seed
    EmbeddingOverrides embeddings;
};

const std::vector<Preset> &presets();
const Preset *findPreset(const QString &name);
QString defaultPresetName();

// The matrices a preset starts with (its own, or seeded from its configuration).
LearnedMatrices presetWeights(const Preset &preset);

} // namespace attn
