#pragma once

#include "core/attentionresult.h"

namespace attn {

// The attention sink: most heads of a trained model put much of every row on the first token
// (BOS, or the first word), and the rest of the pattern fades next to it. Hiding the first token
// shows where the remaining attention goes: a copy of the result whose every head has
//   w'ᵢ₀ = 0,   w'ᵢⱼ = wᵢⱼ / (1 − wᵢ₀)  for j ≥ 1,
// so each row again sums to 1 over the other keys. A row that gave the first key everything (the
// first query of a causal model) becomes all 0. Scores, q, k, v and outputs are the model's.
ResultPtr hideFirstKey(const ResultPtr &result);

// One head's weights rescaled as above.  (N, N)
Matrix withoutFirstKey(const Matrix &weights);

} // namespace attn
