#pragma once

#include "core/engine/attentionconfig.h"
#include "core/engine/embedding.h"
#include "core/engine/learnedmatrices.h"

namespace attn::ui {

// What the undo stack records: everything a person can set except the sentence, which its text box
// undoes on its own.
struct ModelState
{
    AttentionConfig config;
    LearnedMatrices weights;
    EmbeddingOverrides embeddings;
};

} // namespace attn::ui
