#include "flowedgeselection.h"

#include <algorithm>

namespace attn::ui {
namespace {

bool tokenKeeps(const FlowFilter &filter, int query, int key)
{
    if (filter.token < 0)
        return true;
    switch (filter.role) {
    case TokenRole::Query:
        return query == filter.token;
    case TokenRole::Key:
        return key == filter.token;
    case TokenRole::Both:
        break;
    }
    return query == filter.token || key == filter.token;
}

} // namespace

std::vector<FlowEdge> selectFlowEdges(const AttentionResult &result, int layer, const FlowFilter &filter)
{
    std::vector<FlowEdge> edges;
    if (layer < 0 || layer >= result.layerCount())
        return edges;
    const int n = result.tokenCount();

    // With only a query-side token filter, the other rows need not be looked at at all.
    const bool oneRow = filter.token >= 0 && filter.role == TokenRole::Query;

    std::vector<std::pair<float, int>> row; // (weight, key) candidates of one query, reused
    row.reserve(std::size_t(n));
    for (const int head : filter.heads) {
        const HeadPtr shown = result.head(layer, head);
        if (!shown || shown->weights.rows() != n || shown->weights.cols() != n)
            continue; // a malformed result draws nothing rather than reading out of bounds
        const Matrix &weights = shown->weights; // (N, N)
        for (int q = oneRow ? filter.token : 0; q < (oneRow ? std::min(filter.token + 1, n) : n); ++q) {
            row.clear();
            const float *w = weights.data() + std::size_t(q) * std::size_t(n);
            // A masked key has weight 0 already; asking the mask too keeps a future key out even
            // when a result's masked weights are not exactly 0.
            const int visibleKeys = result.config.causal ? q + 1 : n;
            for (int k = 0; k < visibleKeys; ++k)
                if (w[k] > 0.f && double(w[k]) >= filter.threshold)
                    row.emplace_back(w[k], k);
            if (filter.topK > 0 && int(row.size()) > filter.topK) {
                const auto stronger = [](const std::pair<float, int> &a, const std::pair<float, int> &b) {
                    return a.first != b.first ? a.first > b.first : a.second < b.second;
                };
                std::nth_element(row.begin(), row.begin() + filter.topK - 1, row.end(), stronger);
                row.resize(std::size_t(filter.topK));
                std::sort(row.begin(), row.end(),
                          [](const auto &a, const auto &b) { return a.second < b.second; });
            }
            for (const auto &[weight, k] : row)
                if (tokenKeeps(filter, q, k))
                    edges.push_back({head, q, k, weight});
        }
    }
    return edges;
}

} // namespace attn::ui
