#pragma once

#include "core/expected.h"
#include "gpt2model.h"
#include "gpt2run.h"
#include "core/token.h"

namespace attn {

struct Gpt2SessionOptions
{
    // Next-token predictions for every position (an N × vocab product: for GPT-2 small at 128
    // tokens as much work as all twelve blocks) instead of only the last one. Any position can
    // still be asked for later with predictNextTokens(run, position).
    bool predictAllPositions = false;
    int topCount = 10;
    // The result keeps every head's N×N scores and weights: refuse inputs whose result would
    // exceed this (GPT-2 small at 1024 tokens needs about 1.3 GB; xl would need 10 GB).
    qint64 maxResultBytes = qint64(4) << 30;
};

// Runs a GPT-2 checkpoint on token ids and keeps the last run as a cache.
//
// GPT-2 is causal: the keys, values, queries, residual stream and attention rows of a token do
// not depend on the tokens after it. So run() reuses every row of the previous run whose token
// ids are a common prefix of the new ids, and computes only the new rows (plus the new tokens'
// columns of the old rows' raw scores, which are not masked). Appending, deleting at the end
// and editing near the end are all cheap; the numbers equal a full recompute up to the
// rounding of differently shaped matrix products (see the tests).
//
// Not thread-safe: one session per document. Runs are immutable and may be shared freely.
class Gpt2Session
{
public:
    explicit Gpt2Session(Gpt2ModelPtr model, Gpt2SessionOptions options = {});

    // tokens[i].id are the ids; their text and spans, and `text` they came from, are copied into
    // the result as they are.
    // Fails with a message (never crashes) for no tokens, more tokens than n_positions, an id
    // outside the vocabulary or a result above maxResultBytes.
    Expected<Gpt2RunPtr> run(const TokenList &tokens, const QString &text = {});

    void clearCache() { m_last.reset(); }
    const Gpt2RunPtr &lastRun() const { return m_last; }
    const Gpt2ModelPtr &model() const { return m_model; }
    const Gpt2SessionOptions &options() const { return m_options; }

    // Bytes a result of `tokens` tokens keeps (scores, weights, q, k, v and outputs of all heads).
    qint64 resultBytes(int tokens) const;

private:
    Gpt2ModelPtr m_model;
    Gpt2SessionOptions m_options;
    Gpt2RunPtr m_last;
};

} // namespace attn
