#pragma once

#include "core/attentionresult.h"
#include "core/tensor.h"

#include <functional>
#include <vector>

namespace attn {

// The `count` most likely next tokens of one position's logits (vocab), best first (ties by id,
// NaN last), each with its probability under the softmax over the whole vocabulary and its text as
// `displayText` gives it. Shared by every family's LM head.
std::vector<NextTokenPrediction> topPredictions(Eigen::Ref<const RowVector> logits, int count,
                                                const std::function<QString(int)> &displayText);

} // namespace attn
