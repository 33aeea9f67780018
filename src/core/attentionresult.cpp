#include "attentionresult.h"

#include <algorithm>

namespace attn {

std::shared_ptr<const HeadResult> AttentionResult::head(int layer, int head) const
{
    if (!hasHead(layer, head))
        return nullptr;
    // Every head is held now: the pointer shares ownership of the whole result (when a shared pointer
    // owns it), so the caller may keep it as if it were computed on demand. A result that computes
    // heads lazily will return an owning one.
    return std::shared_ptr<const HeadResult>(weak_from_this().lock(), &layers[size_t(layer)].heads[size_t(head)]);
}

Matrix AttentionResult::thumbnail(int layer, int head, int side) const
{
    const HeadPtr h = this->head(layer, head);
    if (!h || side <= 0)
        return {};
    const Matrix &weights = h->weights; // (N, N)
    const int n = int(weights.rows());
    const int rows = std::min(n, side);
    Matrix pooled = Matrix::Zero(rows, rows); // (rows, rows)
    for (int q = 0; q < n; ++q) {
        const int r = int(qint64(q) * rows / std::max(1, n));
        for (int k = 0; k < n; ++k) {
            const int c = int(qint64(k) * rows / std::max(1, n));
            pooled(r, c) = std::max(pooled(r, c), weights(q, k));
        }
    }
    return pooled;
}

std::vector<NextTokenPrediction> AttentionResult::predictNext(int position, int count) const
{
    if (!canPredict() || position < 0 || position >= tokenCount())
        return {};
    if (size_t(position) < topNext.size() && int(topNext[size_t(position)].size()) >= count)
        return {topNext[size_t(position)].begin(), topNext[size_t(position)].begin() + count};
    return unembedding->predict(finalHidden.row(position).data(), count);
}

} // namespace attn
