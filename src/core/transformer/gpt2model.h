#pragma once

#include "core/expected.h"
#include "core/token.h"
#include "core/tokenizers/gpt2tokenizer.h"
#include "gpt2config.h"
#include "gpt2weights.h"
#include "model.h"

#include <QString>

#include <memory>
#include <vector>

namespace attn {

class Gpt2Model;
using Gpt2ModelPtr = std::shared_ptr<const Gpt2Model>;

// The gpt2 family: a loaded GPT-2 checkpoint — config, weights (F32 straight from the memory map,
// F16/BF16 converted once) and its byte-level BPE tokenizer. Immutable once loaded.
class Gpt2Model final : public Model
{
public:
    // `path`: the checkpoint folder or a file in it (see CheckpointFolder::locate).
    static Expected<Gpt2ModelPtr> load(const QString &path);

    const Gpt2Config &config() const { return m_config; }
    const Gpt2Weights &weights() const { return m_weights; }
    const bpe::Gpt2Tokenizer &tokenizer() const { return m_tokenizer; }

    // Model
    TokenList tokenize(const QString &text) const override { return m_tokenizer.encode(text); }
    TokenList tokensForIds(const std::vector<int> &ids) const override;
    EnginePtr createEngine(const ModelRunOptions &options = {}) const override;

    // Unembedding: GPT-2 ties its LM head to wte (gpt2predictions.h).
    RowVector logits(const float *finalHidden) const override;
    std::vector<NextTokenPrediction> predict(const float *finalHidden, int count) const override;

private:
    explicit Gpt2Model(bpe::Gpt2Tokenizer tokenizer) : m_tokenizer(std::move(tokenizer)) {}

    Gpt2Config m_config;
    Gpt2Weights m_weights;
    bpe::Gpt2Tokenizer m_tokenizer;
};

} // namespace attn
