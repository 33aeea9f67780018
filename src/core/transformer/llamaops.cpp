#include "llamaops.h"

#include "core/engine/softmax.h"

#include <algorithm>
#include <cmath>

namespace attn::llama {

void rmsNorm(const Matrix &x, const WeightView &weight, float epsilon, Matrix &out)
{
    out = x;
    rmsNormInPlace(out, weight, epsilon);
}

void rmsNormInPlace(Matrix &x, const WeightView &weight, float epsilon)
{
    const auto w = weight.vector().array(); // (d)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const float meanSquare = x.row(i).squaredNorm() / float(x.cols());
        x.row(i).array() *= w * (1.f / std::sqrt(meanSquare + epsilon));
    }
}

void linear(const Matrix &x, const WeightView &weight, const WeightView &bias, Matrix &out)
{
    out.noalias() = x * weight.matrix().transpose();
    if (bias.data)
        out.rowwise() += bias.vector();
}

void swiGlu(Matrix &gate, const Matrix &up)
{
    gate.array() = gate.array() / (1.f + (-gate.array()).exp()) * up.array();
}

void softmaxSpan(const float *scores, float *weights, int count, int first, int last)
{
    std::fill(weights, weights + count, 0.f);
    first = std::max(first, 0);
    last = std::min(last, count - 1);
    if (first > last)
        return;
    const int span = last - first + 1;
    bool finite = true;
    float max = scores[first];
    for (int j = first; j <= last; ++j) {
        finite = finite && std::isfinite(scores[j]);
        max = std::max(max, scores[j]);
    }
    if (!finite) { // NaN and ±Inf as the shared softmax defines them
        attn::softmaxRow(scores + first, weights + first, span, span);
        return;
    }
    double total = 0.0;
    for (int j = first; j <= last; ++j) {
        weights[j] = std::exp(scores[j] - max);
        total += weights[j];
    }
    const float inverse = float(1.0 / total);
    for (int j = first; j <= last; ++j)
        weights[j] *= inverse;
}

} // namespace attn::llama
