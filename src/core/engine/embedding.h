#pragma once

#include "attentionconfig.h"
#include "core/tensor.h"
#include "core/token.h"

#include <QHash>
#include <QString>

namespace attn {

// Embedding vectors a person has typed in, by token text; they replace the hashed vector.
using EmbeddingOverrides = QHash<QString, RowVector>;

// The deterministic embedding of one token string: the same text gives the same (1, d_model)
// vector in every run on every machine. Entries are ~N(0, 1) scaled by 1/√d_model so that a
// vector has unit expected length whatever d_model is.
RowVector tokenEmbedding(const QString &text, int dModel);

// Sinusoidal positional encoding of Vaswani et al. (2017): (N, d_model),
// PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)).
Matrix sinusoidalPositions(int count, int dModel);

// X fed to attention: (N, d_model) rows of token embeddings (overrides first), plus positions
// when the configuration asks for them. An override of the wrong width is ignored.
Matrix buildInput(const TokenList &tokens, const AttentionConfig &config, const EmbeddingOverrides &overrides);

} // namespace attn
