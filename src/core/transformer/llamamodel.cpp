#include "llamamodel.h"

#include "huggingfacecache.h"
#include "llamaops.h"
#include "llamasession.h"
#include "modeltokenizer.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace attn {

Expected<LlamaModelPtr> LlamaModel::load(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{QDir::toNativeSeparators(path) % QStringLiteral(" does not exist")};
    const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    const QDir dir(folder);
    if (!dir.exists(QStringLiteral("config.json")))
        return Error{QDir::toNativeSeparators(folder) % QStringLiteral(" has no config.json (the model's shape)")};

    const Expected<LlamaConfig> config = LlamaConfig::read(dir.absoluteFilePath(QStringLiteral("config.json")));
    if (!config)
        return Error{config.error()};
    Expected<TextTokenizerPtr> tokenizer = loadTextTokenizer(folder);
    if (!tokenizer)
        return Error{tokenizer.error()};
    if (const QString mismatch = tokenizerVocabularyMismatch(QDir::toNativeSeparators(folder), (*tokenizer)->vocabSize(),
                                                             config->vocabSize);
        !mismatch.isEmpty())
        return Error{mismatch};
    const Expected<SafetensorsShards> files = SafetensorsShards::open(folder);
    if (!files)
        return Error{files.error()};
    Expected<LlamaWeights> weights = LlamaWeights::load(*files, *config);
    if (!weights)
        return Error{weights.error()};

    std::shared_ptr<LlamaModel> model(new LlamaModel(std::move(tokenizer).value()));
    model->m_config = *config;
    model->m_weights = std::move(weights).value();
    model->m_warnings = model->m_weights.warnings;

    ModelInfo &modelInfo = model->m_info;
    modelInfo.name = modelDisplayName(folder);
    modelInfo.folder = folder;
    modelInfo.family = config->modelType;
    modelInfo.layers = config->layers;
    modelInfo.heads = config->heads;
    modelInfo.keyValueHeads = config->keyValueHeads;
    modelInfo.dModel = config->dModel;
    modelInfo.dHead = config->dHead;
    modelInfo.vocabSize = config->vocabSize;
    modelInfo.contextLength = config->contextLength();
    modelInfo.parameterCount = model->m_weights.parameterCount;
    modelInfo.fileBytes = files->fileBytes();
    modelInfo.beginOfTextId = config->beginOfTextId;
    modelInfo.attentionScale = config->attentionScale;
    modelInfo.attentionSoftcap = config->attentionSoftcap;
    modelInfo.finalLogitSoftcap = config->finalLogitSoftcap;
    return LlamaModelPtr(std::move(model));
}

EnginePtr LlamaModel::createEngine(const ModelRunOptions &options) const
{
    return std::make_shared<LlamaSession>(std::static_pointer_cast<const LlamaModel>(shared_from_this()), options);
}

RowVector LlamaModel::logits(const float *finalHidden) const
{
    const MatrixMap head = m_weights.lmHead.matrix(); // (vocab, d)
    const Eigen::Map<const Eigen::VectorXf> h(finalHidden, head.cols());
    RowVector out(head.rows());
    out.transpose().noalias() = head * h;
    if (m_config.finalLogitSoftcap > 0.0) // gemma2: cap·tanh(logits/cap)
        llama::softcap(out, float(m_config.finalLogitSoftcap));
    return out;
}

std::vector<NextTokenPrediction> LlamaModel::predict(const float *finalHidden, int count) const
{
    const RowVector scores = logits(finalHidden);
    const int vocab = int(scores.size());
    count = std::clamp(count, 0, vocab);
    std::vector<int> order(static_cast<size_t>(vocab));
    std::iota(order.begin(), order.end(), 0);
    // Best first, ties by id; NaN last.
    auto better = [&](int a, int b) {
        const float la = scores[a], lb = scores[b];
        if (std::isnan(la) != std::isnan(lb))
            return std::isnan(lb);
        return la > lb || (!(lb > la) && a < b);
    };
    std::partial_sort(order.begin(), order.begin() + count, order.end(), better);
    // The softmax over the whole vocabulary, through log Σ exp(logit − max).
    const float max = scores.maxCoeff();
    const double sum = (scores.array() - max).exp().cast<double>().sum();
    std::vector<NextTokenPrediction> predictions;
    predictions.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        NextTokenPrediction prediction;
        prediction.id = order[size_t(i)];
        prediction.logit = scores[prediction.id];
        prediction.probability = float(std::exp(double(prediction.logit - max)) / sum);
        prediction.text = m_tokenizer->displayText(prediction.id);
        predictions.push_back(std::move(prediction));
    }
    return predictions;
}

TokenList LlamaModel::tokensForIds(const std::vector<int> &ids) const
{
    return tokensLaidEndToEnd(ids, [this](int id) { return m_tokenizer->tokenText(id); });
}

} // namespace attn
