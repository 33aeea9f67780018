#pragma once

#include "core/engine/attentionconfig.h"
#include "core/engine/embedding.h"
#include "core/engine/learnedmatrices.h"

#include <QString>

namespace attn::ui {

// The toy layer as a person set it: configuration, learned matrices and embedding overrides.
struct ModelState
{
    AttentionConfig config;
    LearnedMatrices weights;
    EmbeddingOverrides embeddings;
};

// Everything a person sets, and so everything the undo stack records: the text, the example it came
// from, and the toy layer. (A checkpoint's weights are not edited, so the model choice is not part
// of it.)
struct DocumentState
{
    ModelState model;
    QString sentence;
    QString presetName; // the seed example the state was opened from; empty when none
    // An encoder's second sentence ([CLS] A [SEP] B [SEP]); ignored by models that take one text.
    QString sentenceB;
};

} // namespace attn::ui
