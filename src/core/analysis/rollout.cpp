#include "rollout.h"

#include "core/transformer/gpt2matmul.h"
#include "core/transformer/gpt2ops.h"

#include <algorithm>

namespace attn {

Matrix residualAttentionRows(const LayerResult &layer, int firstRow)
{
    if (layer.heads.empty())
        return {};
    const Eigen::Index n = layer.heads.front().weights.rows();
    const Eigen::Index rows = n - firstRow;
    Matrix mixed = Matrix::Zero(rows, n); // (N − firstRow, N)
    for (const HeadResult &head : layer.heads)
        mixed += head.weights.bottomRows(rows);
    mixed *= 0.5f / float(layer.heads.size());
    for (Eigen::Index r = 0; r < rows; ++r)
        mixed(r, firstRow + r) += 0.5f;
    for (Eigen::Index r = 0; r < rows; ++r) {
        // Summed up to the last non-zero entry: trailing zeros (the causal mask) then do not change
        // the summation order, so a row has the same sum whatever the token count.
        const float *row = mixed.row(r).data();
        Eigen::Index used = n;
        while (used > 0 && row[used - 1] == 0.f)
            --used;
        const float sum = gpt2::sum(row, used);
        if (sum > 0.f)
            mixed.row(r) /= sum;
    }
    return mixed;
}

std::vector<Matrix> extendRolloutPerLayer(const AttentionResult &result, const std::vector<Matrix> &previous,
                                          int firstRow)
{
    const Eigen::Index n = result.tokenCount();
    const Eigen::Index kept = std::clamp<Eigen::Index>(firstRow, 0, n);
    std::vector<Matrix> rollouts;
    rollouts.reserve(result.layers.size());
    for (size_t l = 0; l < result.layers.size(); ++l) {
        const bool reuse = kept > 0 && l < previous.size() && previous[l].rows() >= kept && previous[l].cols() >= kept;
        const Eigen::Index first = reuse ? kept : 0;
        Matrix rollout(n, n);
        if (first > 0) {
            rollout.topLeftCorner(first, first) = previous[l].topLeftCorner(first, first);
            rollout.topRightCorner(first, n - first).setZero();
        }
        const Matrix mixed = residualAttentionRows(result.layers[l], int(first)); // (N − first, N)
        if (l == 0)
            rollout.bottomRows(n - first) = mixed;
        else
            // Row by row the same products as a full pass (see gpt2matmul.h), so reused rows match.
            gpt2::multiply(mixed.data(), n, rollouts.back().data(), n, rollout.data() + first * n, n, n - first, n, n);
        rollouts.push_back(std::move(rollout));
    }
    return rollouts;
}

std::vector<Matrix> rolloutPerLayer(const AttentionResult &result)
{
    return extendRolloutPerLayer(result, {}, 0);
}

Matrix attentionRollout(const AttentionResult &result)
{
    // One running product with Eigen's kernels: only GPT-2's appends need rolloutPerLayer's
    // row-stable products and every layer's matrix. A causal model's Â_l is lower triangular, so
    // the triangular product does half the work (a 30-layer model at 512 tokens: 4 GFLOP saved).
    Matrix rollout; // (N, N)
    for (const LayerResult &layer : result.layers) {
        Matrix mixed = residualAttentionRows(layer); // (N, N)
        if (rollout.size() == 0) {
            rollout = std::move(mixed);
            continue;
        }
        Matrix next(rollout.rows(), rollout.cols());
        if (result.config.causal)
            next.noalias() = mixed.triangularView<Eigen::Lower>() * rollout;
        else
            next.noalias() = mixed * rollout;
        rollout = std::move(next);
    }
    return rollout;
}

} // namespace attn
