#pragma once

#include "attentionconfig.h"
#include "core/tensor.h"

#include <QString>

#include <vector>

namespace attn {

enum class MatrixKind { Query, Key, Value, Output };

struct HeadWeights
{
    Matrix wQ; // (d_model, d_k)
    Matrix wK; // (d_model, d_k)
    Matrix wV; // (d_model, d_v)

    friend bool operator==(const HeadWeights &, const HeadWeights &) = default;
};

// The learned matrices of one layer of multi-head attention.
struct LearnedMatrices
{
    std::vector<HeadWeights> heads;
    Matrix wO; // (heads·d_v, d_model)

    // Glorot/Xavier normal: N(0, 2 / (fan_in + fan_out)). Each matrix draws from its own stream
    // named by (seed, head, kind), so re-seeding one head or adding heads leaves the others alone.
    static LearnedMatrices glorot(const AttentionConfig &config);
    static HeadWeights glorotHead(const AttentionConfig &config, int head, quint64 seed);
    static Matrix glorotOutput(const AttentionConfig &config, quint64 seed);

    // Empty when every matrix has the shape the configuration asks for; otherwise names the
    // first matrix that does not, with the expected and found shape.
    QString shapeMismatch(const AttentionConfig &config) const;

    Matrix &matrix(MatrixKind kind, int head);
    const Matrix &matrix(MatrixKind kind, int head) const;

    friend bool operator==(const LearnedMatrices &, const LearnedMatrices &) = default;
};

QString matrixKindName(MatrixKind kind); // "w_q", "w_k", "w_v", "w_o"
QString shapeText(Eigen::Index rows, Eigen::Index cols); // "3×4"

} // namespace attn
