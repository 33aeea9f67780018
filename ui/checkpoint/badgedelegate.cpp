#include "badgedelegate.h"

#include "headstatisticsmodel.h"

#include <QApplication>
#include <QPainter>

namespace attn::ui {

namespace {

constexpr int kPadding = 5; // inside a pill, left and right
constexpr int kGap = 4;     // between pills

} // namespace

QColor BadgeDelegate::badgeColor(const QString &badge)
{
    // Distinct in hue and all dark enough for white text.
    if (badge == QLatin1String("previous"))
        return QColor(0x1f, 0x6f, 0xb4);
    if (badge == QLatin1String("sink"))
        return QColor(0x7a, 0x5a, 0x00);
    if (badge == QLatin1String("self"))
        return QColor(0x2e, 0x7d, 0x32);
    if (badge == QLatin1String("induction"))
        return QColor(0xa2, 0x1c, 0x6b);
    if (badge == QLatin1String("separator"))
        return QColor(0x5e, 0x35, 0xb1);
    return QColor(0x55, 0x55, 0x55);
}

void BadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem base = option;
    initStyleOption(&base, index);
    base.text.clear(); // the pills replace the text
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &base, painter, widget);

    const QStringList badges = index.data(HeadStatisticsModel::BadgesRole).toStringList();
    if (badges.isEmpty())
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    QFont font = option.font;
    font.setPixelSize(std::max(9, QFontInfo(option.font).pixelSize() - 2));
    font.setBold(true);
    painter->setFont(font);
    const QFontMetrics metrics(font);
    const int height = std::min(option.rect.height() - 4, metrics.height() + 2);
    int x = option.rect.left() + kGap;
    const int y = option.rect.center().y() - height / 2;
    for (const QString &badge : badges) {
        const int width = metrics.horizontalAdvance(badge) + 2 * kPadding;
        if (x + width > option.rect.right())
            break;
        const QRect pill(x, y, width, height);
        painter->setPen(Qt::NoPen);
        painter->setBrush(badgeColor(badge));
        painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
        painter->setPen(Qt::white);
        painter->drawText(pill, Qt::AlignCenter, badge);
        x += width + kGap;
    }
    painter->restore();
}

QSize BadgeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    QFont font = option.font;
    font.setPixelSize(std::max(9, QFontInfo(option.font).pixelSize() - 2));
    font.setBold(true);
    const QFontMetrics metrics(font);
    int width = kGap;
    for (const QString &badge : index.data(HeadStatisticsModel::BadgesRole).toStringList())
        width += metrics.horizontalAdvance(badge) + 2 * kPadding + kGap;
    size.setWidth(std::max(size.width(), width));
    return size;
}

} // namespace attn::ui
