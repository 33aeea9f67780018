#pragma once

#include "gpt2weights.h"
#include "core/tensor.h"

namespace attn::gpt2 {

// The building blocks of GPT-2's forward pass, on whole row blocks (tokens × features).
//
// Row independence: every routine computes an output row from its input row alone, along the
// same code path for every row (fixed-size vector chunks, fixed summation order; see
// gpt2matmul.h). Computing rows [P, N) alone therefore gives bit for bit the rows a full pass over
// [0, N) gives, which is what the prefix cache relies on.

enum class Activation { None, GeluTanh };

// out = LayerNorm(x) · weight + bias, per row: (x − mean) / √(var + ε), biased variance.  (M, d)
void layerNorm(const Matrix &x, const WeightView &weight, const WeightView &bias, float epsilon, Matrix &out);

// out = act(x · weight + bias) with GPT-2's Conv1D layout: weight (in, out), bias (out).  (M, out)
// GeluTanh is GPT-2's GELU: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
void linear(const Matrix &x, const WeightView &weight, const WeightView &bias, Activation activation, Matrix &out);

// Causal softmax of one row: entries [0, visible) take part (maximum subtracted), the rest get
// exactly 0. Falls back to attn::softmaxRow for rows with NaN or infinite scores.
void softmaxRow(const float *scores, float *weights, int count, int visible);

// GPT-2's GELU in place, in chunks of eight counted from values[0].
void geluTanh(float *values, Eigen::Index count);

// Σ of `count` floats in a fixed order (eight lanes, then the lanes, then the tail).
float sum(const float *values, Eigen::Index count);

// The threads the dense routines use (OpenMP's count; 1 without OpenMP).
int threadCount();

} // namespace attn::gpt2
