#pragma once

#include <Eigen/Core>

namespace attn::gpt2 {

// out = x · w (+ bias, then GPT-2's GELU if asked) for row-major float matrices given by pointer
// and row stride:  x (rows, depth), w (depth, cols), out (rows, cols), bias (cols).
//
// Every output element is one chain of fused multiply-adds over k = 0 … depth−1 in order, so its
// value depends only on its own row of x and column of w: not on how many rows are computed
// together, on the block sizes, on the thread count, on alignment, or on whether the AVX2 or the
// AVX-512 kernel runs (FMA rounds once either way). That is what lets the GPT-2 prefix cache give
// exactly the numbers of a full recompute.
//
// Columns are split across OpenMP threads when `parallel` and the product is large enough; w
// streams in place for up to three rows (an appended token) and is packed into L2-sized panels
// otherwise.
void multiply(const float *x, Eigen::Index ldx, const float *w, Eigen::Index ldw, float *out, Eigen::Index ldo,
              Eigen::Index rows, Eigen::Index depth, Eigen::Index cols, const float *bias = nullptr, bool gelu = false,
              bool parallel = true);

// Which kernel multiply() uses on this CPU: "avx512", "avx2" or "portable".
const char *multiplyKernelName();

} // namespace attn::gpt2
