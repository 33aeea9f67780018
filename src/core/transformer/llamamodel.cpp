#include "llamamodel.h"

#include "huggingfacecache.h"
#include "llamaops.h"
#include "nexttokens.h"
#include "llamasession.h"
#include "modeltokenizer.h"
#include "core/io/gguffile.h"
#include "core/tokenizers/gguftokenizer.h"

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
    ModelInfo modelInfo;
    modelInfo.name = modelDisplayName(folder);
    modelInfo.folder = folder;
    modelInfo.fileBytes = files->fileBytes();
    return assemble(std::move(modelInfo), *config, std::move(tokenizer).value(), std::move(weights).value());
}

Expected<LlamaModelPtr> LlamaModel::loadGguf(const QString &path)
{
    const Expected<gguf::GgufFile> file = gguf::GgufFile::open(path);
    if (!file)
        return Error{file.error()};
    const Expected<LlamaConfig> config = LlamaConfig::fromGguf(*file);
    if (!config)
        return Error{config.error()};
    Expected<TextTokenizerPtr> tokenizer = tokenizerFromGguf(*file);
    if (!tokenizer)
        return Error{tokenizer.error()};
    if (const QString mismatch = tokenizerVocabularyMismatch(file->displayName(), (*tokenizer)->vocabSize(), config->vocabSize);
        !mismatch.isEmpty())
        return Error{mismatch};
    Expected<LlamaWeights> weights = LlamaWeights::loadGguf(*file, *config);
    if (!weights)
        return Error{weights.error()};
    const QFileInfo info(path);
    ModelInfo modelInfo;
    const Expected<QString> declaredName = file->string(u"general.name"); // optional: else the file's name
    modelInfo.name = declaredName.ok() && !declaredName->isEmpty() ? *declaredName : info.completeBaseName();
    modelInfo.folder = info.absolutePath();
    modelInfo.fileBytes = file->fileSize();
    modelInfo.weightFormat = file->storageSummary();
    return assemble(std::move(modelInfo), *config, std::move(tokenizer).value(), std::move(weights).value());
}

Expected<LlamaModelPtr> LlamaModel::assemble(ModelInfo info, const LlamaConfig &config, TextTokenizerPtr tokenizer,
                                             LlamaWeights weights)
{
    std::shared_ptr<LlamaModel> model(new LlamaModel(std::move(tokenizer)));
    model->m_config = config;
    model->m_weights = std::move(weights);
    model->m_warnings = model->m_weights.warnings;

    ModelInfo &modelInfo = model->m_info;
    modelInfo = std::move(info);
    modelInfo.family = config.modelType;
    modelInfo.layers = config.layers;
    modelInfo.heads = config.heads;
    modelInfo.keyValueHeads = config.keyValueHeads;
    modelInfo.dModel = config.dModel;
    modelInfo.dHead = config.dHead;
    modelInfo.vocabSize = config.vocabSize;
    modelInfo.contextLength = config.contextLength();
    modelInfo.parameterCount = model->m_weights.parameterCount;
    modelInfo.beginOfTextId = config.beginOfTextId;
    modelInfo.attentionScale = config.attentionScale;
    modelInfo.attentionSoftcap = config.attentionSoftcap;
    modelInfo.finalLogitSoftcap = config.finalLogitSoftcap;
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
    return topPredictions(logits(finalHidden), count, [this](int id) { return m_tokenizer->displayText(id); });
}

TokenList LlamaModel::tokensForIds(const std::vector<int> &ids) const
{
    return tokensLaidEndToEnd(ids, [this](int id) { return m_tokenizer->tokenText(id); });
}

} // namespace attn
