#pragma once

#include "bertconfig.h"
#include "bertweights.h"
#include "core/tensor.h"

namespace attn::bert {

// out = (x − mean) / √(var + ε) ⊙ weight + bias, per row, the variance biased (÷ d) as
// torch.nn.LayerNorm.  (M, d), in place.
void layerNormInPlace(Matrix &x, const BertNormWeights &norm, float epsilon);

// The activation in place: exact GELU z/2·(1 + erf(z/√2)), its tanh form, or max(z, 0).
void activateInPlace(Matrix &x, BertConfig::Activation activation);

// The MLM head's logits of one final hidden state of d floats: decoder·LayerNorm(act(dense·h + b)) + bias.
RowVector mlmLogits(const BertConfig &config, const BertMlmHeadWeights &head, const float *hidden);

} // namespace attn::bert
