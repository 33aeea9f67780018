#include "matrixset.h"

#include <algorithm>
#include <cmath>

namespace attn::io {

QString tensorName(MatrixKind kind, int head)
{
    if (kind == MatrixKind::Output)
        return QStringLiteral("layer0.w_o");
    return QStringLiteral("layer0.head%1.%2").arg(head).arg(matrixKindName(kind));
}

QString embeddingTensorName(const QString &token)
{
    return QStringLiteral("embeddings.") + token;
}

Eigen::Index expectedRows(MatrixKind kind, const AttentionConfig &config)
{
    return kind == MatrixKind::Output ? Eigen::Index(config.heads) * config.dV : config.dModel;
}

Eigen::Index expectedColumns(MatrixKind kind, const AttentionConfig &config)
{
    switch (kind) {
    case MatrixKind::Query:
    case MatrixKind::Key:
        return config.dK;
    case MatrixKind::Value:
        return config.dV;
    case MatrixKind::Output:
        break;
    }
    return config.dModel;
}

QString checkMatrix(const QString &tensor, const Matrix &matrix, Eigen::Index rows, Eigen::Index cols)
{
    if (matrix.rows() != rows || matrix.cols() != cols)
        return QStringLiteral("%1: expected shape %2, found %3")
            .arg(tensor, shapeText(rows, cols), shapeText(matrix.rows(), matrix.cols()));
    for (Eigen::Index r = 0; r < rows; ++r) {
        for (Eigen::Index c = 0; c < cols; ++c) {
            if (!std::isfinite(matrix(r, c)))
                return QStringLiteral("%1: entry [%2, %3] is %4; only finite numbers are accepted")
                    .arg(tensor).arg(r).arg(c).arg(double(matrix(r, c)));
        }
    }
    return {};
}

QString checkMatrixSet(const MatrixSet &set, const AttentionConfig &config)
{
    if (int(set.weights.heads.size()) != config.heads)
        return QStringLiteral("expected %1 heads, found %2").arg(config.heads).arg(set.weights.heads.size());
    for (int h = 0; h < config.heads; ++h) {
        for (MatrixKind kind : {MatrixKind::Query, MatrixKind::Key, MatrixKind::Value}) {
            const QString problem = checkMatrix(tensorName(kind, h), set.weights.matrix(kind, h),
                                                expectedRows(kind, config), expectedColumns(kind, config));
            if (!problem.isEmpty())
                return problem;
        }
    }
    const QString problem = checkMatrix(tensorName(MatrixKind::Output, 0), set.weights.wO,
                                        expectedRows(MatrixKind::Output, config),
                                        expectedColumns(MatrixKind::Output, config));
    if (!problem.isEmpty())
        return problem;
    for (const QString &token : sortedTokens(set.embeddings)) {
        const RowVector &v = set.embeddings.value(token);
        if (v.size() != config.dModel)
            return QStringLiteral("%1: expected %2 numbers (d_model), found %3")
                .arg(embeddingTensorName(token)).arg(config.dModel).arg(v.size());
        const QString entry = checkMatrix(embeddingTensorName(token), Matrix(v), 1, config.dModel);
        if (!entry.isEmpty())
            return entry;
    }
    return {};
}

QStringList sortedTokens(const EmbeddingOverrides &embeddings)
{
    QStringList tokens = embeddings.keys();
    std::sort(tokens.begin(), tokens.end());
    return tokens;
}

} // namespace attn::io
