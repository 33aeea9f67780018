#include "attentionengine.h"

#include "softmax.h"

#include <cmath>

namespace attn {

namespace {
// From this many tokens on, the heads are computed in parallel with blocked (GEMM) products.
constexpr Eigen::Index kParallelTokens = 128;
} // namespace

void attentionWeights(const Matrix &q, const Matrix &k, float scale, bool causal, Matrix &scores, Matrix &weights,
                      bool blocked)
{
    const Eigen::Index count = q.rows();
    if (blocked)
        scores.noalias() = (q * k.transpose()) * scale; // (N, N)
    else
        scores.noalias() = q.lazyProduct(k.transpose()) * scale;
    // Products past float's range (q, k ~ 1e20) make ∞, and on both signs ∞ − ∞ = NaN (or, fused,
    // whichever came first). In double they do not overflow: the score becomes its true value, ±∞
    // only when that is past float's range, which the softmax handles.
    if (!scores.allFinite())
        scores = ((q.cast<double>() * k.cast<double>().transpose()) * double(scale)).cast<float>();
    weights.resize(count, count);
    for (Eigen::Index i = 0; i < count; ++i) {
        const int visible = causal ? int(i + 1) : int(count);
        softmaxRow(scores.row(i).data(), weights.row(i).data(), int(count), visible);
    }
}

Expected<ResultPtr> computeAttention(const TokenList &tokens, const AttentionConfig &config,
                                     const LearnedMatrices &weights, const EmbeddingOverrides &embeddings,
                                     const QString &text)
{
    if (const QString problem = validateConfig(config); !problem.isEmpty())
        return Error{problem};
    if (int(tokens.size()) > Limits::maxTokens)
        return Error{QStringLiteral("the text has %1 tokens; the limit is %2").arg(tokens.size()).arg(Limits::maxTokens)};
    if (const QString problem = weights.shapeMismatch(config); !problem.isEmpty())
        return Error{problem};

    auto result = std::make_shared<AttentionResult>();
    result->text = text;
    result->tokens = tokens;
    result->config = config;
    result->input = buildInput(tokens, config, embeddings); // (N, d_model)
    const Matrix &x = result->input;
    const Eigen::Index count = x.rows();

    const float scale = float((config.scaleByRootDk ? 1.0 / std::sqrt(double(config.dK)) : 1.0) / config.temperature);

    LayerResult &layer = result->layers.emplace_back();
    layer.heads.resize(config.heads);
    layer.wO = weights.wO;
    Matrix concatenated(count, Eigen::Index(config.heads) * config.dV); // (N, heads·d_v)
    // Threads pay off only for long inputs: there the heads run side by side (each head's products
    // then stay on its thread). Short inputs — every keystroke at typing sizes — stay on this
    // thread with coefficient-based products: waking an OpenMP team costs more than it saves and,
    // on a busy machine, waits for a core (64 tokens × 8 heads: 14 ms with Eigen's two threads
    // under load, 0.9 ms on one).
    const bool parallel = count >= kParallelTokens && config.heads > 1;
#pragma omp parallel for schedule(dynamic, 1) if (parallel)
    for (int h = 0; h < config.heads; ++h) {
        const HeadWeights &w = weights.heads[size_t(h)];
        HeadResult &head = layer.heads[size_t(h)];
        head.wQ = w.wQ;
        head.wK = w.wK;
        head.wV = w.wV;
        if (parallel) {
            head.q.noalias() = x * w.wQ; // (N, d_k)
            head.k.noalias() = x * w.wK; // (N, d_k)
            head.v.noalias() = x * w.wV; // (N, d_v)
        } else {
            head.q.noalias() = x.lazyProduct(w.wQ);
            head.k.noalias() = x.lazyProduct(w.wK);
            head.v.noalias() = x.lazyProduct(w.wV);
        }
        attentionWeights(head.q, head.k, scale, config.causal, head.scores, head.weights, parallel);
        if (parallel)
            head.output.noalias() = head.weights * head.v; // (N, d_v)
        else
            head.output.noalias() = head.weights.lazyProduct(head.v);
        concatenated.middleCols(Eigen::Index(h) * config.dV, config.dV) = head.output;
    }
    if (parallel)
        layer.output.noalias() = concatenated * layer.wO; // (N, d_model)
    else
        layer.output.noalias() = concatenated.lazyProduct(layer.wO);
    // The same for the output (huge values times huge W_O): ±∞ where it overflows, never NaN.
    if (!layer.output.allFinite())
        layer.output = (concatenated.cast<double>() * layer.wO.cast<double>()).cast<float>();
    return ResultPtr(std::move(result));
}

} // namespace attn
