#pragma once

#include "core/attentionconfig.h"
#include "core/embedding.h"
#include "core/learnedmatrices.h"

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
