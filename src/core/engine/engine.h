#pragma once

#include "core/attentionresult.h"
#include "core/expected.h"
#include "core/token.h"

#include <QString>

#include <memory>

namespace attn {

// What one forward pass is asked for: the text and the tokens read from it. Interventions
// (knocked-out heads and edges) join here, so that every engine sees them the same way.
struct EngineInput
{
    QString text;     // copied into the result (titles, exports)
    TokenList tokens; // ids for checkpoints; text and spans for the toy layer's embeddings
};

// Anything that turns tokens into attention: the seed's toy layer, or a checkpoint of any family.
// Value in, value out: run() returns an immutable result that views may keep as long as they like.
//
// run() may be called from any thread, one call at a time per engine (an engine may keep a cache
// of its last run, as the checkpoint engine's prefix cache does; implementations serialise their
// own calls). tokenize() is cheap and called on the UI thread for every keystroke.
class Engine
{
public:
    virtual ~Engine() = default;

    // Splits a text the way this engine's tokenizer does (words for the toy layer, BPE for GPT-2).
    virtual TokenList tokenize(const QString &text) const = 0;

    // Fails with a message (never crashes) for input the engine cannot run: too many tokens, an id
    // outside the vocabulary, a result above the memory limit. No tokens is not an error: the result
    // has the engine's layers and heads and no rows, so that views can ask for a text.
    virtual Expected<ResultPtr> run(const EngineInput &input) = 0;

    // Multiply-adds of one run on `tokens` tokens, roughly: the document computes small toy inputs
    // on the keystroke itself (a millisecond) and everything else off the UI thread.
    virtual double workFor(int tokens) const = 0;
};

using EnginePtr = std::shared_ptr<Engine>;

} // namespace attn
