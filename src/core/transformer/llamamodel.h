#pragma once

#include "core/expected.h"
#include "core/tokenizers/texttokenizer.h"
#include "llamaconfig.h"
#include "llamaweights.h"
#include "model.h"

#include <memory>

namespace attn {

class LlamaModel;
using LlamaModelPtr = std::shared_ptr<const LlamaModel>;

// The llama family (model_type llama, mistral, qwen2, qwen3, gemma, gemma2, gemma3_text, and the
// text decoder of gemma3): a loaded checkpoint — config, weights (F32 from the memory map,
// F16/BF16 converted per tensor) and the folder's tokenizer.
// Immutable once loaded.
class LlamaModel final : public Model
{
public:
    // `path`: the checkpoint folder, or a file in it.
    static Expected<LlamaModelPtr> load(const QString &path);
    // A GGUF file of the architectures LlamaConfig::fromGguf reads, with the tokenizer of its metadata.
    static Expected<LlamaModelPtr> loadGguf(const QString &path);

    const LlamaConfig &config() const { return m_config; }
    const LlamaWeights &weights() const { return m_weights; }
    const TextTokenizer &tokenizer() const { return *m_tokenizer; }

    // Model
    TokenList tokenize(const QString &text) const override { return m_tokenizer->encode(text); }
    TokenList tokensForIds(const std::vector<int> &ids) const override;
    EnginePtr createEngine(const ModelRunOptions &options = {}) const override;

    // Unembedding: logits = lm_head · h (lm_head is embed_tokens when the embeddings are tied),
    // soft-capped as cap·tanh(logits/cap) where final_logit_softcapping says so (gemma2).
    RowVector logits(const float *finalHidden) const override;
    std::vector<NextTokenPrediction> predict(const float *finalHidden, int count) const override;

private:
    explicit LlamaModel(TextTokenizerPtr tokenizer) : m_tokenizer(std::move(tokenizer)) {}
    // The model from what either loader read; `info` has the name, folder and file size filled in.
    static Expected<LlamaModelPtr> assemble(ModelInfo info, const LlamaConfig &config, TextTokenizerPtr tokenizer,
                                            LlamaWeights weights);

    LlamaConfig m_config;
    LlamaWeights m_weights;
    TextTokenizerPtr m_tokenizer;
};

} // namespace attn
