#pragma once

#include "editortarget.h"

#include "core/expected.h"
#include "document/attentiondocument.h"

#include <QString>

namespace attn::ui {

// What the editor reads and writes, as pure functions of the document's state, so that every edit
// becomes one ModelState handed to AttentionDocument::applyState (one undo step).

// The values shown for a target: the head's or W_O's matrix, or for the embeddings one row per token
// (its override when there is one of the right width, else its hashed vector). (rows, cols)
Matrix targetMatrix(const ModelState &state, const TokenList &tokens, const EditorTarget &target);

// The state with the target's matrix replaced by values of the same shape. For the embeddings, each
// row that differs from what is shown becomes the override of its token's text.
ModelState withTargetMatrix(const ModelState &state, const TokenList &tokens, const EditorTarget &target,
                            const Matrix &values);

// Ones on the diagonal (rectangular matrices too), zeros elsewhere.
Matrix identityLike(Eigen::Index rows, Eigen::Index cols);

// The head's three matrices drawn again (Glorot) from a seed of their own; the rest unchanged.
ModelState randomisedHead(const ModelState &state, int head, quint64 seed);

// A cell or block typed or pasted: numbers in C notation ("0.25", "-1e-3", "+2"), finite only.
// Tabs separate columns and newlines rows, as spreadsheets copy them; a trailing newline is ignored.
Expected<float> parseCell(const QString &text);
Expected<Matrix> parseBlock(const QString &text);
// The inverse of parseBlock, each number in the shortest form that reads back to the same float.
QString formatBlock(const Matrix &block);

} // namespace attn::ui
