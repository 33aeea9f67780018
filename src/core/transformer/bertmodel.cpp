#include "bertmodel.h"

#include "bertops.h"
#include "bertsession.h"
#include "huggingfacecache.h"
#include "modeltokenizer.h"
#include "nexttokens.h"

#include <QDir>
#include <QFileInfo>
#include <QStringBuilder>

namespace attn {

Expected<BertModelPtr> BertModel::load(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{QDir::toNativeSeparators(path) % QStringLiteral(" does not exist")};
    const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    const QDir dir(folder);
    if (!dir.exists(QStringLiteral("config.json")))
        return Error{QDir::toNativeSeparators(folder) % QStringLiteral(" has no config.json (the model's shape)")};

    const Expected<BertConfig> config = BertConfig::read(dir.absoluteFilePath(QStringLiteral("config.json")));
    if (!config)
        return Error{config.error()};
    // A RoBERTa folder with only vocab.json + merges.txt still gets <s> … </s> (robertafiles.h).
    Expected<TextTokenizerPtr> tokenizer = loadTextTokenizer(
        folder, config->modelType == QLatin1String("roberta") ? VocabJsonKind::Roberta : VocabJsonKind::Gpt2);
    if (!tokenizer)
        return Error{tokenizer.error()};
    if (const QString mismatch = tokenizerVocabularyMismatch(QDir::toNativeSeparators(folder), (*tokenizer)->vocabSize(),
                                                             config->vocabSize);
        !mismatch.isEmpty())
        return Error{mismatch};
    const Expected<SafetensorsShards> files = SafetensorsShards::open(folder);
    if (!files)
        return Error{files.error()};
    Expected<BertWeights> weights = BertWeights::load(*files, *config);
    if (!weights)
        return Error{weights.error()};

    std::shared_ptr<BertModel> model(new BertModel(std::move(tokenizer).value()));
    model->m_config = *config;
    model->m_weights = std::move(weights).value();
    model->m_warnings = model->m_tokenizer->warnings() + model->m_weights.warnings;

    ModelInfo &modelInfo = model->m_info;
    modelInfo.name = modelDisplayName(folder);
    modelInfo.folder = folder;
    modelInfo.family = config->modelType;
    modelInfo.layers = config->layers;
    modelInfo.heads = config->heads;
    modelInfo.keyValueHeads = config->heads;
    modelInfo.dModel = config->dModel;
    modelInfo.dHead = config->dHead;
    modelInfo.vocabSize = config->vocabSize;
    modelInfo.contextLength = config->contextLength();
    modelInfo.parameterCount = model->m_weights.parameterCount;
    modelInfo.fileBytes = files->fileBytes();
    modelInfo.attentionScale = 1.0 / std::sqrt(double(config->dHead));
    modelInfo.bidirectional = true;
    // The mask token as the tokenizer reads it: BERT's [MASK], RoBERTa's <mask>.
    for (const QString &candidate : {QStringLiteral("[MASK]"), QStringLiteral("<mask>")}) {
        for (const Token &token : model->m_tokenizer->encode(candidate))
            if (token.text == candidate && token.id >= 0) {
                modelInfo.maskTokenId = token.id;
                modelInfo.maskToken = candidate;
            }
        if (modelInfo.maskTokenId >= 0)
            break;
    }
    return BertModelPtr(std::move(model));
}

EnginePtr BertModel::createEngine(const ModelRunOptions &options) const
{
    return std::make_shared<BertSession>(std::static_pointer_cast<const BertModel>(shared_from_this()), options);
}

RowVector BertModel::logits(const float *finalHidden) const
{
    if (!m_weights.hasMlmHead)
        return {};
    return bert::mlmLogits(m_config, m_weights.mlmHead, finalHidden);
}

std::vector<NextTokenPrediction> BertModel::predict(const float *finalHidden, int count) const
{
    if (!m_weights.hasMlmHead)
        return {};
    return topPredictions(logits(finalHidden), count, [this](int id) { return m_tokenizer->displayText(id); });
}

TokenList BertModel::tokensForIds(const std::vector<int> &ids) const
{
    return tokensLaidEndToEnd(ids, [this](int id) { return m_tokenizer->tokenText(id); });
}

} // namespace attn
