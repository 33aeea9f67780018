#pragma once

#include "core/engine/engine.h"
#include "core/expected.h"
#include "core/token.h"
#include "gpt2model.h"
#include "gpt2run.h"

#include <mutex>

namespace attn {

// The gpt2 family's engine: runs a GPT-2 checkpoint on token ids and keeps the last run as a cache.
//
// GPT-2 is causal: the keys, values, queries, residual stream and attention rows of a token do
// not depend on the tokens after it. So run() reuses every row of the previous run whose token
// ids are a common prefix of the new ids, and computes only the new rows (plus the new tokens'
// columns of the old rows' raw scores, which are not masked). Appending, deleting at the end
// and editing near the end are all cheap, and the numbers are bit for bit those of a full
// recompute (gpt2matmul.h; README, "Exact numbers").
//
// Calls are serialised: one run at a time, from any thread. Runs are immutable and may be shared.
class Gpt2Session final : public Engine
{
public:
    explicit Gpt2Session(Gpt2ModelPtr model, ModelRunOptions options = {});

    // tokens[i].id are the ids; their text and spans, and `text` they came from, are copied into
    // the result as they are.
    // Fails with a message (never crashes) for no tokens, more tokens than n_positions, an id
    // outside the vocabulary or a result above maxResultBytes.
    Expected<Gpt2RunPtr> run(const TokenList &tokens, const QString &text = {});

    void clearCache();
    const Gpt2ModelPtr &model() const { return m_model; }
    const ModelRunOptions &options() const { return m_options; }

    // Bytes a result of `tokens` tokens keeps (scores, weights, q, k, v and outputs of all heads).
    qint64 resultBytes(int tokens) const;

    // Engine: no tokens gives the model's layers and heads with no rows.
    TokenList tokenize(const QString &text) const override { return m_model->tokenize(text); }
    Expected<ResultPtr> run(const EngineInput &input) override;
    double workFor(int tokens) const override;

private:
    Expected<Gpt2RunPtr> runLocked(const TokenList &tokens, const QString &text);

    Gpt2ModelPtr m_model;
    ModelRunOptions m_options;
    Gpt2RunPtr m_last;
    std::mutex m_mutex; // the cache: one run at a time
};

} // namespace attn
