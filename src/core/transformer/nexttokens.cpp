#include "nexttokens.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace attn {

std::vector<NextTokenPrediction> topPredictions(Eigen::Ref<const RowVector> logits, int count,
                                                const std::function<QString(int)> &displayText)
{
    const int vocab = int(logits.size());
    count = std::clamp(count, 0, vocab);
    std::vector<int> order(static_cast<size_t>(vocab));
    std::iota(order.begin(), order.end(), 0);
    // Best first; ties by id so that the order is stable. NaN logits sort last.
    auto better = [&](int a, int b) {
        const float la = logits[a], lb = logits[b];
        if (std::isnan(la) != std::isnan(lb))
            return std::isnan(lb);
        return la > lb || (!(lb > la) && a < b);
    };
    std::partial_sort(order.begin(), order.begin() + count, order.end(), better);

    // log Σ exp(logit − max): the normaliser of the softmax over the whole vocabulary.
    const float max = logits.maxCoeff();
    const double sum = (logits.array() - max).exp().cast<double>().sum();
    std::vector<NextTokenPrediction> predictions;
    predictions.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        NextTokenPrediction prediction;
        prediction.id = order[size_t(i)];
        prediction.logit = logits[prediction.id];
        prediction.probability = float(std::exp(double(prediction.logit - max)) / sum);
        prediction.text = displayText(prediction.id);
        predictions.push_back(std::move(prediction));
    }
    return predictions;
}

} // namespace attn
