#include "matrixoperations.h"

#include "core/io/jsonwriter.h"

#include <QCoreApplication>

#include <charconv>
#include <cmath>
#include <cstring>

namespace attn::ui {

QString targetTitle(const EditorTarget &target)
{
    switch (target.matrix) {
    case EditorMatrix::Query:
        return QCoreApplication::translate("MatrixEditor", "head %1 W_Q").arg(target.head);
    case EditorMatrix::Key:
        return QCoreApplication::translate("MatrixEditor", "head %1 W_K").arg(target.head);
    case EditorMatrix::Value:
        return QCoreApplication::translate("MatrixEditor", "head %1 W_V").arg(target.head);
    case EditorMatrix::Output:
        return QCoreApplication::translate("MatrixEditor", "W_O");
    case EditorMatrix::Embeddings:
        break;
    }
    return QCoreApplication::translate("MatrixEditor", "embeddings");
}

namespace {

RowVector shownEmbedding(const ModelState &state, const QString &text)
{
    const auto it = state.embeddings.constFind(text);
    if (it != state.embeddings.cend() && it->size() == state.config.dModel)
        return *it;
    return tokenEmbedding(text, state.config.dModel);
}

} // namespace

Matrix targetMatrix(const ModelState &state, const TokenList &tokens, const EditorTarget &target)
{
    if (target.isEmbeddings()) {
        Matrix table(Eigen::Index(tokens.size()), state.config.dModel); // (N, d_model)
        for (size_t i = 0; i < tokens.size(); ++i)
            table.row(Eigen::Index(i)) = shownEmbedding(state, tokens[i].text);
        return table;
    }
    if (target.perHead() && (target.head < 0 || target.head >= int(state.weights.heads.size())))
        return {};
    return state.weights.matrix(target.kind(), target.head);
}

ModelState withTargetMatrix(const ModelState &state, const TokenList &tokens, const EditorTarget &target,
                            const Matrix &values)
{
    ModelState next = state;
    if (!target.isEmbeddings()) {
        next.weights.matrix(target.kind(), target.head) = values;
        return next;
    }
    const Matrix shown = targetMatrix(state, tokens, target);
    for (size_t i = 0; i < tokens.size() && Eigen::Index(i) < values.rows(); ++i) {
        const RowVector row = values.row(Eigen::Index(i));
        const RowVector before = shown.row(Eigen::Index(i));
        if (std::memcmp(row.data(), before.data(), size_t(row.size()) * sizeof(float)) != 0)
            next.embeddings.insert(tokens[i].text, row);
    }
    return next;
}

Matrix identityLike(Eigen::Index rows, Eigen::Index cols)
{
    return Matrix::Identity(rows, cols);
}

ModelState randomisedHead(const ModelState &state, int head, quint64 seed)
{
    ModelState next = state;
    if (head >= 0 && head < int(next.weights.heads.size()))
        next.weights.heads[size_t(head)] = LearnedMatrices::glorotHead(state.config, head, seed);
    return next;
}

Expected<float> parseCell(const QString &text)
{
    QByteArray bytes = text.trimmed().toLatin1();
    if (bytes.startsWith('+'))
        bytes.remove(0, 1);
    if (bytes.isEmpty())
        return Error{QCoreApplication::translate("MatrixEditor", "an empty entry is not a number")};
    float value = 0.f;
    const auto [end, error] = std::from_chars(bytes.constData(), bytes.constData() + bytes.size(), value);
    const QString shown = text.trimmed().left(30);
    if (error == std::errc::result_out_of_range)
        return Error{QCoreApplication::translate("MatrixEditor", "\"%1\" does not fit in a 32-bit float").arg(shown)};
    if (error != std::errc() || end != bytes.constData() + bytes.size())
        return Error{QCoreApplication::translate("MatrixEditor", "\"%1\" is not a number").arg(shown)};
    if (!std::isfinite(value))
        return Error{QCoreApplication::translate("MatrixEditor", "\"%1\" is not a finite number; entries must be finite").arg(shown)};
    return value;
}

Expected<Matrix> parseBlock(const QString &text)
{
    QString body = text;
    body.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    while (body.endsWith(QLatin1Char('\n')))
        body.chop(1);
    if (body.trimmed().isEmpty())
        return Error{QCoreApplication::translate("MatrixEditor", "the clipboard holds no numbers")};
    const QStringList lines = body.split(QLatin1Char('\n'));
    const qsizetype cols = lines.front().split(QLatin1Char('\t')).size();
    Matrix block(lines.size(), cols);
    for (qsizetype r = 0; r < lines.size(); ++r) {
        const QStringList cells = lines[r].split(QLatin1Char('\t'));
        if (cells.size() != cols)
            return Error{QCoreApplication::translate("MatrixEditor", "line %1 has %2 entries, line 1 has %3; paste a rectangular block")
                             .arg(r + 1).arg(cells.size()).arg(cols)};
        for (qsizetype c = 0; c < cols; ++c) {
            const Expected<float> value = parseCell(cells[c]);
            if (!value)
                return Error{QCoreApplication::translate("MatrixEditor", "line %1, entry %2: %3").arg(r + 1).arg(c + 1).arg(value.error())};
            block(r, c) = *value;
        }
    }
    return block;
}

QString formatBlock(const Matrix &block)
{
    QByteArray text;
    for (Eigen::Index r = 0; r < block.rows(); ++r) {
        for (Eigen::Index c = 0; c < block.cols(); ++c) {
            if (c > 0)
                text += '\t';
            text += shortestFloat(block(r, c));
        }
        text += '\n';
    }
    return QString::fromLatin1(text);
}

} // namespace attn::ui
