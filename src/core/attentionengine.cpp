#include "attentionengine.h"

#include "softmax.h"

#include <cmath>

namespace attn {

void attentionWeights(const Matrix &q, const Matrix &k, float scale, bool causal, Matrix &scores, Matrix &weights)
{
    const Eigen::Index count = q.rows();
    scores.noalias() = (q * k.transpose()) * scale; // (N, N)
    weights.resize(count, count);
    for (Eigen::Index i = 0; i < count; ++i) {
        const int visible = causal ? int(i + 1) : int(count);
        softmaxRow(scores.row(i).data(), weights.row(i).data(), int(count), visible);
    }
}

Expected<ResultPtr> computeAttention(const EngineInput &input)
{
    const AttentionConfig &config = input.config;
    if (const QString problem = validateConfig(config); !problem.isEmpty())
        return Error{problem};
    if (int(input.tokens.size()) > Limits::maxTokens)
        return Error{QStringLiteral("the text has %1 tokens; the limit is %2").arg(input.tokens.size()).arg(Limits::maxTokens)};
    if (const QString problem = input.weights.shapeMismatch(config); !problem.isEmpty())
        return Error{problem};

    auto result = std::make_shared<AttentionResult>();
    result->tokens = input.tokens;
    result->config = config;
    result->input = buildInput(input.tokens, config, input.embeddings); // (N, d_model)
    const Matrix &x = result->input;
    const Eigen::Index count = x.rows();

    const float scale = float((config.scaleByRootDk ? 1.0 / std::sqrt(double(config.dK)) : 1.0) / config.temperature);

    LayerResult &layer = result->layers.emplace_back();
    layer.heads.resize(config.heads);
    layer.wO = input.weights.wO;
    Matrix concatenated(count, Eigen::Index(config.heads) * config.dV); // (N, heads·d_v)
    for (int h = 0; h < config.heads; ++h) {
        const HeadWeights &w = input.weights.heads[h];
        HeadResult &head = layer.heads[h];
        head.wQ = w.wQ;
        head.wK = w.wK;
        head.wV = w.wV;
        head.q.noalias() = x * w.wQ; // (N, d_k)
        head.k.noalias() = x * w.wK; // (N, d_k)
        head.v.noalias() = x * w.wV; // (N, d_v)
        attentionWeights(head.q, head.k, scale, config.causal, head.scores, head.weights);
        head.output.noalias() = head.weights * head.v; // (N, d_v)
        concatenated.middleCols(Eigen::Index(h) * config.dV, config.dV) = head.output;
    }
    layer.output.noalias() = concatenated * layer.wO; // (N, d_model)
    return ResultPtr(std::move(result));
}

} // namespace attn
