#include "llamaops.h"

#include "core/engine/softmax.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace attn::llama {

void rmsNorm(const Matrix &x, const WeightView &weight, float epsilon, NormWeight form, Matrix &out)
{
    out = x;
    rmsNormInPlace(out, weight, epsilon, form);
}

void rmsNormInPlace(Matrix &x, const WeightView &weight, float epsilon, NormWeight form)
{
    RowVector w = weight.vector(); // (d)
    if (form == NormWeight::PlusOne)
        w.array() += 1.f; // in float, as Hugging Face's Gemma adds it (not in the weights' BF16)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const float meanSquare = x.row(i).squaredNorm() / float(x.cols());
        x.row(i).array() *= w.array() * (1.f / std::sqrt(meanSquare + epsilon));
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

void geGlu(Matrix &gate, const Matrix &up, bool exact)
{
    if (exact) {
        gate = gate.unaryExpr([](float z) { return 0.5f * z * (1.f + std::erf(z * float(1.0 / std::numbers::sqrt2))); });
    } else {
        const float root2OverPi = float(std::sqrt(2.0 / std::numbers::pi));
        gate = gate.unaryExpr([root2OverPi](float z) { return 0.5f * z * (1.f + std::tanh(root2OverPi * (z + 0.044715f * z * z * z))); });
    }
    gate.array() *= up.array();
}

void softcap(Matrix &z, float cap)
{
    z = z.unaryExpr([cap](float v) { return cap * std::tanh(v / cap); });
}

void softcap(RowVector &z, float cap)
{
    z = z.unaryExpr([cap](float v) { return cap * std::tanh(v / cap); });
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
