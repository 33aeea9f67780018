#pragma once

#include "editortarget.h"

#include "document/attentiondocument.h"

#include <QAbstractTableModel>

namespace attn::ui {

// One matrix of the document as a table: rows × columns of floats, coloured by value with the
// diverging map (the same family as the score heatmaps), editable. Every accepted edit goes to the
// document as one undoable step; the model follows the document (undo, sessions, presets).
class MatrixTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit MatrixTableModel(AttentionDocument *document, QObject *parent = nullptr);

    const EditorTarget &target() const { return m_target; }
    void setTarget(const EditorTarget &target);
    const Matrix &values() const { return m_values; } // what is shown, (rows, cols)
    const TokenList &tokens() const { return m_tokens; }
    double colorRange() const { return m_range; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Text (EditRole) or a number; refuses non-numbers and non-finite values with editRefused().
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    // Replaces the target's whole matrix (same shape) as one undo step labelled `label`.
    bool applyValues(const Matrix &values, const QString &label);

signals:
    void editRefused(const QString &message);

private:
    void reload();
    void commitCell(int row, int column, float value);

    AttentionDocument *m_document;
    EditorTarget m_target;
    TokenList m_tokens;
    Matrix m_values;
    double m_range = 1.0;
};

} // namespace attn::ui
