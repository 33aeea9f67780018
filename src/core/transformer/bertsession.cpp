#include "bertsession.h"

#include "resultbytes.h"
#include "bertops.h"
#include "core/analysis/rollout.h"
#include "core/engine/attentionconfig.h"
#include "llamaops.h"

#include <QStringBuilder>

#include <algorithm>
#include <cmath>

namespace attn {
namespace {

// One head h:  q, k, v = columns [h·d_head, (h+1)·d_head) of the projections   (N, d_head)
//              scores = q·kᵀ / √d_head                                         (N, N)
//              weights: row-wise softmax over every key (no mask)
//              output = weights · v                                            (N, d_head)
void computeHead(const BertConfig &config, const Matrix &queries, const Matrix &keys, const Matrix &values, int head,
                 HeadResult &out, Matrix &concat)
{
    const int dHead = config.dHead;
    const Eigen::Index n = queries.rows();
    const Eigen::Index first = Eigen::Index(head) * dHead;
    out.q = queries.middleCols(first, dHead);
    out.k = keys.middleCols(first, dHead);
    out.v = values.middleCols(first, dHead);
    out.scores.noalias() = out.q * out.k.transpose();
    out.scores *= float(1.0 / std::sqrt(double(dHead)));
    out.weights.resize(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        llama::softmaxSpan(out.scores.row(i).data(), out.weights.row(i).data(), int(n), 0, int(n) - 1);
    out.output.noalias() = out.weights * out.v;
    concat.middleCols(first, dHead) = out.output;
}

} // namespace

BertSession::BertSession(BertModelPtr model, ModelRunOptions options)
    : m_model(std::move(model)), m_options(options)
{
}

double BertSession::workFor(int tokens) const
{
    // Per token and layer: the q, k, v, o projections and the two MLP products; per pair and head,
    // q·k and weights·v.
    const BertConfig &c = m_model->config();
    const double n = tokens;
    return c.layers * (n * (4.0 * c.dModel * c.dModel + 2.0 * c.dModel * c.dInner) + n * n * c.heads * c.dHead);
}

qint64 BertSession::resultBytes(int tokens) const
{
    const BertConfig &config = m_model->config();
    return storedResultBytes(config.layers, config.heads, config.dHead, config.dModel, tokens);
}

Expected<ResultPtr> BertSession::run(const EngineInput &input)
{
    const BertConfig &config = m_model->config();
    const BertWeights &weights = m_model->weights();
    const TokenList &tokens = input.tokens;
    const int n = int(tokens.size());

    auto result = std::make_shared<AttentionResult>();
    result->text = input.text;
    result->tokens = tokens;
    result->modelName = m_model->info().name;
    if (m_model->hasMlmHead())
        result->unembedding = m_model; // else canPredict() is false: a …Model has no head to guess with
    result->config.heads = config.heads;
    result->keyValueHeads = config.heads;
    result->config.dModel = config.dModel;
    result->config.dK = config.dHead;
    result->config.dV = config.dHead;
    result->config.causal = false; // every token attends to every token
    result->config.temperature = 1.0;
    result->config.scaleByRootDk = true;
    result->config.positional = PositionalEncoding::None; // learned positions, added to the embeddings
    result->architecture.family = config.modelType;
    result->architecture.norm = QStringLiteral("LayerNorm");
    result->architecture.queryKeyValueBias = true;
    result->architecture.postNorm = true;
    result->layers.resize(size_t(config.layers));
    for (LayerResult &layer : result->layers)
        layer.heads.resize(size_t(config.heads));
    if (n == 0) // no text yet is not an error: the views ask for one
        return ResultPtr(std::move(result));

    const int longest = std::min(config.contextLength(), Limits::maxTokens);
    if (n > longest)
        return Error{QStringLiteral("the input has %1 tokens; %2 reads at most %3").arg(n).arg(m_model->info().name).arg(longest)};
    std::vector<int> ids(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const Token &token = tokens[size_t(i)];
        if (token.id < 0 || token.id >= config.vocabSize)
            return Error{QStringLiteral("token %1 (\"%2\") has id %3, outside %4's vocabulary of %5 ids")
                             .arg(i).arg(token.text).arg(token.id).arg(m_model->info().name).arg(config.vocabSize)};
        // DistilBERT has no token types and ignores them, as Hugging Face's does.
        if (config.tokenTypes() && (token.typeId < 0 || token.typeId >= config.typeVocabSize))
            return Error{QStringLiteral("token %1 (\"%2\") has token type %3; %4 has type_vocab_size %5")
                             .arg(i).arg(token.text).arg(token.typeId).arg(m_model->info().name).arg(config.typeVocabSize)};
        ids[size_t(i)] = token.id;
    }
    if (const qint64 bytes = resultBytes(n); bytes > m_options.maxResultBytes)
        return Error{QStringLiteral("%1 tokens would need %2 MiB for the attention of %3 layers × %4 heads; the limit is "
                                    "%5 MiB. Use a shorter text.")
                         .arg(n).arg(bytes >> 20).arg(config.layers).arg(config.heads).arg(m_options.maxResultBytes >> 20)};

    // The embeddings: word + position (+ token type), then LayerNorm.  (N, d)
    const std::vector<int> positions = config.positionIds(ids);
    const MatrixMap word = weights.wordEmbedding.matrix();
    const MatrixMap position = weights.positionEmbedding.matrix();
    Matrix x(n, config.dModel);
    for (int i = 0; i < n; ++i) {
        x.row(i) = word.row(ids[size_t(i)]) + position.row(positions[size_t(i)]);
        if (config.tokenTypes())
            x.row(i) += weights.typeEmbedding.matrix().row(tokens[size_t(i)].typeId);
    }
    bert::layerNormInPlace(x, weights.embeddingNorm, config.layerNormEpsilon);
    result->input = x;

    Matrix queries, keys, values, concat(n, config.dModel), attended, inner, down;
    for (int l = 0; l < config.layers; ++l) {
        const BertLayerWeights &layerWeights = weights.layers[size_t(l)];
        LayerResult &layer = result->layers[size_t(l)];
        layer.input = x; // post-LN: attention reads the residual stream itself
        llama::linear(x, layerWeights.query, layerWeights.queryBias, queries); // (N, d)
        llama::linear(x, layerWeights.key, layerWeights.keyBias, keys);
        llama::linear(x, layerWeights.value, layerWeights.valueBias, values);

        // One head per thread; a short input's heads are too small to be worth it.
#pragma omp parallel for schedule(dynamic) if (double(n) * double(n) * config.dHead * config.heads > 200'000.0)
        for (int h = 0; h < config.heads; ++h)
            computeHead(config, queries, keys, values, h, layer.heads[size_t(h)], concat);

        llama::linear(concat, layerWeights.output, layerWeights.outputBias, attended); // (N, d)
        layer.output = attended;
        x += attended;
        bert::layerNormInPlace(x, layerWeights.attentionNorm, config.layerNormEpsilon);
        llama::linear(x, layerWeights.intermediate, layerWeights.intermediateBias, inner); // (N, inner)
        bert::activateInPlace(inner, config.activation);
        llama::linear(inner, layerWeights.down, layerWeights.downBias, down);             // (N, d)
        x += down;
        bert::layerNormInPlace(x, layerWeights.outputNorm, config.layerNormEpsilon);
    }
    result->finalHidden = x; // post-LN: the last layer's norm is the final one
    result->rollout = attentionRollout(*result);

    // topNext holds the MLM head's guesses for each position's own token (fill the mask).
    result->topNext.resize(size_t(n));
    if (m_model->hasMlmHead() && m_options.predictAllPositions)
        for (int i = 0; i < n; ++i)
            result->topNext[size_t(i)] = m_model->predict(result->finalHidden.row(i).data(), m_options.topCount);
    return ResultPtr(std::move(result));
}

} // namespace attn
