#pragma once

#include "core/analysis/inductionscores.h"

#include "core/attentionresult.h"
#include "core/analysis/headstatistics.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace attn::ui {

// Every head of a result as one row: what it attends to on average and the badges it earns
// (headstatistics.h). Sortable by every column (sort() keeps persistent indexes on their heads);
// a new result of the same shape updates the numbers in place and keeps the order.
class HeadStatisticsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // Separator and Class: encoders only (the panel hides them for decoders, and Induction for encoders).
    enum Column { HeadColumn, EntropyColumn, PreviousColumn, FirstColumn, SelfColumn, SeparatorColumn, ClassColumn,
                  InductionColumn, BadgesColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole, // double: what the column sorts by
        LayerRole,               // int
        HeadRole,                // int
        BadgesRole,              // QStringList of badge names, badgeNames() order
    };

    struct Row
    {
        int layer = 0;
        int head = 0;
        HeadStatistics statistics;
    };

    explicit HeadStatisticsModel(QObject *parent = nullptr);

    // [layer][head] statistics of `result`, with induction scores and badges from `induction` when it
    // has the same shape.
    static std::vector<std::vector<HeadStatistics>> compute(const AttentionResult &result,
                                                            const InductionScores &induction);
    void setStatistics(const std::vector<std::vector<HeadStatistics>> &statistics);
    void clear();

    const Row &rowAt(int row) const { return m_rows[size_t(row)]; }
    int rowOf(int layer, int head) const; // −1 when there is no such head
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // "previous", "sink", "self", "induction", "separator" and what each means.
    static QStringList badgeNames();
    static QString badgeDescription(const QString &badge);
    static QStringList badgesOf(const HeadStatistics &statistics);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    double sortKey(const Row &row, int column) const;
    void sortRows();

    std::vector<Row> m_rows;
    int m_sortColumn = -1; // −1: layer then head, as computed
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace attn::ui
