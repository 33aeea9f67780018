#pragma once

#include "core/engine/engine.h"
#include "llamamodel.h"

namespace attn {

// The llama family's engine: the decoder forward pass on token ids.
//
// Every run computes the whole input: there is no prefix cache here. The products are Eigen's,
// whose results depend (in the last bits) on how many rows a product has, so rows reused from a
// shorter run would differ from a full pass; this family prefers the same numbers for the same
// input over speed. (GPT-2's bit-exact prefix cache is gpt2session.h.)
//
// run() keeps no state between calls, so calls from several threads are safe.
class LlamaSession final : public Engine
{
public:
    explicit LlamaSession(LlamaModelPtr model, ModelRunOptions options = {});

    const LlamaModelPtr &model() const { return m_model; }

    // Bytes a result of `tokens` tokens keeps (every head's scores, weights, q, k, v and output).
    qint64 resultBytes(int tokens) const;

    // Engine: no tokens gives the model's layers and heads with no rows. Fails with a message for
    // more tokens than the context, an id outside the vocabulary or a result above maxResultBytes.
    TokenList tokenize(const QString &text) const override { return m_model->tokenize(text); }
    Expected<ResultPtr> run(const EngineInput &input) override;
    double workFor(int tokens) const override;

private:
    LlamaModelPtr m_model;
    ModelRunOptions m_options;
};

} // namespace attn
