#include "matrixtablemodel.h"

#include "matrixoperations.h"

#include "core/io/jsonwriter.h"
#include "views/colormap/colormap.h"

#include <QColor>

#include <cmath>
#include <cstring>

namespace attn::ui {

MatrixTableModel::MatrixTableModel(AttentionDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document)
{
    connect(m_document, &AttentionDocument::stateChanged, this, &MatrixTableModel::reload);
    connect(m_document, &AttentionDocument::tokensChanged, this, &MatrixTableModel::reload);
    reload();
}

void MatrixTableModel::setTarget(const EditorTarget &target)
{
    if (target == m_target)
        return;
    m_target = target;
    reload();
}

void MatrixTableModel::reload()
{
    if (m_target.perHead())
        m_target.head = std::clamp(m_target.head, 0, std::max(0, m_document->config().heads - 1));
    Matrix next = targetMatrix(m_document->state(), m_document->tokens(), m_target);
    double range = 0.0;
    for (Eigen::Index i = 0; i < next.size(); ++i)
        range = std::max(range, double(std::abs(next.data()[i])));
    const bool sameShape = next.rows() == m_values.rows() && next.cols() == m_values.cols();
    const bool sameTokens = !m_target.isEmbeddings() || m_tokens.size() == m_document->tokens().size();
    if (sameShape && sameTokens) {
        m_values = std::move(next);
        m_tokens = m_document->tokens();
        m_range = range > 0.0 ? range : 1.0;
        if (rowCount() > 0 && columnCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        if (m_target.isEmbeddings() && rowCount() > 0)
            emit headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
        return;
    }
    beginResetModel();
    m_values = std::move(next);
    m_tokens = m_document->tokens();
    m_range = range > 0.0 ? range : 1.0;
    endResetModel();
}

int MatrixTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_values.rows());
}

int MatrixTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_values.cols());
}

QVariant MatrixTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const float value = m_values(index.row(), index.column());
    switch (role) {
    case Qt::DisplayRole:
        return QString::number(value, 'g', 4);
    case Qt::EditRole:
        return QString::fromLatin1(shortestFloat(value)); // exact: editing without a change changes nothing
    case Qt::ToolTipRole:
        return tr("%1 [%2, %3] = %4")
            .arg(targetTitle(m_target)).arg(index.row()).arg(index.column())
            .arg(QString::fromLatin1(shortestFloat(value)));
    case Qt::BackgroundRole:
        return QColor(divergingColorAt(value, m_range));
    case Qt::ForegroundRole:
        return textColorOn(divergingColorAt(value, m_range));
    case Qt::TextAlignmentRole:
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant MatrixTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section < 0 || section >= (orientation == Qt::Vertical ? rowCount() : columnCount()))
        return {};
    if (orientation == Qt::Vertical && m_target.isEmbeddings() && size_t(section) < m_tokens.size()) {
        const QString &text = m_tokens[size_t(section)].text;
        if (role == Qt::ToolTipRole)
            return m_document->state().embeddings.contains(text)
                ? tr("Token %1 \"%2\": embedding typed in (stored for every \"%2\")").arg(section).arg(text)
                : tr("Token %1 \"%2\": hashed embedding; an edit stores an override for \"%2\"").arg(section).arg(text);
        return QStringLiteral("%1 %2").arg(section).arg(text);
    }
    if (role == Qt::ToolTipRole) {
        if (orientation == Qt::Vertical)
            return m_target.matrix == EditorMatrix::Output ? tr("Row %1: value dimension %2 of head %3")
                                                                 .arg(section).arg(section % std::max(1, m_document->config().dV))
                                                                 .arg(section / std::max(1, m_document->config().dV))
                                                           : tr("Row %1: embedding dimension %1 of the input x").arg(section);
        return tr("Column %1").arg(section);
    }
    return QString::number(section);
}

Qt::ItemFlags MatrixTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable;
}

bool MatrixTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    float number = 0.f;
    if (value.typeId() == QMetaType::QString) {
        const Expected<float> parsed = parseCell(value.toString());
        if (!parsed) {
            emit editRefused(tr("%1 [%2, %3] keeps its value: %4")
                                 .arg(targetTitle(m_target)).arg(index.row()).arg(index.column()).arg(parsed.error()));
            return false;
        }
        number = *parsed;
    } else {
        bool ok = false;
        const double d = value.toDouble(&ok);
        if (!ok || !std::isfinite(d) || !std::isfinite(float(d))) {
            emit editRefused(tr("%1 [%2, %3] keeps its value: entries must be finite numbers")
                                 .arg(targetTitle(m_target)).arg(index.row()).arg(index.column()));
            return false;
        }
        number = float(d);
    }
    commitCell(index.row(), index.column(), number);
    return true;
}

void MatrixTableModel::commitCell(int row, int column, float value)
{
    const float before = m_values(row, column);
    if (std::memcmp(&before, &value, sizeof value) == 0)
        return;
    if (!m_target.isEmbeddings()) {
        m_document->setMatrixCell(m_target.kind(), m_target.head, row, column, value); // merges repeats of one cell
        return;
    }
    Matrix next = m_values;
    next(row, column) = value;
    const QString &text = m_tokens[size_t(row)].text;
    const int mergeId = int(qHash(QStringLiteral("embedding/%1/%2").arg(text).arg(column)) & 0x3fffffff);
    m_document->applyState(withTargetMatrix(m_document->state(), m_tokens, m_target, next),
                           tr("Edit embedding of \"%1\" [%2]").arg(text).arg(column), mergeId);
}

bool MatrixTableModel::applyValues(const Matrix &values, const QString &label)
{
    if (values.rows() != m_values.rows() || values.cols() != m_values.cols())
        return false;
    for (Eigen::Index i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values.data()[i])) {
            emit editRefused(tr("%1 is unchanged: the result would hold non-finite numbers").arg(targetTitle(m_target)));
            return false;
        }
    }
    if (values.size() > 0 && std::memcmp(values.data(), m_values.data(), size_t(values.size()) * sizeof(float)) == 0)
        return true;
    m_document->applyState(withTargetMatrix(m_document->state(), m_tokens, m_target, values), label);
    return true;
}

} // namespace attn::ui
