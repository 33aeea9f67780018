#include "gpt2predictions.h"

#include "gpt2ops.h"
#include "nexttokens.h"

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
    return topPredictions(logits, count, [&model](int id) { return model.tokenizer().displayText(id); });
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
