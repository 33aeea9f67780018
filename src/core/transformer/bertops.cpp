#include "bertops.h"

#include "llamaops.h"

#include <cmath>
#include <numbers>

namespace attn::bert {

void layerNormInPlace(Matrix &x, const BertNormWeights &norm, float epsilon)
{
    const auto weight = norm.weight.vector();
    const auto bias = norm.bias.vector();
    const double d = double(x.cols());
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        // Mean and variance in double: a row's sum of squares loses nothing to the mean.
        double mean = 0.0;
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            mean += x(i, j);
        mean /= d;
        double variance = 0.0;
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            variance += (x(i, j) - mean) * (x(i, j) - mean);
        variance /= d;
        const double scale = 1.0 / std::sqrt(variance + double(epsilon));
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            x(i, j) = float((x(i, j) - mean) * scale) * weight[j] + bias[j];
    }
}

void activateInPlace(Matrix &x, BertConfig::Activation activation)
{
    switch (activation) {
    case BertConfig::Activation::GeluExact:
        x = x.unaryExpr([](float z) { return 0.5f * z * (1.f + std::erf(z * float(1.0 / std::numbers::sqrt2))); });
        break;
    case BertConfig::Activation::GeluTanh: {
        const float root2OverPi = float(std::sqrt(2.0 / std::numbers::pi));
        x = x.unaryExpr([root2OverPi](float z) { return 0.5f * z * (1.f + std::tanh(root2OverPi * (z + 0.044715f * z * z * z))); });
        break;
    }
    case BertConfig::Activation::Relu:
        x = x.cwiseMax(0.f);
        break;
    }
}

RowVector mlmLogits(const BertConfig &config, const BertMlmHeadWeights &head, const float *hidden)
{
    const Eigen::Index d = head.transform.cols;
    const Matrix h = MatrixMap(hidden, 1, d);
    Matrix transformed;
    llama::linear(h, head.transform, head.transformBias, transformed); // (1, d)
    activateInPlace(transformed, config.mlmActivation);
    layerNormInPlace(transformed, head.norm, config.layerNormEpsilon);
    RowVector out(head.decoder.rows);
    out.noalias() = transformed.row(0) * head.decoder.matrix().transpose();
    out += head.decoderBias.vector();
    return out;
}

} // namespace attn::bert
