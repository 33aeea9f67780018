#include "firstkeyhidden.h"

namespace attn {

Matrix withoutFirstKey(const Matrix &weights)
{
    Matrix rescaled = weights; // (N, N)
    if (rescaled.cols() == 0)
        return rescaled;
    for (Eigen::Index i = 0; i < rescaled.rows(); ++i) {
        // The rest of the row summed directly, not as 1 − w₀: when w₀ is 0.9999 the difference would
        // keep only a few bits of the rest.
        const double rest = rescaled.row(i).tail(rescaled.cols() - 1).cast<double>().sum();
        rescaled(i, 0) = 0.0f;
        if (rest > 0.0)
            rescaled.row(i).tail(rescaled.cols() - 1) = (rescaled.row(i).tail(rescaled.cols() - 1).cast<double>() / rest).cast<float>();
        else
            rescaled.row(i).setZero();
    }
    return rescaled;
}

ResultPtr hideFirstKey(const ResultPtr &result)
{
    if (!result || result->firstKeyHidden)
        return result;
    auto hidden = std::make_shared<AttentionResult>(*result);
    hidden->firstKeyHidden = true;
    for (LayerResult &layer : hidden->layers)
        for (HeadResult &head : layer.heads)
            head.weights = withoutFirstKey(head.weights);
    return hidden;
}

} // namespace attn
