#include "heatmapview.h"

#include "celltext.h"
#include "heatmappainter.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

constexpr double kMaxLabelWidth = 130; // longer tokens are elided
constexpr double kMaxCellSize = 64;
constexpr double kNaturalMatrixSide = 560; // an export's matrix aims for about this many pixels

} // namespace

HeatmapView::HeatmapView(QWidget *parent) : ResultView(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Attention of one head: rows are queries, columns keys. Hover a cell for its numbers, "
                  "click to pin it, arrow keys move it, Escape clears."));
}

void HeatmapView::onResultChanged()
{
    // The central widget: a new size hint lays out the whole window, so only when it changes.
    if (const QSize hint = sizeHint(); hint != m_sizeHint) {
        m_sizeHint = hint;
        updateGeometry();
    }
    update();
}

void HeatmapView::setFixedHead(int layer, int head)
{
    m_fixedLayer = std::max(layer, 0);
    m_fixedHead = head;
    update();
}

void HeatmapView::clearFixedHead()
{
    m_fixedLayer = m_fixedHead = -1;
    update();
}

int HeatmapView::shownLayer() const
{
    if (!result() || result()->layerCount() == 0)
        return -1;
    const int layer = hasFixedHead() ? m_fixedLayer : focus().layer;
    return std::clamp(layer, 0, result()->layerCount() - 1);
}

int HeatmapView::shownHead() const
{
    if (!result() || result()->headCount() == 0)
        return -1;
    const int head = hasFixedHead() ? m_fixedHead : focus().head;
    return std::clamp(head, 0, result()->headCount() - 1);
}

QString HeatmapView::exportTitle() const
{
    const int head = shownHead();
    if (head < 0)
        return tr("Attention heatmap");
    return titleWithInput(layerHeadName(*result(), shownLayer(), head));
}

QString HeatmapView::describeCell(int row, int col) const
{
    return cellToolTip(*result(), shownLayer(), shownHead(), row, col);
}

QString HeatmapView::placeholder() const
{
    return tr("Type a sentence to see its attention.");
}

double HeatmapView::labelWidth(const HeatmapStyle &style) const
{
    return m_widestLabel.of(result(), QFontMetricsF(style.labelFont), kMaxLabelWidth);
}

HeatmapMetrics HeatmapView::metricsFor(const HeatmapStyle &style) const
{
    HeatmapMetrics m;
    m.textHeight = QFontMetricsF(style.labelFont).height();
    m.rowLabelWidth = m.columnLabelWidth = labelWidth(style);
    m.titleHeight = QFontMetricsF(style.titleFont).height();
    m.captionHeight = QFontMetricsF(style.captionFont).height();
    m.colorBarWidth = heatmappaint::colorBarWidth(style, barScale());
    m.maxCellSize = kMaxCellSize;
    return m;
}

ColorBarScale HeatmapView::barScale() const
{
    const CellValue value = shownValue();
    const ColorScaleMode mode = colorScaleMode(options());
    if (shownHead() < 0)
        return colorBarScale(value, mode, {}, {}, true);
    const ScaleRange fixed{0, value == CellValue::Scores ? m_cache.scoreRange(result(), shownLayer()) : 1.0};
    const ScaleRange head = mode.scale == ColorScale::Fixed ? fixed
                                                            : m_cache.headRange(result(), shownLayer(), shownHead(), value);
    return colorBarScale(value, mode, fixed, head, true);
}

HeatmapGeometry HeatmapView::layoutWith(const QSizeF &size, const HeatmapStyle &style) const
{
    return HeatmapGeometry::fit(size, result() ? result()->tokenCount() : 0, metricsFor(style));
}

HeatmapGeometry HeatmapView::layoutFor(const QSizeF &size) const
{
    return layoutWith(size, HeatmapStyle::forWidget(*this));
}

double HeatmapView::naturalCellSize() const
{
    const int n = result() ? std::max(1, result()->tokenCount()) : 1;
    return std::clamp(std::floor(kNaturalMatrixSide / n), 1.0, 44.0);
}

QSize HeatmapView::contentSize() const
{
    if (!result() || result()->tokenCount() == 0)
        return QSize(320, 240);
    const HeatmapStyle style = HeatmapStyle::forExport(font());
    const QSizeF natural = HeatmapGeometry::naturalSize(result()->tokenCount(), naturalCellSize(), metricsFor(style));
    return QSize(int(std::ceil(natural.width())), int(std::ceil(natural.height())));
}

QSize HeatmapView::sizeHint() const
{
    return contentSize().boundedTo(QSize(900, 800)).expandedTo(QSize(320, 240));
}

void HeatmapView::paintContent(QPainter &painter, const QSize &size, bool includeFocus) const
{
    const bool onScreen = painter.device() == this;
    const HeatmapStyle style = onScreen ? HeatmapStyle::forWidget(*this) : HeatmapStyle::forExport(font());
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), style.background);

    const int layer = shownLayer();
    const int head = shownHead();
    if (head < 0 || result()->tokenCount() == 0) {
        heatmappaint::drawMessage(painter, size, messageOr(placeholder()), style);
        painter.restore();
        return;
    }

    const ResultPtr &shown = result();
    const ColorMapId colorMap = options().colorMap;
    const CellValue value = shownValue();
    const HeatmapGeometry g = layoutWith(QSizeF(size), style);
    const HeadPtr shownHead = shown->head(layer, head); // held while this paint uses it
    const HeadResult &headResult = *shownHead;
    const QImage &image = m_cache.image(shown, layer, head, colorMap, value, colorScaleMode(options()));

    if (!g.titleRect.isEmpty())
        heatmappaint::drawTitle(painter, g.titleRect, exportTitle(), style);

    heatmappaint::drawCells(painter, image, g.matrixRect());
    painter.setPen(QPen(style.frame, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(g.matrixRect());
    heatmappaint::drawCellValues(painter, g, headResult, shown->config.causal, value, image, style);

    const Focus &focused = focus();
    const int n = shown->tokenCount();
    const bool focusHere = includeFocus && focused.hasToken() && focused.query < n && focused.key < n;
    heatmappaint::drawLabels(painter, g, shown->tokens, style, kMaxLabelWidth, focusHere ? focused.query : -1,
                             focusHere ? focused.key : -1);
    heatmappaint::drawAxisCaptions(painter, g, style);
    heatmappaint::drawColorBar(painter, g.colorBarRect, colorMap, barScale(), style);
    if (focusHere)
        heatmappaint::drawFocus(painter, g, focused.query, focused.key, focused.pinned, style);
    painter.restore();
}

void HeatmapView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintContent(painter, size(), true);
}

QString HeatmapView::toolTipAt(const QPointF &position) const
{
    if (shownHead() < 0)
        return {};
    const std::optional<HeatmapCell> cell = currentLayout().cellAt(position);
    if (!cell)
        return {};
    return describeCell(cell->row, cell->col);
}

bool HeatmapView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const HeatmapGeometry g = currentLayout();
        const std::optional<HeatmapCell> cell = g.cellAt(help->pos());
        const QString text = cell && shownHead() >= 0 ? describeCell(cell->row, cell->col) : QString();
        if (text.isEmpty()) {
            // Outside the matrix the widget's own help text explains how to use it.
            return QWidget::event(event);
        }
        QToolTip::showText(help->globalPos(), text, this, g.cellRect(cell->row, cell->col).toAlignedRect());
        return true;
    }
    return QWidget::event(event);
}

void HeatmapView::mouseMoveEvent(QMouseEvent *event)
{
    FocusModel *model = focusModel();
    if (!model || shownHead() < 0)
        return;
    const std::optional<HeatmapCell> cell = currentLayout().cellAt(event->position());
    const Focus &focused = model->focus();
    if (cell) {
        if (focused.query != cell->row || focused.key != cell->col)
            model->hover(cell->row, cell->col);
    } else if (focused.hasToken() && !focused.pinned) {
        model->hover(-1, -1);
    }
}

void HeatmapView::mousePressEvent(QMouseEvent *event)
{
    FocusModel *model = focusModel();
    if (event->button() != Qt::LeftButton || !model || shownHead() < 0)
        return QWidget::mousePressEvent(event);
    setFocus(Qt::MouseFocusReason);
    if (const std::optional<HeatmapCell> cell = currentLayout().cellAt(event->position())) {
        if (hasFixedHead())
            model->setHead(shownHead());
        model->pin(cell->row, cell->col);
    }
}

void HeatmapView::leaveEvent(QEvent *event)
{
    if (FocusModel *model = focusModel(); model && model->focus().hasToken() && !model->focus().pinned)
        model->hover(-1, -1);
    QWidget::leaveEvent(event);
}

void HeatmapView::keyPressEvent(QKeyEvent *event)
{
    FocusModel *model = focusModel();
    if (model && model->handleKey(event->key(), result() ? result()->tokenCount() : 0))
        event->accept();
    else
        QWidget::keyPressEvent(event);
}

} // namespace attn::ui
