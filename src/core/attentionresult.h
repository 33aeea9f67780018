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
    // (N, d_model) the X this layer's attention read (for checkpoints: the residual stream after the
    // layer's norm). Empty for the toy layer, whose X is AttentionResult::input.
    Matrix input;
    Matrix wO;     // (heads·d_v, d_model) — empty for checkpoints
    Matrix output; // (N, d_model) concat(head outputs) · W_O (+ bias for checkpoints)
    // RoPE: the angle per position of each rotated pair (i, i + rotated/2), f_i radians, scaling
    // applied; empty when the layer rotates nothing (the toy layer, GPT-2).
    std::vector<double> ropeFrequencies;
    int slidingWindow = 0; // a query sees only the latest this many keys (itself included); 0: all
};

// How a checkpoint's layers made q, k and v, so that the step panel can write the family's steps
// (defaults: the toy layer).
struct ArchitectureFacts
{
    QString family;                // config.json's model_type ("gpt2", "llama", "qwen2", …)
    QString norm;                  // "LayerNorm", "RMSNorm"
    bool fusedQueryKeyValue = false; // one c_attn product (GPT-2) rather than q_proj, k_proj, v_proj
    bool queryKeyValueBias = false;
    bool headNorms = false;        // RMSNorm of each q and k head before the rotation (qwen3, gemma3)
    double attentionSoftcap = 0;   // gemma2: scores ← cap·tanh(scores/cap) before the mask; 0: none
    // BERT's order: the norm comes after each residual add (x ← LN(x + attention(x))), so a layer's
    // q, k and v are made from x itself, not from a normalised copy.
    bool postNorm = false;
    // A GGUF file's quantisation ("Q4_K_M: Q4_K ×96, …"): the weights were dequantised to floats.
    QString weightFormat;
};

struct NextTokenPrediction
{
    int id = -1;
    QString text;
    float probability = 0.f;
    float logit = 0.f;
};

// Turns a final hidden state into next-token predictions: a real model's LM head. Results of
// checkpoints hold one, so that predictions for any position (and, later, any layer's residual
// stream) are one product away without the result holding the whole N × vocab logits.
class Unembedding
{
public:
    virtual ~Unembedding() = default;
    // (vocab) logits of one hidden state of d_model floats.
    virtual RowVector logits(const float *finalHidden) const = 0;
    // The `count` most likely next tokens, best first, with their probabilities over the vocabulary.
    virtual std::vector<NextTokenPrediction> predict(const float *finalHidden, int count) const = 0;
};

// An immutable snapshot: views keep a shared pointer to the result they draw, so a recompute
// never changes numbers under their feet.
struct AttentionResult : std::enable_shared_from_this<AttentionResult>
{
    QString text;               // the input the tokens were read from (titles, exports)
    TokenList tokens;
    AttentionConfig config;     // for checkpoints: heads, d_model, d_k, causal = true
    Matrix input;               // (N, d_model) X fed to the first layer, positions included
    std::vector<LayerResult> layers;

    // Filled for real models only.
    QString modelName;
    Matrix rollout;                                       // (N, N) attention rollout
    std::vector<std::vector<NextTokenPrediction>> topNext; // per position, best first; empty rows not computed
    Matrix finalHidden;                                   // (N, d_model) after the final norm
    std::shared_ptr<const Unembedding> unembedding;       // null for the toy layer
    int reusedTokens = 0; // rows [0, reusedTokens) came from the engine's previous run (prefix cache)
    // Grouped-query attention: how many key/value heads the query heads share (0: one per head).
    int keyValueHeads = 0;
    ArchitectureFacts architecture; // checkpoints only
    // Made by hideKeys() (keyfilter.h): every head's weights are rescaled over the keys that are
    // not hidden. hiddenKeysName says which ("first token", "[CLS] and [SEP]"); empty: none.
    std::vector<char> hiddenKeys; // (N) 1 for a hidden key
    QString hiddenKeysName;
    // Made by restrictToPair(): weights outside the queries of one sentence and the keys of the
    // other are 0. pairFilterName says which ("sentence A → sentence B"); empty: no filter.
    int pairQuerySegment = -1;
    int pairKeySegment = -1;
    QString pairFilterName;

    bool isKeyHidden(int key) const { return key >= 0 && size_t(key) < hiddenKeys.size() && hiddenKeys[size_t(key)]; }
    // Whether the pair filter leaves the cell out (its weight is 0 in every view).
    bool isFilteredOut(int query, int key) const
    {
        return !pairFilterName.isEmpty() && query >= 0 && key >= 0 && query < tokenCount() && key < tokenCount()
            && (tokens[size_t(query)].segment != pairQuerySegment || tokens[size_t(key)].segment != pairKeySegment);
    }

    // Whether predictNext() can answer: a real model's result.
    bool canPredict() const { return unembedding != nullptr && finalHidden.rows() == tokenCount(); }
    // The `count` most likely tokens after `position`, best first: topNext's row when it was computed
    // in the run, else one product through the unembedding. Empty for the toy layer or a position
    // out of range.
    std::vector<NextTokenPrediction> predictNext(int position, int count) const;

    int tokenCount() const { return int(tokens.size()); }
    int layerCount() const { return int(layers.size()); }
    int headCount() const { return layers.empty() ? 0 : int(layers.front().heads.size()); }
    // Whether query heads share key/value heads (grouped-query or multi-query attention).
    bool groupedQuery() const { return keyValueHeads > 0 && keyValueHeads < headCount(); }
    // The key/value head query head `head` reads: heads share them in consecutive groups of
    // heads / keyValueHeads; without grouping, the head itself.
    int keyValueHeadOf(int head) const { return groupedQuery() ? head / (headCount() / keyValueHeads) : head; }
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
};

using ResultPtr = std::shared_ptr<const AttentionResult>;
using HeadPtr = std::shared_ptr<const HeadResult>;

} // namespace attn
