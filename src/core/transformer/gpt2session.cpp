#include "gpt2session.h"

#include "resultbytes.h"
#include "core/engine/attentionconfig.h"
#include "gpt2matmul.h"
#include "gpt2ops.h"
#include "gpt2predictions.h"
#include "core/analysis/rollout.h"

#include <cmath>
#include <mutex>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace attn {
namespace {

// One head for the new query rows [kept, N) of a layer, reusing rows [0, kept) of `old`.
//   q, k, v: columns of qkv (M, 3d) for this head, below the old rows        (N, d_head)
//   scores = q·kᵀ / √d_head, unmasked; new rows in full, and the old rows' new columns
//   weights: causal softmax of the new rows; old rows keep theirs (their new columns are masked)
//   output = weights · v                                                      (N, d_head)
void computeHead(const Matrix &qkv, int head, int dModel, int dHead, Eigen::Index kept, float scale,
                 const HeadResult *old, HeadResult &out, Matrix &concat)
{
    const Eigen::Index added = qkv.rows();
    const Eigen::Index n = kept + added;
    const Eigen::Index column = Eigen::Index(head) * dHead;

    out.q.resize(n, dHead);
    out.k.resize(n, dHead);
    out.v.resize(n, dHead);
    out.scores.resize(n, n);
    out.weights.resize(n, n);
    out.output.resize(n, dHead);
    if (kept > 0) {
        out.q.topRows(kept) = old->q.topRows(kept);
        out.k.topRows(kept) = old->k.topRows(kept);
        out.v.topRows(kept) = old->v.topRows(kept);
        out.scores.topLeftCorner(kept, kept) = old->scores.topLeftCorner(kept, kept);
        out.weights.topLeftCorner(kept, kept) = old->weights.topLeftCorner(kept, kept);
        out.weights.topRightCorner(kept, added).setZero();
        out.output.topRows(kept) = old->output.topRows(kept);
    }
    out.q.bottomRows(added) = qkv.middleCols(column, dHead);
    out.k.bottomRows(added) = qkv.middleCols(dModel + column, dHead);
    out.v.bottomRows(added) = qkv.middleCols(2 * dModel + column, dHead);

    // Keys as columns (d_head, N), so that every scores row is a product with the same kernel.
    const Matrix keysByColumn = out.k.transpose();
    if (kept > 0 && added > 0) {
        gpt2::multiply(out.q.data(), dHead, keysByColumn.data() + kept, n, out.scores.data() + kept, n, kept, dHead, added);
        for (Eigen::Index i = 0; i < kept; ++i)
            out.scores.row(i).tail(added) *= scale;
    }
    gpt2::multiply(out.q.data() + kept * dHead, dHead, keysByColumn.data(), n, out.scores.data() + kept * n, n, added, dHead, n);
    out.scores.bottomRows(added) *= scale;
    for (Eigen::Index i = kept; i < n; ++i)
        gpt2::softmaxRow(out.scores.row(i).data(), out.weights.row(i).data(), int(n), int(i + 1));
    gpt2::multiply(out.weights.data() + kept * n, n, out.v.data(), dHead, out.output.data() + kept * dHead, dHead, added, n, dHead);
    concat.middleCols(column, dHead) = out.output.bottomRows(added);
}

// Rows [0, kept) of `old` above `added` (M, cols): the new (kept + M, cols) matrix.
Matrix stacked(const Matrix *old, Eigen::Index kept, const Matrix &added)
{
    Matrix out(kept + added.rows(), added.cols());
    if (kept > 0)
        out.topRows(kept) = old->topRows(kept);
    out.bottomRows(added.rows()) = added;
    return out;
}

// A run allocates, and the previous run frees, tens to hundreds of MB of matrices (every head's
// N×N scores and weights). glibc by default maps each block above 128 KiB–32 MiB afresh and hands
// freed memory at the top of the heap back to the system, so every run page-faults all of it in
// again; on a virtual machine this cost more than the arithmetic (GPT-2 small, 512 tokens, one
// thread: 2.3 s of CPU with the defaults, 0.8 s with these). Freed memory is kept for reuse
// instead; the process keeps its peak, which the next run needs anyway.
void keepFreedMemoryForReuse()
{
#ifdef __GLIBC__
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
    });
#endif
}

} // namespace

Gpt2Session::Gpt2Session(Gpt2ModelPtr model, ModelRunOptions options)
    : m_model(std::move(model)), m_options(options)
{
    keepFreedMemoryForReuse();
}

void Gpt2Session::clearCache()
{
    const std::lock_guard lock(m_mutex);
    m_last.reset();
}

double Gpt2Session::workFor(int tokens) const
{
    // Per token and layer: the four d×d projections and the two d×inner MLP products; per pair and
    // head, q·k and weights·v.
    const Gpt2Config &c = m_model->config();
    const double n = tokens;
    return c.layers * (n * (4.0 * c.dModel * c.dModel + 2.0 * c.dModel * c.dInner) + n * n * c.dModel);
}

Expected<ResultPtr> Gpt2Session::run(const EngineInput &input)
{
    if (input.tokens.empty()) { // no text yet is not an error: the views ask for one
        const Gpt2Config &config = m_model->config();
        auto empty = std::make_shared<AttentionResult>();
        empty->text = input.text;
        empty->modelName = m_model->info().name;
        empty->config.heads = config.heads;
        empty->config.causal = true;
        empty->unembedding = m_model;
        empty->layers.resize(size_t(config.layers));
        for (LayerResult &layer : empty->layers)
            layer.heads.resize(size_t(config.heads));
        return ResultPtr(std::move(empty));
    }
    const Expected<Gpt2RunPtr> done = run(input.tokens, input.text);
    if (!done)
        return Error{done.error()};
    return (*done)->result;
}

Expected<Gpt2RunPtr> Gpt2Session::run(const TokenList &tokens, const QString &text)
{
    const std::lock_guard lock(m_mutex);
    return runLocked(tokens, text);
}

qint64 Gpt2Session::resultBytes(int tokens) const
{
    const Gpt2Config &config = m_model->config();
    return storedResultBytes(config.layers, config.heads, config.dHead(), config.dModel, tokens);
}

Expected<Gpt2RunPtr> Gpt2Session::runLocked(const TokenList &tokens, const QString &text)
{
    const Gpt2Config &config = m_model->config();
    const Gpt2Weights &weights = m_model->weights();
    const int n = int(tokens.size());
    if (n == 0)
        return Error{QStringLiteral("nothing to run: the input has no tokens")};
    if (n > config.positions || n > Limits::maxTokens)
        return Error{QStringLiteral("the input has %1 tokens; %2 reads at most %3 (n_positions)")
                         .arg(n).arg(m_model->info().name).arg(std::min(config.positions, Limits::maxTokens))};
    for (int i = 0; i < n; ++i) {
        const int id = tokens[i].id;
        if (id < 0 || id >= config.vocabSize)
            return Error{QStringLiteral("token %1 (\"%2\") has id %3, outside %4's vocabulary of %5 ids")
                             .arg(i).arg(tokens[i].text).arg(id).arg(m_model->info().name).arg(config.vocabSize)};
    }
    if (const qint64 bytes = resultBytes(n); bytes > m_options.maxResultBytes)
        return Error{QStringLiteral("%1 tokens would need %2 MiB for the attention of %3 layers × %4 heads; the limit is "
                                    "%5 MiB. Use a shorter text.")
                         .arg(n).arg(bytes >> 20).arg(config.layers).arg(config.heads).arg(m_options.maxResultBytes >> 20)};

    // Rows of the previous run reused: the longest common prefix of token ids.
    const Gpt2Run *previous = m_last.get();
    const AttentionResult *old = previous ? previous->result.get() : nullptr;
    Eigen::Index kept = 0;
    if (old)
        while (kept < n && kept < old->tokenCount() && old->tokens[kept].id == tokens[kept].id)
            ++kept;
    const Eigen::Index added = n - kept;
    const int d = config.dModel;
    const int dHead = config.dHead();
    const float epsilon = config.layerNormEpsilon;
    const float scale = float(1.0 / std::sqrt(double(dHead)));

    auto result = std::make_shared<AttentionResult>();
    auto run = std::make_shared<Gpt2Run>();
    result->reusedTokens = int(kept);
    result->unembedding = m_model;
    result->text = text;
    result->tokens = tokens;
    result->modelName = m_model->info().name;
    result->config.heads = config.heads;
    result->config.dModel = d;
    result->config.dK = dHead;
    result->config.dV = dHead;
    result->config.causal = true;
    result->config.temperature = 1.0;
    result->config.scaleByRootDk = true;
    result->config.positional = PositionalEncoding::None; // GPT-2 learns its positions (wpe)
    result->architecture.family = QStringLiteral("gpt2");
    result->architecture.norm = QStringLiteral("LayerNorm");
    result->architecture.fusedQueryKeyValue = true;
    result->architecture.queryKeyValueBias = true;

    // Token + position embeddings of the new rows: the residual stream x.  (M, d)
    Matrix x(added, d);
    const MatrixMap wte = weights.wte.matrix();
    const MatrixMap wpe = weights.wpe.matrix();
    for (Eigen::Index r = 0; r < added; ++r)
        x.row(r) = wte.row(tokens[kept + r].id) + wpe.row(kept + r);
    result->input = stacked(old ? &old->input : nullptr, kept, x);

    result->layers.resize(config.layers);
    Matrix normed, qkv, concat(added, d), attended, hidden, mlpOut;
    for (int l = 0; l < config.layers; ++l) {
        const Gpt2BlockWeights &block = weights.blocks[l];
        const LayerResult *oldLayer = kept > 0 ? &old->layers[l] : nullptr;
        LayerResult &layer = result->layers[l];

        gpt2::layerNorm(x, block.ln1Weight, block.ln1Bias, epsilon, normed);             // (M, d)
        layer.input = stacked(oldLayer ? &oldLayer->input : nullptr, kept, normed);
        gpt2::linear(normed, block.attnWeight, block.attnBias, gpt2::Activation::None, qkv); // (M, 3d)

        layer.heads.resize(config.heads);
        // One head per thread; for a single new token the heads are too small to be worth it.
#pragma omp parallel for schedule(dynamic) if (double(added) * double(n) * dHead * config.heads > 200'000.0)
        for (int h = 0; h < config.heads; ++h)
            computeHead(qkv, h, d, dHead, kept, scale, oldLayer ? &oldLayer->heads[h] : nullptr, layer.heads[h], concat);

        gpt2::linear(concat, block.attnProjWeight, block.attnProjBias, gpt2::Activation::None, attended); // (M, d)
        layer.output = stacked(oldLayer ? &oldLayer->output : nullptr, kept, attended);
        x += attended;

        gpt2::layerNorm(x, block.ln2Weight, block.ln2Bias, epsilon, normed);
        gpt2::linear(normed, block.fcWeight, block.fcBias, gpt2::Activation::GeluTanh, hidden); // (M, inner)
        gpt2::linear(hidden, block.fcProjWeight, block.fcProjBias, gpt2::Activation::None, mlpOut); // (M, d)
        x += mlpOut;
    }
    gpt2::layerNorm(x, weights.lnFWeight, weights.lnFBias, epsilon, normed);
    result->finalHidden = stacked(old ? &old->finalHidden : nullptr, kept, normed);

    run->rolloutPerLayer = extendRolloutPerLayer(*result, previous ? previous->rolloutPerLayer : std::vector<Matrix>(),
                                                 int(kept));
    result->rollout = run->rolloutPerLayer.back();

    // Predictions: reused where the previous run made them for the same position and prefix.
    result->topNext.resize(n);
    auto reusable = [&](Eigen::Index i) { return i < kept && !old->topNext[i].empty(); };
    if (m_options.predictAllPositions) {
        for (Eigen::Index i = 0; i < kept; ++i)
            result->topNext[i] = reusable(i) ? old->topNext[i]
                                             : predictNextTokens(*m_model, result->finalHidden.row(i).data(),
                                                                 m_options.topCount);
        const auto rows = predictNextTokensForRows(*m_model, result->finalHidden.bottomRows(added), m_options.topCount);
        for (Eigen::Index r = 0; r < added; ++r)
            result->topNext[kept + r] = rows[r];
    } else {
        result->topNext[n - 1] = reusable(n - 1) ? old->topNext[n - 1]
                                                 : predictNextTokens(*m_model, result->finalHidden.row(n - 1).data(),
                                                                     m_options.topCount);
    }

    run->result = std::move(result);
    m_last = run;
    return Gpt2RunPtr(std::move(run));
}

} // namespace attn
