#include "learnedmatrices.h"

#include "stablerandom.h"

#include <cmath>

namespace attn {
namespace {

Matrix glorotNormal(Eigen::Index rows, Eigen::Index cols, quint64 seed, const QByteArray &label)
{
    StableRandom random(StableRandom::streamSeed(seed, label));
    const double deviation = std::sqrt(2.0 / double(rows + cols));
    Matrix matrix(rows, cols);
    for (Eigen::Index r = 0; r < rows; ++r)
        for (Eigen::Index c = 0; c < cols; ++c)
            matrix(r, c) = float(random.nextNormal() * deviation);
    return matrix;
}

QByteArray headLabel(int head, const char *kind)
{
    return QByteArrayLiteral("head") + QByteArray::number(head) + '.' + kind;
}

} // namespace

HeadWeights LearnedMatrices::glorotHead(const AttentionConfig &config, int head, quint64 seed)
{
    return {glorotNormal(config.dModel, config.dK, seed, headLabel(head, "w_q")),
            glorotNormal(config.dModel, config.dK, seed, headLabel(head, "w_k")),
            glorotNormal(config.dModel, config.dV, seed, headLabel(head, "w_v"))};
}

Matrix LearnedMatrices::glorotOutput(const AttentionConfig &config, quint64 seed)
{
    return glorotNormal(Eigen::Index(config.heads) * config.dV, config.dModel, seed, QByteArrayLiteral("w_o"));
}

LearnedMatrices LearnedMatrices::glorot(const AttentionConfig &config)
{
    LearnedMatrices matrices;
    matrices.heads.reserve(config.heads);
    for (int h = 0; h < config.heads; ++h)
        matrices.heads.push_back(glorotHead(config, h, config.seed));
    matrices.wO = glorotOutput(config, config.seed);
    return matrices;
}

QString LearnedMatrices::shapeMismatch(const AttentionConfig &config) const
{
    if (int(heads.size()) != config.heads)
        return QStringLiteral("expected %1 heads, found %2").arg(config.heads).arg(heads.size());
    auto check = [](const Matrix &m, Eigen::Index rows, Eigen::Index cols, const QString &name) -> QString {
        if (m.rows() == rows && m.cols() == cols)
            return {};
        return QStringLiteral("%1: expected shape %2, found %3")
            .arg(name, shapeText(rows, cols), shapeText(m.rows(), m.cols()));
    };
    for (int h = 0; h < config.heads; ++h) {
        const QString prefix = QStringLiteral("head%1.").arg(h);
        for (const QString &problem : {check(heads[h].wQ, config.dModel, config.dK, prefix + QLatin1String("w_q")),
                                       check(heads[h].wK, config.dModel, config.dK, prefix + QLatin1String("w_k")),
                                       check(heads[h].wV, config.dModel, config.dV, prefix + QLatin1String("w_v"))}) {
            if (!problem.isEmpty())
                return problem;
        }
    }
    return check(wO, Eigen::Index(config.heads) * config.dV, config.dModel, QStringLiteral("w_o"));
}

Matrix &LearnedMatrices::matrix(MatrixKind kind, int head)
{
    switch (kind) {
    case MatrixKind::Query:
        return heads.at(head).wQ;
    case MatrixKind::Key:
        return heads.at(head).wK;
    case MatrixKind::Value:
        return heads.at(head).wV;
    case MatrixKind::Output:
        break;
    }
    return wO;
}

const Matrix &LearnedMatrices::matrix(MatrixKind kind, int head) const
{
    return const_cast<LearnedMatrices *>(this)->matrix(kind, head);
}

QString matrixKindName(MatrixKind kind)
{
    switch (kind) {
    case MatrixKind::Query:
        return QStringLiteral("w_q");
    case MatrixKind::Key:
        return QStringLiteral("w_k");
    case MatrixKind::Value:
        return QStringLiteral("w_v");
    case MatrixKind::Output:
        return QStringLiteral("w_o");
    }
    return {};
}

QString shapeText(Eigen::Index rows, Eigen::Index cols)
{
    return QStringLiteral("%1×%2").arg(rows).arg(cols);
}

} // namespace attn
