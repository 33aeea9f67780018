#include "gpt2predictions.h"

#include "gpt2ops.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace attn {

RowVector nextTokenLogits(const Gpt2Model &model, const float *finalHidden)
{
    const MatrixMap wte = model.weights().wte.matrix(); // (vocab, d)
    const Eigen::Map<const Eigen::VectorXf> h(finalHidden, wte.cols());
    RowVector logits(wte.rows());
    // Rows of wte split across the cores: this is a read of the whole table, bound by memory.
    const int threads = std::max(1, gpt2::threadCount());
    const Eigen::Index chunk = (wte.rows() + threads - 1) / threads;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
    for (int t = 0; t < threads; ++t) {
        const Eigen::Index first = Eigen::Index(t) * chunk;
        const Eigen::Index rows = std::min(chunk, wte.rows() - first);
        if (rows > 0)
            logits.segment(first, rows).transpose().noalias() = wte.middleRows(first, rows) * h;
    }
    return logits;
}

namespace {

std::vector<NextTokenPrediction> topOf(const Gpt2Model &model, Eigen::Ref<const RowVector> logits, int count)
{
    const int vocab = int(logits.size());
    count = std::clamp(count, 0, vocab);

    std::vector<int> order(vocab);
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
    predictions.reserve(count);
    for (int i = 0; i < count; ++i) {
        NextTokenPrediction prediction;
        prediction.id = order[i];
        prediction.logit = logits[order[i]];
        prediction.probability = float(std::exp(double(prediction.logit - max)) / sum);
        prediction.text = model.tokenizer().displayText(order[i]);
        predictions.push_back(std::move(prediction));
    }
    return predictions;
}

} // namespace

std::vector<NextTokenPrediction> predictNextTokens(const Gpt2Model &model, const float *finalHidden, int count)
{
    return topOf(model, nextTokenLogits(model, finalHidden), count);
}

std::vector<std::vector<NextTokenPrediction>> predictNextTokensForRows(const Gpt2Model &model, const Matrix &finalHidden,
                                                                       int count)
{
    const MatrixMap wte = model.weights().wte.matrix(); // (vocab, d)
    std::vector<std::vector<NextTokenPrediction>> predictions(finalHidden.rows());
    // Blocks of rows bound the logits buffer: 64 × 50,257 floats is 13 MB.
    constexpr Eigen::Index blockRows = 64;
    Matrix logits;
    for (Eigen::Index first = 0; first < finalHidden.rows(); first += blockRows) {
        const Eigen::Index rows = std::min(blockRows, finalHidden.rows() - first);
        logits.resize(rows, wte.rows());
        // Split by vocabulary columns across the cores, as gpt2::linear does.
        const int threads = std::max(1, gpt2::threadCount());
        const Eigen::Index chunk = ((wte.rows() + threads - 1) / threads + 15) / 16 * 16;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
        for (int t = 0; t < threads; ++t) {
            const Eigen::Index begin = Eigen::Index(t) * chunk;
            const Eigen::Index width = std::min(chunk, wte.rows() - begin);
            if (width > 0)
                logits.middleCols(begin, width).noalias() =
                    finalHidden.middleRows(first, rows) * wte.middleRows(begin, width).transpose();
        }
        for (Eigen::Index r = 0; r < rows; ++r)
            predictions[first + r] = topOf(model, logits.row(r), count);
    }
    return predictions;
}

} // namespace attn
