#pragma once

#include "core/engine/learnedmatrices.h"

#include <QString>

namespace attn::ui {

// Which matrix the editor shows: one of a head's W_Q, W_K, W_V, the output W_O, or the token
// embeddings (one row per token of the sentence).
enum class EditorMatrix { Query, Key, Value, Output, Embeddings };

struct EditorTarget
{
    EditorMatrix matrix = EditorMatrix::Query;
    int head = 0; // used by Query, Key and Value

    bool isEmbeddings() const { return matrix == EditorMatrix::Embeddings; }
    bool perHead() const { return matrix == EditorMatrix::Query || matrix == EditorMatrix::Key || matrix == EditorMatrix::Value; }
    MatrixKind kind() const { return isEmbeddings() ? MatrixKind::Output : MatrixKind(int(matrix)); } // enums align
    friend bool operator==(const EditorTarget &, const EditorTarget &) = default;
};

// "head 2 W_K", "W_O", "embeddings": how labels and messages name the target.
QString targetTitle(const EditorTarget &target);

} // namespace attn::ui
