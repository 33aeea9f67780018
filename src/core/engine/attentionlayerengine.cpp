#include "attentionlayerengine.h"

#include "core/tokenizers/wordtokenizer.h"

namespace attn {

AttentionLayerEngine::AttentionLayerEngine(AttentionConfig config, LearnedMatrices weights,
                                           EmbeddingOverrides embeddings)
    : m_config(config), m_weights(std::move(weights)), m_embeddings(std::move(embeddings))
{
}

TokenList AttentionLayerEngine::tokenize(const QString &text) const
{
    return tokenizeWords(text);
}

Expected<ResultPtr> AttentionLayerEngine::run(const EngineInput &input)
{
    return computeAttention(input.tokens, m_config, m_weights, m_embeddings, input.text);
}

double AttentionLayerEngine::workFor(const AttentionConfig &c, int tokens)
{
    // The projections, Q·Kᵀ, weights·V and W_O.
    const double n = tokens;
    return n * c.dModel * c.heads * (2.0 * c.dK + c.dV) + n * n * c.heads * (c.dK + c.dV) + n * c.heads * c.dV * c.dModel;
}

} // namespace attn
