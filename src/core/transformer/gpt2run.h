#pragma once

#include "core/attentionresult.h"

#include <memory>
#include <vector>

namespace attn {

// What a GPT-2 session keeps of its last run to extend it: the result, plus the rollout of every
// layer, so that appending tokens computes only the new rows. Immutable, shared by pointer.
struct Gpt2Run
{
    ResultPtr result;
    // Per layer (N, N): the attention rollout up to and including that layer; the last one is
    // result->rollout.
    std::vector<Matrix> rolloutPerLayer;
};

using Gpt2RunPtr = std::shared_ptr<const Gpt2Run>;

} // namespace attn
