#include "llamasession.h"

#include "resultbytes.h"
#include "core/analysis/rollout.h"
#include "core/engine/attentionconfig.h"
#include "llamaops.h"
#include "rope.h"

#include <algorithm>
#include <cmath>

namespace attn {
namespace {

// What every head of one layer shares: the rotation table and its key/value group's keys and
// values, normed (qwen3, gemma3) and rotated once per group.
struct LayerInputs
{
    const RopeTable *rope = nullptr; // gemma3's sliding layers have their own
    const Matrix *queries = nullptr; // (N, heads·d_head) before norm and rotation
    std::vector<Matrix> keys;        // per kv head (N, d_head), after norm and rotation
    std::vector<Matrix> values;      // per kv head (N, d_head)
};

// One query head h of kv group g = h / groupSize:
//   q = rope(norm(Q[:, h]))                     (N, d_head)
//   scores = q·kᵀ · scale                       (N, N), unmasked; scale = 1/√d_head, or gemma2/3's
//                                               query_pre_attn_scalar^−½
//   scores ← cap·tanh(scores/cap)               gemma2's soft-capping: `scores` holds the capped
//                                               values, the ones the softmax reads
//   weights: row i softmax over keys [i − window + 1, i] (all of [0, i] without a window); 0 elsewhere
//   output = weights · v                        (N, d_head)
void computeHead(const LlamaConfig &config, const LlamaLayerWeights &weights, const LayerInputs &inputs, int head,
                 int window, HeadResult &out, Matrix &concat)
{
    const llama::NormWeight normForm = config.normAddsOne ? llama::NormWeight::PlusOne : llama::NormWeight::AsIs;
    const int dHead = config.dHead;
    const int group = head / config.groupSize();
    const Eigen::Index n = inputs.queries->rows();
    out.q = inputs.queries->middleCols(Eigen::Index(head) * dHead, dHead);
    if (config.headNorms)
        llama::rmsNormInPlace(out.q, weights.queryNorm, config.rmsEpsilon, normForm);
    applyRope(*inputs.rope, out.q);
    out.k = inputs.keys[size_t(group)];
    out.v = inputs.values[size_t(group)];

    out.scores.noalias() = out.q * out.k.transpose();
    out.scores *= float(config.attentionScale);
    if (config.attentionSoftcap > 0.0)
        llama::softcap(out.scores, float(config.attentionSoftcap));
    out.weights.resize(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const int first = window > 0 ? int(i) - window + 1 : 0;
        llama::softmaxSpan(out.scores.row(i).data(), out.weights.row(i).data(), int(n), first, int(i));
    }
    out.output.noalias() = out.weights * out.v;
    concat.middleCols(Eigen::Index(head) * dHead, dHead) = out.output;
}

} // namespace

LlamaSession::LlamaSession(LlamaModelPtr model, ModelRunOptions options)
    : m_model(std::move(model)), m_options(options)
{
}

double LlamaSession::workFor(int tokens) const
{
    // Per token and layer: the q, k, v, o projections and the three MLP products; per pair and
    // query head, q·k and weights·v.
    const LlamaConfig &c = m_model->config();
    const double n = tokens;
    const double projections = double(c.dModel) * c.dHead * (2.0 * c.heads + 2.0 * c.keyValueHeads);
    return c.layers * (n * (projections + 3.0 * c.dModel * c.dInner) + n * n * c.heads * c.dHead);
}

qint64 LlamaSession::resultBytes(int tokens) const
{
    const LlamaConfig &config = m_model->config();
    return storedResultBytes(config.layers, config.heads, config.dHead, config.dModel, tokens);
}

Expected<ResultPtr> LlamaSession::run(const EngineInput &input)
{
    const LlamaConfig &config = m_model->config();
    const LlamaWeights &weights = m_model->weights();
    const TokenList &tokens = input.tokens;
    const int n = int(tokens.size());

    auto result = std::make_shared<AttentionResult>();
    result->text = input.text;
    result->tokens = tokens;
    result->modelName = m_model->info().name;
    result->unembedding = m_model;
    result->config.heads = config.heads;
    result->keyValueHeads = config.keyValueHeads;
    result->config.dModel = config.dModel;
    result->config.dK = config.dHead;
    result->config.dV = config.dHead;
    result->config.causal = true;
    // scores = q·k/√d_k/T: a query_pre_attn_scalar other than d_head is a temperature.
    result->config.temperature = 1.0 / (config.attentionScale * std::sqrt(double(config.dHead)));
    result->config.scaleByRootDk = true;
    result->config.positional = PositionalEncoding::None; // RoPE turns q and k inside every layer
    result->layers.resize(size_t(config.layers));
    for (LayerResult &layer : result->layers)
        layer.heads.resize(size_t(config.heads));
    if (n == 0) // no text yet is not an error: the views ask for one
        return ResultPtr(std::move(result));

    const int longest = std::min(config.contextLength(), Limits::maxTokens);
    if (n > longest)
        return Error{QStringLiteral("the input has %1 tokens; %2 reads at most %3").arg(n).arg(m_model->info().name).arg(longest)};
    for (int i = 0; i < n; ++i) {
        const int id = tokens[size_t(i)].id;
        if (id < 0 || id >= config.vocabSize)
            return Error{QStringLiteral("token %1 (\"%2\") has id %3, outside %4's vocabulary of %5 ids")
                             .arg(i).arg(tokens[size_t(i)].text).arg(id).arg(m_model->info().name).arg(config.vocabSize)};
    }
    if (const qint64 bytes = resultBytes(n); bytes > m_options.maxResultBytes)
        return Error{QStringLiteral("%1 tokens would need %2 MiB for the attention of %3 layers × %4 heads; the limit is "
                                    "%5 MiB. Use a shorter text.")
                         .arg(n).arg(bytes >> 20).arg(config.layers).arg(config.heads).arg(m_options.maxResultBytes >> 20)};

    const int dHead = config.dHead;
    const llama::NormWeight normForm = config.normAddsOne ? llama::NormWeight::PlusOne : llama::NormWeight::AsIs;
    const RopeTable rope = ropeTable(config.rope, n);
    const RopeTable slidingRope = config.slidingRope ? ropeTable(*config.slidingRope, n) : RopeTable{};
    const std::vector<double> frequencies = ropeFrequencies(config.rope, n);
    const std::vector<double> slidingFrequencies =
        config.slidingRope ? ropeFrequencies(*config.slidingRope, n) : std::vector<double>{};
    result->architecture = {.family = config.modelType,
                            .norm = config.normAddsOne ? QStringLiteral("RMSNorm (1 + w)") : QStringLiteral("RMSNorm"),
                            .queryKeyValueBias = config.queryKeyValueBias,
                            .headNorms = config.headNorms,
                            .attentionSoftcap = config.attentionSoftcap,
                            .weightFormat = m_model->info().weightFormat};

    // The residual stream x: token embeddings (gemma: × √d), no positions (RoPE adds them to q
    // and k).  (N, d)
    Matrix x(n, config.dModel);
    const MatrixMap embedding = weights.embedding.matrix();
    for (int i = 0; i < n; ++i)
        x.row(i) = embedding.row(tokens[size_t(i)].id);
    if (config.embeddingScale != 1.f)
        x *= config.embeddingScale;
    result->input = x;

    Matrix normed, queries, keys, values, concat(n, Eigen::Index(config.heads) * dHead), attended, gate, up, down;
    for (int l = 0; l < config.layers; ++l) {
        const LlamaLayerWeights &layerWeights = weights.layers[size_t(l)];
        LayerResult &layer = result->layers[size_t(l)];
        const int window = config.slidingWindow[size_t(l)];
        layer.ropeFrequencies = window > 0 && config.slidingRope ? slidingFrequencies : frequencies;
        layer.slidingWindow = window;

        llama::rmsNorm(x, layerWeights.inputNorm, config.rmsEpsilon, normForm, normed);    // (N, d)
        layer.input = normed;
        llama::linear(normed, layerWeights.query, layerWeights.queryBias, queries);        // (N, heads·d_head)
        llama::linear(normed, layerWeights.key, layerWeights.keyBias, keys);               // (N, kv·d_head)
        llama::linear(normed, layerWeights.value, layerWeights.valueBias, values);         // (N, kv·d_head)

        LayerInputs inputs;
        inputs.rope = window > 0 && config.slidingRope ? &slidingRope : &rope;
        inputs.queries = &queries;
        inputs.keys.resize(size_t(config.keyValueHeads));
        inputs.values.resize(size_t(config.keyValueHeads));
        for (int g = 0; g < config.keyValueHeads; ++g) {
            Matrix &k = inputs.keys[size_t(g)];
            k = keys.middleCols(Eigen::Index(g) * dHead, dHead); // (N, d_head)
            if (config.headNorms)
                llama::rmsNormInPlace(k, layerWeights.keyNorm, config.rmsEpsilon, normForm);
            applyRope(*inputs.rope, k);
            inputs.values[size_t(g)] = values.middleCols(Eigen::Index(g) * dHead, dHead);
        }

        // One head per thread; a short input's heads are too small to be worth it.
#pragma omp parallel for schedule(dynamic) if (double(n) * double(n) * dHead * config.heads > 200'000.0)
        for (int h = 0; h < config.heads; ++h)
            computeHead(config, layerWeights, inputs, h, window, layer.heads[size_t(h)], concat);

        llama::linear(concat, layerWeights.output, layerWeights.outputBias, attended);     // (N, d)
        layer.output = attended; // concat(heads)·W_O, before gemma2/3's norm of it
        if (config.sandwichNorms) {
            // gemma2/3: x += norm(attention); x += norm(mlp(norm(x)))
            llama::rmsNormInPlace(attended, layerWeights.postAttentionNorm, config.rmsEpsilon, normForm);
            x += attended;
            llama::rmsNorm(x, layerWeights.preFeedForwardNorm, config.rmsEpsilon, normForm, normed);
        } else {
            // llama: x += attention; x += mlp(norm(x))
            x += attended;
            llama::rmsNorm(x, layerWeights.postAttentionNorm, config.rmsEpsilon, normForm, normed);
        }
        llama::linear(normed, layerWeights.gate, WeightView{}, gate);                      // (N, inner)
        llama::linear(normed, layerWeights.up, WeightView{}, up);                          // (N, inner)
        if (config.activation == LlamaConfig::Activation::Silu)
            llama::swiGlu(gate, up);
        else
            llama::geGlu(gate, up, config.activation == LlamaConfig::Activation::GeluExact);
        llama::linear(gate, layerWeights.down, WeightView{}, down);                        // (N, d)
        if (config.sandwichNorms)
            llama::rmsNormInPlace(down, layerWeights.postFeedForwardNorm, config.rmsEpsilon, normForm);
        x += down;
    }
    llama::rmsNorm(x, weights.finalNorm, config.rmsEpsilon, normForm, normed);
    result->finalHidden = normed;
    result->rollout = attentionRollout(*result);

    result->topNext.resize(size_t(n));
    if (m_options.predictAllPositions) {
        for (int i = 0; i < n; ++i)
            result->topNext[size_t(i)] = m_model->predict(result->finalHidden.row(i).data(), m_options.topCount);
    } else {
        result->topNext[size_t(n - 1)] = m_model->predict(result->finalHidden.row(n - 1).data(), m_options.topCount);
    }
    return ResultPtr(std::move(result));
}

} // namespace attn
