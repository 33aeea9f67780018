#pragma once

#include <QColor>
#include <QStyledItemDelegate>

namespace attn::ui {

// Draws the badges of a head (HeadStatisticsModel::BadgesRole) as small coloured pills with their
// names, one colour per kind, so that a column of heads reads at a glance.
class BadgeDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QColor badgeColor(const QString &badge);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace attn::ui
