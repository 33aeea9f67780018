#include "gpt2model.h"

#include "checkpointfolder.h"
#include "huggingfacecache.h"
#include "gpt2predictions.h"
#include "gpt2session.h"
#include "modeltokenizer.h"

#include <QDir>
#include <QFileInfo>

#include <cmath>

namespace attn {

Expected<Gpt2ModelPtr> Gpt2Model::load(const QString &path)
{
    const Expected<CheckpointFolder> files = CheckpointFolder::locate(path);
    if (!files)
        return Error{files.error()};
    const Expected<Gpt2Config> config = Gpt2Config::read(files->config);
    if (!config)
        return Error{config.error()};
    Expected<bpe::Gpt2Tokenizer> tokenizer = bpe::Gpt2Tokenizer::load(files->vocab, files->merges);
    if (!tokenizer)
        return Error{tokenizer.error()};
    // Legal for the tokenizer on its own (tests of the merge algorithm use it), but for a
    // checkpoint it means the wrong or an emptied file: every word would become single bytes and
    // the model would see text it was never trained on.
    if (tokenizer->mergeCount() == 0)
        return Error{QDir::toNativeSeparators(files->merges)
                     % QStringLiteral(": no merges after the \"#version\" line; a GPT-2 tokenizer needs its merge "
                                      "rules, or every word is split into single bytes")};
    if (const QString mismatch = tokenizerVocabularyMismatch(QDir::toNativeSeparators(files->vocab),
                                                             tokenizer->vocabSize(), config->vocabSize);
        !mismatch.isEmpty())
        return Error{mismatch};

    Expected<safetensors::SafetensorsFile> file = safetensors::SafetensorsFile::open(files->weights);
    if (!file)
        return Error{file.error()};
    Expected<Gpt2Weights> weights = Gpt2Weights::load(*file, *config);
    if (!weights)
        return Error{weights.error()};

    std::shared_ptr<Gpt2Model> model(new Gpt2Model(std::move(tokenizer).value()));
    model->m_config = *config;
    model->m_weights = std::move(weights).value();
    model->m_warnings = model->m_weights.warnings;

    ModelInfo &info = model->m_info;
    info.name = modelDisplayName(files->folder);
    info.folder = files->folder;
    info.family = QStringLiteral("gpt2");
    info.layers = config->layers;
    info.heads = info.keyValueHeads = config->heads;
    info.dModel = config->dModel;
    info.dHead = config->dHead();
    info.attentionScale = 1.0 / std::sqrt(double(config->dHead()));
    info.vocabSize = config->vocabSize;
    info.contextLength = config->positions;
    info.fileBytes = file->fileSize();
    // GPT-2's <|endoftext|> is its last id; it starts every training document.
    info.beginOfTextId = config->vocabSize - 1;
    // wte, wpe, and per block ln_1, c_attn, c_proj, ln_2, c_fc, mlp c_proj (weights and biases), ln_f.
    const qint64 d = config->dModel;
    const qint64 inner = config->dInner;
    const qint64 perBlock = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * inner + inner) + (inner * d + d);
    info.parameterCount = qint64(config->vocabSize) * d + qint64(config->positions) * d + config->layers * perBlock + 2 * d;
    return Gpt2ModelPtr(std::move(model));
}

EnginePtr Gpt2Model::createEngine(const ModelRunOptions &options) const
{
    return std::make_shared<Gpt2Session>(std::static_pointer_cast<const Gpt2Model>(shared_from_this()), options);
}

RowVector Gpt2Model::logits(const float *finalHidden) const
{
    return nextTokenLogits(*this, finalHidden);
}

std::vector<NextTokenPrediction> Gpt2Model::predict(const float *finalHidden, int count) const
{
    return predictNextTokens(*this, finalHidden, count);
}

TokenList Gpt2Model::tokensForIds(const std::vector<int> &ids) const
{
    return tokensLaidEndToEnd(ids, [this](int id) { return QString::fromUtf8(m_tokenizer.decodeBytes(id)); });
}

} // namespace attn
