#include "attentionresult.h"


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

std::vector<NextTokenPrediction> AttentionResult::predictNext(int position, int count) const
{
    if (!canPredict() || position < 0 || position >= tokenCount())
        return {};
    if (size_t(position) < topNext.size() && int(topNext[size_t(position)].size()) >= count)
        return {topNext[size_t(position)].begin(), topNext[size_t(position)].begin() + count};
    return unembedding->predict(finalHidden.row(position).data(), count);
}

} // namespace attn
