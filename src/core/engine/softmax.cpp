#include "softmax.h"

#include <Eigen/Core>

#include <cmath>
#include <limits>

namespace attn {
namespace {

constexpr float infinity = std::numeric_limits<float>::infinity();

using ConstRow = Eigen::Map<const Eigen::ArrayXf>;
using Row = Eigen::Map<Eigen::ArrayXf>;

} // namespace

SoftmaxRowStats softmaxExponentials(const float *scores, float *out, int count, int visible)
{
    if (visible < count)
        Row(out + visible, count - visible).setZero();
    if (visible <= 0)
        return {-infinity, 0.f};

    const ConstRow row(scores, visible);
    Row exps(out, visible);
    if (row.allFinite()) {
        // The common case, vectorised: every exponent is ≤ 0, so nothing overflows.
        const float max = row.maxCoeff();
        exps = (row - max).exp();
        return {max, exps.sum()};
    }

    float max = -infinity;
    for (int j = 0; j < visible; ++j)
        if (!std::isnan(scores[j]) && scores[j] > max)
            max = scores[j];
    if (max == -infinity) {
        exps.setZero();
        return {max, 0.f};
    }
    float sum = 0.f;
    for (int j = 0; j < visible; ++j) {
        const float s = scores[j];
        float e = 0.f;
        if (std::isnan(s))
            e = 0.f;
        else if (max == infinity)
            e = s == infinity ? 1.f : 0.f; // ∞ − ∞ would be NaN: the infinite scores share the row
        else
            e = std::exp(s - max);
        out[j] = e;
        sum += e;
    }
    return {max, sum};
}

SoftmaxRowStats softmaxRow(const float *scores, float *weights, int count, int visible)
{
    const SoftmaxRowStats stats = softmaxExponentials(scores, weights, count, visible);
    if (stats.expSum > 0.f)
        Row(weights, std::max(visible, 0)) /= stats.expSum;
    return stats;
}

} // namespace attn
