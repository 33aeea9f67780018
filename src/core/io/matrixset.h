#pragma once

#include "core/engine/attentionconfig.h"
#include "core/engine/embedding.h"
#include "core/engine/learnedmatrices.h"

#include <QString>
#include <QStringList>

namespace attn::io {

// Everything a matrix file holds: the learned matrices of the one layer and the embedding vectors a
// person has typed in (by token text). Tensor names, shared by every format (docs/matrix-files.md):
//   layer0.head<h>.w_q  (d_model, d_k)      layer0.head<h>.w_k  (d_model, d_k)
//   layer0.head<h>.w_v  (d_model, d_v)      layer0.w_o          (heads·d_v, d_model)
//   embeddings.<token text>  (d_model)
struct MatrixSet
{
    LearnedMatrices weights;
    EmbeddingOverrides embeddings;

    friend bool operator==(const MatrixSet &, const MatrixSet &) = default;
};

QString tensorName(MatrixKind kind, int head);
QString embeddingTensorName(const QString &token);

// The shape a matrix must have under a configuration.
Eigen::Index expectedRows(MatrixKind kind, const AttentionConfig &config);
Eigen::Index expectedColumns(MatrixKind kind, const AttentionConfig &config);

// Empty when the matrix has rows × cols entries, all finite; otherwise says what is wrong, naming
// the tensor and the expected and found shape (or the first non-finite entry).
QString checkMatrix(const QString &tensor, const Matrix &matrix, Eigen::Index rows, Eigen::Index cols);
// The same for every matrix and embedding of a set against a configuration.
QString checkMatrixSet(const MatrixSet &set, const AttentionConfig &config);

// Embedding tokens sorted, so that files are written in the same order every time (QHash is not).
QStringList sortedTokens(const EmbeddingOverrides &embeddings);

} // namespace attn::io
