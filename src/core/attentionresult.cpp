#include "attentionresult.h"

#include <algorithm>

namespace attn {

std::shared_ptr<const HeadResult> AttentionResult::head(int layer, int head) const
{
    if (!hasHead(layer, head))
        return nullptr;
    // Every head is held now; the aliasing pointer shares nothing and lets the caller keep it as if
    // it were computed on demand. A result that computes heads lazily returns an owning one.
    return std::shared_ptr<const HeadResult>(std::shared_ptr<const void>{}, &layers[size_t(layer)].heads[size_t(head)]);
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

} // namespace attn
