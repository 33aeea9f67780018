#pragma once

#include "core/engine/attentionconfig.h"
#include "tensor.h"
#include "token.h"

#include <QString>

#include <memory>
#include <vector>

namespace attn {

// Everything one head computed for one input. N = tokens.
struct HeadResult
{
    Matrix wQ;      // (d_model, d_k) — empty for checkpoints, whose weights live in the model
    Matrix wK;      // (d_model, d_k)
    Matrix wV;      // (d_model, d_v)
    Matrix q;       // (N, d_k)
    Matrix k;       // (N, d_k)
    Matrix v;       // (N, d_v)
    Matrix scores;  // (N, N) q·k / √d_k / T, before mask and softmax
    Matrix weights; // (N, N) softmax rows; masked entries exactly 0; rows sum to 1 or are all 0
    Matrix output;  // (N, d_v) weights · v
};

struct LayerResult
{
    std::vector<HeadResult> heads;
    Matrix wO;     // (heads·d_v, d_model) — empty for checkpoints
    Matrix output; // (N, d_model) concat(head outputs) · W_O (+ bias for checkpoints)
};

struct NextTokenPrediction
{
    int id = -1;
    QString text;
    float probability = 0.f;
    float logit = 0.f;
};

// An immutable snapshot: views keep a shared pointer to the result they draw, so a recompute
// never changes numbers under their feet.
struct AttentionResult
{
    QString text;               // the input the tokens were read from (titles, exports)
    TokenList tokens;
    AttentionConfig config;     // for checkpoints: heads, d_model, d_k, causal = true
    Matrix input;               // (N, d_model) X fed to the first layer, positions included
    std::vector<LayerResult> layers;

    // Filled for real models only.
    QString modelName;
    Matrix rollout;                                       // (N, N) attention rollout
    std::vector<std::vector<NextTokenPrediction>> topNext; // per position, best first

    int tokenCount() const { return int(tokens.size()); }
    int layerCount() const { return int(layers.size()); }
    int headCount() const { return layers.empty() ? 0 : int(layers.front().heads.size()); }
    bool hasHead(int layer, int head) const
    {
        return layer >= 0 && layer < layerCount() && head >= 0 && head < int(layers[size_t(layer)].heads.size());
    }

    // One head's q, k, v, scores and weights. Views ask through this call, never into `layers`, so
    // that a long input can keep only keys and queries and compute a head when it is asked for.
    // The pointer stays valid for as long as the caller holds it, even after the result is gone.
    // Null for a head that does not exist.
    std::shared_ptr<const HeadResult> head(int layer, int head) const;
    // (N, d_model): what a layer's attention adds to the residual stream (concat(heads)·W_O).
    const Matrix &layerOutput(int layer) const { return layers[size_t(layer)].output; }
    // (rows, rows) with rows = min(N, side): the head's weights, each cell the largest weight of the
    // block of queries × keys it covers, for the layers × heads thumbnails. Pooled by the maximum so
    // that one sharp weight in a long input still shows.
    Matrix thumbnail(int layer, int head, int side) const;
};

using ResultPtr = std::shared_ptr<const AttentionResult>;
using HeadPtr = std::shared_ptr<const HeadResult>;

} // namespace attn
