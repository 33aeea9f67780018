#pragma once

#include "core/attentionresult.h"
#include "core/tensor.h"

#include <vector>

namespace attn {

// Attention rollout (Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers"): how
// much each input token flows into each position through all layers, counting the residual
// connection as attention to oneself.
//
//   A_l = mean over heads of layer l's weights                     (N, N)
//   Â_l = ½·A_l + ½·I, then every row divided by its sum            (the paper's 0.5·A + 0.5·I)
//   rollout_0 = Â_0,   rollout_l = Â_l · rollout_{l−1}
//
// Rows of attention weights sum to 1, so the renormalisation only matters for rows whose
// weights are all 0 (nothing visible): those become the identity row. Every rollout row then
// sums to 1. For a causal model every Â_l is lower triangular and so is the rollout, and its row
// i depends only on tokens ≤ i: rows of an unchanged prefix can be reused when text is appended.

// Rows [firstRow, N) of Â for one layer.  (N − firstRow, N)
Matrix residualAttentionRows(const LayerResult &layer, int firstRow = 0);

// rollout_l for every layer l.  Each (N, N).
std::vector<Matrix> rolloutPerLayer(const AttentionResult &result);

// The same, taking rows [0, firstRow) of every layer from `previous`, the rollout of a causal
// model whose first firstRow tokens were the same (rows of `previous` may be longer than
// firstRow; only their first firstRow columns are read, the rest being zero under the mask).
std::vector<Matrix> extendRolloutPerLayer(const AttentionResult &result, const std::vector<Matrix> &previous,
                                          int firstRow);

// The rollout through the last layer, with Eigen's products (triangular for a causal result): the
// same numbers as rolloutPerLayer's last matrix up to float rounding.  (N, N); empty without layers.
Matrix attentionRollout(const AttentionResult &result);

} // namespace attn
