#pragma once

#include "core/tokenizers/gpt2tokenizer.h"
#include "core/expected.h"
#include "gpt2config.h"
#include "gpt2weights.h"
#include "core/io/safetensorsfile.h"
#include "core/token.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace attn {

class Gpt2Model;
using Gpt2ModelPtr = std::shared_ptr<const Gpt2Model>;

// A loaded GPT-2 checkpoint: config, weights (F32 straight from the memory map) and tokenizer.
// Immutable once loaded, so sessions on several threads may share one.
class Gpt2Model
{
public:
    // `path`: the checkpoint folder or a file in it (see CheckpointFolder::locate).
    static Expected<Gpt2ModelPtr> load(const QString &path);

    const QString &name() const { return m_name; } // the folder's name, e.g. "gpt2-medium"
    const QString &folder() const { return m_folder; }
    const Gpt2Config &config() const { return m_config; }
    const Gpt2Weights &weights() const { return m_weights; }
    const bpe::Gpt2Tokenizer &tokenizer() const { return m_tokenizer; }
    // Non-finite weights and similar: worth showing, not worth refusing the file for.
    const QStringList &warnings() const { return m_weights.warnings; }
    qint64 fileBytes() const { return m_fileBytes; }

    // Tokens for ids, with their text decoded and spans laid end to end (for ids typed or
    // generated rather than encoded from a text).
    TokenList tokensForIds(const std::vector<int> &ids) const;

private:
    Gpt2Model(bpe::Gpt2Tokenizer tokenizer) : m_tokenizer(std::move(tokenizer)) {}

    QString m_name;
    QString m_folder;
    Gpt2Config m_config;
    Gpt2Weights m_weights;
    bpe::Gpt2Tokenizer m_tokenizer;
    qint64 m_fileBytes = 0;
};

} // namespace attn
