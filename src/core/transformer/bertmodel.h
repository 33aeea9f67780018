#pragma once

#include "bertconfig.h"
#include "bertweights.h"
#include "core/expected.h"
#include "core/tokenizers/texttokenizer.h"
#include "model.h"

#include <memory>

namespace attn {

class BertModel;
using BertModelPtr = std::shared_ptr<const BertModel>;

// The BERT-style encoders (model_type bert, distilbert, roberta): a loaded checkpoint — config,
// weights (F32 from the memory map, F16/BF16 converted per tensor) and the folder's tokenizer.
// Its Unembedding is the masked-language-model head: the logits of a position are the model's
// guesses for the token there (fill the mask), not for the next one. A checkpoint without an MLM
// head (a …Model) predicts nothing: its results have no unembedding, so canPredict() is false.
// Immutable once loaded.
class BertModel final : public Model
{
public:
    // `path`: the checkpoint folder, or a file in it.
    static Expected<BertModelPtr> load(const QString &path);

    const BertConfig &config() const { return m_config; }
    const BertWeights &weights() const { return m_weights; }
    const TextTokenizer &tokenizer() const { return *m_tokenizer; }
    bool hasMlmHead() const { return m_weights.hasMlmHead; }

    // Model
    TokenList tokenize(const QString &text) const override { return m_tokenizer->encode(text); }
    std::optional<TokenList> tokenizePair(const QString &first, const QString &second) const override
    {
        return m_tokenizer->encodePair(first, second);
    }
    TokenList tokensForIds(const std::vector<int> &ids) const override;
    EnginePtr createEngine(const ModelRunOptions &options = {}) const override;

    // Unembedding: the MLM head (dense → activation → LayerNorm → decoder + bias); empty logits and
    // no predictions without one.
    RowVector logits(const float *finalHidden) const override;
    std::vector<NextTokenPrediction> predict(const float *finalHidden, int count) const override;

private:
    explicit BertModel(TextTokenizerPtr tokenizer) : m_tokenizer(std::move(tokenizer)) {}

    BertConfig m_config;
    BertWeights m_weights;
    TextTokenizerPtr m_tokenizer;
};

} // namespace attn
