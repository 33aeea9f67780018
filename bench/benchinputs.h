#pragma once

#include "core/engine/attentionengine.h"

#include <QString>

namespace attn::bench {

// A sentence of exactly `tokens` word tokens (English words, repeated; the word tokenizer splits
// it into one token per word).
QString sentenceOf(int tokens);

// The toy engine's input for `tokens` tokens, `heads` heads and d_model (d_k = d_v = d_model / heads).
AttentionLayerInput toyInput(int tokens, int heads, int dModel, quint64 seed = 42);

// A result shaped like GPT-2 small's attention: `layers` layers of `heads` heads at `tokens` tokens,
// each layer computed by the toy engine with its own seed (causal, so like a decoder's).
ResultPtr layeredResult(int layers, int heads, int tokens);

} // namespace attn::bench
