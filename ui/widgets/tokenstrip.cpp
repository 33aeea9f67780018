#include "tokenstrip.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace attn::ui {
namespace {

constexpr qreal chipPadding = 6;
constexpr qreal chipSpacing = 4;
constexpr qreal rowSpacing = 4;
// Chips past this many are summarised: a 100,000-character paste must not lay out 20,000 chips.
constexpr int maxChips = 2000;

} // namespace

TokenStrip::TokenStrip(FocusModel *focus, QWidget *parent) : QWidget(parent), m_focus(focus)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setToolTip(tr("The tokens of the sentence. Hover a token to see its attention everywhere; click to pin it."));
    connect(m_focus, &FocusModel::focusChanged, this, qOverload<>(&TokenStrip::update));
}

void TokenStrip::setTokens(const TokenList &tokens)
{
    const int oldHeight = heightForWidth(width());
    m_tokens = tokens;
    m_layoutWidth = -1;
    layoutChips(width());
    // A new layout of the window only when the chips need another row: typing within a row repaints
    // the strip alone, not every dock.
    if (heightForWidth(width()) != oldHeight)
        updateGeometry();
    update();
}

QString TokenStrip::chipText(int index) const
{
    return m_tokens[size_t(index)].text;
}

void TokenStrip::layoutChips(int width)
{
    if (width == m_layoutWidth)
        return;
    m_layoutWidth = width;
    m_chips.clear();
    const QFontMetricsF metrics(font());
    const qreal height = metrics.height() + 6;
    qreal x = 0;
    qreal y = 0;
    const int count = std::min<int>(int(m_tokens.size()), maxChips);
    m_chips.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        // Rounded up and a pixel to spare: the text must fit the chip's inner width exactly, or it is elided.
        const qreal textWidth = std::ceil(metrics.horizontalAdvance(chipText(i))) + 1;
        const qreal chipWidth = std::min<qreal>(textWidth + 2 * chipPadding + 1, std::max(40, width));
        if (x > 0 && x + chipWidth > width) {
            x = 0;
            y += height + rowSpacing;
        }
        m_chips.emplace_back(x, y, chipWidth, height);
        x += chipWidth + chipSpacing;
    }
}

QString TokenStrip::visibleChipText(int index) const
{
    const QRectF inner = chipRect(index).adjusted(0.5 + chipPadding, 0, -0.5 - chipPadding, 0);
    return QFontMetricsF(font()).elidedText(chipText(index), Qt::ElideRight, inner.width());
}

QRectF TokenStrip::chipRect(int index) const
{
    const_cast<TokenStrip *>(this)->layoutChips(width());
    return index >= 0 && index < int(m_chips.size()) ? m_chips[size_t(index)] : QRectF();
}

int TokenStrip::chipAt(const QPointF &point) const
{
    const_cast<TokenStrip *>(this)->layoutChips(width());
    for (int i = 0; i < int(m_chips.size()); ++i)
        if (m_chips[size_t(i)].contains(point))
            return i;
    return -1;
}

int TokenStrip::heightForWidth(int width) const
{
    const_cast<TokenStrip *>(this)->layoutChips(width);
    const qreal rowHeight = QFontMetricsF(font()).height() + 6;
    const qreal bottom = m_chips.empty() ? rowHeight : m_chips.back().bottom();
    const bool summary = int(m_tokens.size()) > maxChips;
    return int(std::ceil(bottom + (summary ? rowHeight + rowSpacing : 0))) + 2;
}

QSize TokenStrip::sizeHint() const
{
    return {400, heightForWidth(std::max(width(), 400))};
}

QSize TokenStrip::minimumSizeHint() const
{
    // Every row the chips wrap to at the current width: the scroller around the strip shows two of
    // them and scrolls the rest (a resizable scroll area sizes its widget by this minimum).
    return {100, heightForWidth(std::max(width(), 100))};
}

void TokenStrip::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutChips(width());
    if (heightForWidth(width()) != height()) // the chips wrap differently at the new width
        updateGeometry();
}

void TokenStrip::paintEvent(QPaintEvent *)
{
    layoutChips(width());
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const Focus &focus = m_focus->focus();
    const QPalette &pal = palette();
    if (m_tokens.empty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter, tr("No tokens yet — type a sentence above."));
        return;
    }
    for (int i = 0; i < int(m_chips.size()); ++i) {
        const QRectF r = m_chips[size_t(i)].adjusted(0.5, 0.5, -0.5, -0.5);
        const bool isQuery = focus.query == i;
        const bool isKey = focus.key == i;
        QColor fill = pal.color(QPalette::Button);
        QColor text = pal.color(QPalette::ButtonText);
        if (isQuery || isKey) {
            fill = pal.color(QPalette::Highlight);
            text = pal.color(QPalette::HighlightedText);
            if (isKey && !isQuery)
                fill = fill.lighter(focus.pinned ? 110 : 130);
        } else if (i == m_hoveredChip) {
            fill = fill.darker(110);
        }
        QPainterPath path;
        path.addRoundedRect(r, 5, 5);
        painter.fillPath(path, fill);
        // A control token (<|begin_of_text|>, <bos>) is no piece of the text: a dashed outline says so.
        const bool special = m_tokens[size_t(i)].special;
        painter.setPen(QPen(pal.color(special ? QPalette::Text : QPalette::Mid), 1, special ? Qt::DashLine : Qt::SolidLine));
        painter.drawPath(path);
        painter.setPen(text);
        painter.drawText(r.adjusted(chipPadding, 0, -chipPadding, 0), Qt::AlignCenter, visibleChipText(i));
    }
    if (int(m_tokens.size()) > maxChips) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        const qreal y = m_chips.back().bottom() + rowSpacing;
        painter.drawText(QRectF(0, y, width(), QFontMetricsF(font()).height() + 6), Qt::AlignLeft | Qt::AlignVCenter,
                         tr("… and %1 more tokens").arg(m_tokens.size() - size_t(maxChips)));
    }
}

void TokenStrip::mouseMoveEvent(QMouseEvent *event)
{
    const int chip = chipAt(event->position());
    if (chip != m_hoveredChip) {
        m_hoveredChip = chip;
        update();
        if (chip >= 0)
            m_focus->hover(chip, -1);
    }
    if (chip >= 0)
        setToolTip(m_tokens[size_t(chip)].special
                       ? tr("Token %1: “%2”, a special token the model reads (not typed text). Click to pin.")
                             .arg(chip)
                             .arg(chipText(chip))
                       : tr("Token %1: “%2” (characters %3–%4). Click to pin.")
                             .arg(chip)
                             .arg(chipText(chip))
                             .arg(m_tokens[size_t(chip)].begin)
                             .arg(m_tokens[size_t(chip)].end));
}

void TokenStrip::mousePressEvent(QMouseEvent *event)
{
    const int chip = chipAt(event->position());
    if (chip >= 0 && event->button() == Qt::LeftButton)
        m_focus->pin(chip, -1);
}

void TokenStrip::leaveEvent(QEvent *event)
{
    QWidget::leaveEvent(event);
    m_hoveredChip = -1;
    update();
}

} // namespace attn::ui
