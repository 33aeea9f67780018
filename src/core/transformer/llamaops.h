#pragma once

#include "weightview.h"
#include "core/tensor.h"

namespace attn::llama {

// The building blocks of the llama-family forward pass, on whole row blocks (tokens × features),
// with Eigen's products. Results are not bit-identical across different row counts (Eigen blocks
// products by size), which is why this family recomputes the whole input on every run.

// out = x / √(mean(x²) + ε) ⊙ weight, per row.  (M, d)
void rmsNorm(const Matrix &x, const WeightView &weight, float epsilon, Matrix &out);
// The same in place, for per-head norms (qwen3's q_norm, k_norm over d_head).
void rmsNormInPlace(Matrix &x, const WeightView &weight, float epsilon);

// out = x·Wᵀ (+ bias) with nn.Linear's layout: weight (out, in), bias (out) or none.  (M, out)
void linear(const Matrix &x, const WeightView &weight, const WeightView &bias, Matrix &out);

// SwiGLU's gate in place: gate ← silu(gate) ⊙ up, silu(z) = z / (1 + e^(−z)).  (M, inner)
void swiGlu(Matrix &gate, const Matrix &up);

// Softmax of one row over the keys [first, last] (the causal, possibly windowed, span); every
// other entry gets exactly 0. Row length `count`.
void softmaxSpan(const float *scores, float *weights, int count, int first, int last);

} // namespace attn::llama
