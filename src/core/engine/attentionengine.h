#pragma once

#include "core/attentionresult.h"
#include "embedding.h"
#include "core/expected.h"
#include "learnedmatrices.h"

namespace attn {

// Everything the forward pass needs, by value: the engine keeps no state between calls.
struct AttentionLayerInput
{
    TokenList tokens;
    AttentionConfig config;
    LearnedMatrices weights;
    EmbeddingOverrides embeddings;
    QString text{}; // what the tokens were read from; copied into the result
};

// One layer of multi-head self-attention, exactly as the seed describes it:
//   Q = X·W_Q, K = X·W_K, V = X·W_V;  scores = Q·Kᵀ / √d_k / T;  optional causal mask;
//   weights = softmax(scores) by rows;  head output = weights·V;  output = concat(heads)·W_O.
// Fails with a message when the configuration, the token count or a matrix shape is wrong.
// The parts are read where they are: nothing is copied but what the result keeps.
Expected<ResultPtr> computeAttention(const TokenList &tokens, const AttentionConfig &config,
                                     const LearnedMatrices &weights, const EmbeddingOverrides &embeddings,
                                     const QString &text);
inline Expected<ResultPtr> computeAttention(const AttentionLayerInput &input)
{
    return computeAttention(input.tokens, input.config, input.weights, input.embeddings, input.text);
}

// Fills scores and weights of one head from its q and k (shared with the checkpoint engine).
// scale multiplies q·k (1/√d_k/T); causal hides keys after the query.
// blocked: Eigen's blocked product (long inputs); false: a coefficient-based one, on this thread.
void attentionWeights(const Matrix &q, const Matrix &k, float scale, bool causal, Matrix &scores, Matrix &weights,
                      bool blocked = true);

} // namespace attn
