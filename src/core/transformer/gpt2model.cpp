#include "gpt2model.h"

#include "checkpointfolder.h"

#include <QDir>
#include <QFileInfo>

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
    if (tokenizer->vocabSize() > config->vocabSize)
        return Error{QDir::toNativeSeparators(files->vocab)
                     % QStringLiteral(": the tokenizer has ids up to %1 but config.json says vocab_size %2; "
                                      "the tokenizer does not belong to this model")
                           .arg(tokenizer->vocabSize() - 1).arg(config->vocabSize)};

    Expected<safetensors::SafetensorsFile> file = safetensors::SafetensorsFile::open(files->weights);
    if (!file)
        return Error{file.error()};
    Expected<Gpt2Weights> weights = Gpt2Weights::load(*file, *config);
    if (!weights)
        return Error{weights.error()};

    std::shared_ptr<Gpt2Model> model(new Gpt2Model(std::move(tokenizer).value()));
    model->m_name = QFileInfo(files->folder).fileName();
    model->m_folder = files->folder;
    model->m_config = *config;
    model->m_weights = std::move(weights).value();
    model->m_fileBytes = file->fileSize();
    return Gpt2ModelPtr(std::move(model));
}

TokenList Gpt2Model::tokensForIds(const std::vector<int> &ids) const
{
    TokenList tokens;
    tokens.reserve(ids.size());
    qsizetype position = 0;
    for (int id : ids) {
        Token token;
        token.id = id;
        token.text = QString::fromUtf8(m_tokenizer.decodeBytes(id));
        token.begin = position;
        position += token.text.size();
        token.end = position;
        tokens.push_back(std::move(token));
    }
    return tokens;
}

} // namespace attn
