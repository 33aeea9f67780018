#pragma once

#include "attentionengine.h"
#include "core/engine/engine.h"

namespace attn {

// The seed's one attention layer as an Engine: its configuration, learned matrices and embedding
// overrides are fixed at construction (the document makes a new engine when they change, which
// costs a copy of a few kilobytes), and every run is computeAttention() on the tokens given.
// Tokens are words and punctuation (tokenizeWords).
class AttentionLayerEngine final : public Engine
{
public:
    AttentionLayerEngine(AttentionConfig config, LearnedMatrices weights, EmbeddingOverrides embeddings);

    TokenList tokenize(const QString &text) const override;
    Expected<ResultPtr> run(const EngineInput &input) override;
    double workFor(int tokens) const override { return workFor(m_config, tokens); }
    // Multiply-adds of one run of this configuration on `tokens` tokens, without making an engine.
    static double workFor(const AttentionConfig &config, int tokens);

private:
    AttentionConfig m_config;
    LearnedMatrices m_weights;
    EmbeddingOverrides m_embeddings;
};

} // namespace attn
