#include "rolloutresult.h"

#include "core/analysis/rollout.h"

#include <memory>

namespace attn::ui {

ResultPtr rolloutResult(const AttentionResult &result)
{
    const int n = result.tokenCount();
    if (n == 0 || result.layerCount() == 0)
        return nullptr;
    const bool stored = result.rollout.rows() == n && result.rollout.cols() == n;
    const Matrix rollout = stored ? result.rollout : attentionRollout(result);
    if (rollout.rows() != n || rollout.cols() != n)
        return nullptr;

    auto derived = std::make_shared<AttentionResult>();
    derived->text = result.text;
    derived->tokens = result.tokens;
    derived->config = result.config;
    derived->config.heads = 1;
    derived->modelName = result.modelName;
    derived->rollout = rollout;
    HeadResult head;
    head.weights = rollout;
    head.scores = rollout;
    derived->layers.resize(1);
    derived->layers.front().heads.push_back(std::move(head));
    return derived;
}

} // namespace attn::ui
