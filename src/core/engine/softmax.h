#pragma once

namespace attn {

// Row softmax that never yields NaN, with the maximum subtracted as in every stable
// implementation. Only the first `visible` entries take part (the causal mask hides the rest);
// hidden entries get exactly 0.
// - NaN scores take no part (weight 0).
// - If some scores are +∞, they share the row equally and every finite score gets 0.
// - If nothing takes part, the row is all zeros.
struct SoftmaxRowStats
{
    float max = 0.f;     // the subtracted maximum (−∞ when nothing takes part)
    float expSum = 0.f;  // Σ exp(score − max) over the visible entries
};

// Writes exp(score − max) for each entry into `out` (hidden entries 0) and returns the maximum
// and the sum; exactly the intermediate numbers the step-by-step panel shows.
SoftmaxRowStats softmaxExponentials(const float *scores, float *out, int count, int visible);

// exp(score − max) / Σ: the attention weights of one query row.
SoftmaxRowStats softmaxRow(const float *scores, float *weights, int count, int visible);

} // namespace attn
