#pragma once

#include "core/attentionresult.h"
#include "gpt2model.h"
#include "core/tensor.h"

#include <memory>
#include <vector>

namespace attn {

// One forward pass of a GPT-2 checkpoint: the shared AttentionResult plus what only a real
// model has. Immutable, shared by pointer like the result.
struct Gpt2Run
{
    ResultPtr result;
    Gpt2ModelPtr model;

    // Per layer (N, d_model): ln_1 of the residual stream, i.e. the X the layer's attention saw
    // (q = X·W_q + b_q ...). result->input is what entered layer 0 before this norm.
    std::vector<Matrix> ln1PerLayer;
    // (N, d_model) after ln_f: logits of position i = finalHidden.row(i) · wteᵀ. Kept so that
    // predictions for any position cost one (vocab × d_model) product when asked for.
    Matrix finalHidden;
    // Per layer (N, N): the attention rollout up to and including that layer; the last one is
    // result->rollout. Kept so that appending tokens only computes the new rows.
    std::vector<Matrix> rolloutPerLayer;

    // Rows [0, reusedTokens) came from the previous run's cache (shared prefix of token ids).
    int reusedTokens = 0;
};

using Gpt2RunPtr = std::shared_ptr<const Gpt2Run>;

} // namespace attn
