#pragma once

#include <QString>

namespace attn::ui {

class AttentionDocument;
class MatrixEditor;

// Import and export of matrix files, by extension:
//   .json         all matrices and embedding overrides (docs/matrix-files.md)
//   .safetensors  all matrices and embedding overrides (tensor names in docs/matrix-files.md)
//   .npy          the one matrix the editor shows
// Imports are checked against the current configuration (and, for .npy, the shown matrix's shape)
// before anything changes, and become one undo step. Both return an empty string on success,
// otherwise a message naming the file and what is wrong; the document is then unchanged.
QString importMatrixFile(AttentionDocument *document, MatrixEditor *editor, const QString &path);
QString exportMatrixFile(const AttentionDocument &document, const MatrixEditor &editor, const QString &path);

} // namespace attn::ui
