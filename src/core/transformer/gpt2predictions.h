#pragma once

#include "core/attentionresult.h"
#include "gpt2model.h"
#include "core/tensor.h"

#include <vector>

namespace attn {

// The `count` most likely next tokens after a position, best first, from that position's final
// hidden state (after ln_f): logits = h · wteᵀ (GPT-2 ties its LM head to wte), probabilities
// the softmax over the whole vocabulary. One (vocab × d_model) product: about 77 MFLOP and one
// read of wte for GPT-2 small, so it is done on demand rather than for every position.
std::vector<NextTokenPrediction> predictNextTokens(const Gpt2Model &model, const float *finalHidden, int count);

// Predictions for every row of `finalHidden` (rows, d_model): one matrix product against wte
// per block of rows instead of one read of wte per row.
std::vector<std::vector<NextTokenPrediction>> predictNextTokensForRows(const Gpt2Model &model, const Matrix &finalHidden,
                                                                       int count);

// All logits of one position (vocab). For tests and exports.
RowVector nextTokenLogits(const Gpt2Model &model, const float *finalHidden);

} // namespace attn
