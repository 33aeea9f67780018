#pragma once

#include "bertmodel.h"
#include "core/engine/engine.h"

namespace attn {

// The BERT-style encoders' engine: the bidirectional forward pass on token ids (and each token's
// typeId, the segment of a sentence pair).
//
//   x = LayerNorm(word[id] + position[pos] + type[typeId])      (distilbert: no type term)
//   per layer (post-LN):  a = concat_h(softmax(q_h·k_hᵀ/√d_head) · v_h)·W_O + b_O
//                         x = LayerNorm(x + a)
//                         x = LayerNorm(x + W₂·act(W₁·x + b₁) + b₂)
//
// No mask: every token sees every other token. Every run computes the whole input (no prefix
// cache: an encoder's earlier rows change with every token added). run() keeps no state between
// calls, so calls from several threads are safe.
class BertSession final : public Engine
{
public:
    explicit BertSession(BertModelPtr model, ModelRunOptions options = {});

    const BertModelPtr &model() const { return m_model; }

    // Bytes a result of `tokens` tokens keeps (every head's scores, weights, q, k, v and output).
    qint64 resultBytes(int tokens) const;

    // Engine: no tokens gives the model's layers and heads with no rows. Fails with a message for
    // more tokens than the position table, an id outside the vocabulary, a token type outside
    // type_vocab_size or a result above maxResultBytes. The MLM predictions of every position are
    // computed in the run only with predictAllPositions; otherwise AttentionResult::predictNext
    // computes a position's when asked.
    TokenList tokenize(const QString &text) const override { return m_model->tokenize(text); }
    Expected<ResultPtr> run(const EngineInput &input) override;
    double workFor(int tokens) const override;

private:
    BertModelPtr m_model;
    ModelRunOptions m_options;
};

} // namespace attn
