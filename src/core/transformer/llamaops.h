#pragma once

#include "weightview.h"
#include "core/tensor.h"

namespace attn::llama {

// The building blocks of the llama-family forward pass, on whole row blocks (tokens × features),
// with Eigen's products. Results are not bit-identical across different row counts (Eigen blocks
// products by size), which is why this family recomputes the whole input on every run.

// How a norm applies its weight: llama's x̂ ⊙ w, or Gemma's x̂ ⊙ (1 + w) (its weights are stored
// around 0).
enum class NormWeight { AsIs, PlusOne };

// out = x / √(mean(x²) + ε) ⊙ weight (or ⊙ (1 + weight)), per row.  (M, d)
void rmsNorm(const Matrix &x, const WeightView &weight, float epsilon, NormWeight form, Matrix &out);
// The same in place, for per-head norms (q_norm, k_norm over d_head) and norms of a block's output.
void rmsNormInPlace(Matrix &x, const WeightView &weight, float epsilon, NormWeight form);

// out = x·Wᵀ (+ bias) with nn.Linear's layout: weight (out, in), bias (out) or none.  (M, out)
void linear(const Matrix &x, const WeightView &weight, const WeightView &bias, Matrix &out);

// SwiGLU's gate in place: gate ← silu(gate) ⊙ up, silu(z) = z / (1 + e^(−z)).  (M, inner)
void swiGlu(Matrix &gate, const Matrix &up);
// GeGLU's gate in place: gate ← gelu(gate) ⊙ up, with GELU's tanh form
//   gelu(z) = z/2 · (1 + tanh(√(2/π) · (z + 0.044715 z³)))
// or, `exact`, z/2 · (1 + erf(z/√2)).  (M, inner)
void geGlu(Matrix &gate, const Matrix &up, bool exact);

// Soft-capping in place: z ← cap · tanh(z / cap), which squashes z smoothly into (−cap, cap).
void softcap(Matrix &z, float cap);
void softcap(RowVector &z, float cap);

// Softmax of one row over the keys [first, last] (the causal, possibly windowed, span); every
// other entry gets exactly 0. Row length `count`.
void softmaxSpan(const float *scores, float *weights, int count, int first, int last);

} // namespace attn::llama
