#include "heatmapview.h"

#include "celltext.h"
#include "heatmappainter.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

constexpr double kMaxLabelWidth = 130; // longer tokens are elided
constexpr double kMaxCellSize = 64;
constexpr double kNaturalMatrixSide = 560; // an export's matrix aims for about this many pixels
constexpr double kWheelZoomStep = 1.25;    // per wheel notch (120 eighths of a degree)
constexpr double kKeyZoomStep = 1.5;
constexpr double kWheelScrollPixels = 48;  // per wheel notch, when scrolling a zoomed matrix

} // namespace

HeatmapView::HeatmapView(QWidget *parent) : ResultView(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Attention of one head: rows are queries, columns keys. Hover a cell for its numbers, "
                  "click to pin it, arrow keys move it, Escape clears. Ctrl+wheel, a pinch or +/− zoom, "
                  "0 shows the whole matrix; zoomed in, the wheel or a drag pans."));
}

void HeatmapView::onResultChanged()
{
    m_visibleCells.range.reset(); // a new result may sit where the old one was
    // Another text is another matrix: its zoom starts over. The same text with other settings
    // (another head, temperature, …) keeps the place being looked at.
    const int tokens = result() ? result()->tokenCount() : 0;
    if (tokens != m_zoomedTokens) {
        m_zoomedTokens = tokens;
        m_zoom = HeatmapZoom();
    }
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
    m.titleWidth = QFontMetricsF(style.titleFont).horizontalAdvance(exportTitle());
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
    const HeadPtr shown = result()->head(shownLayer(), shownHead());
    const bool partOfTheHead = m_visibleCells.rows.size() > 0 // not painted yet: the whole head
                               && (m_visibleCells.rows.size() < result()->tokenCount()
                                   || m_visibleCells.cols.size() < result()->tokenCount());
    const ScaleRange head = mode.scale == ColorScale::Fixed ? fixed
                            : mode.scale == ColorScale::Visible && partOfTheHead && shown
                                ? visibleRange(*shown, value)
                                : m_cache.headRange(result(), shownLayer(), shownHead(), value);
    return colorBarScale(value, mode, fixed, head, true);
}

ScaleRange HeatmapView::visibleRange(const HeadResult &shown, CellValue value) const
{
    VisibleCells &v = m_visibleCells;
    if (!v.range || v.rangeOf != result().get() || v.layer != shownLayer() || v.head != shownHead() || v.value != value) {
        v.range = OverviewImageCache::blockRange(shown, result()->config.causal, value, v.rows, v.cols);
        v.rangeOf = result().get();
        v.layer = shownLayer();
        v.head = shownHead();
        v.value = value;
    }
    return *v.range;
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
    // Exports draw the whole matrix; the screen what the zoom shows.
    const HeatmapGeometry fit = layoutWith(QSizeF(size), style);
    const HeatmapGeometry g = onScreen ? m_zoom.apply(fit) : fit;
    // The visible scale's block; another block forgets its range.
    const CellRange rows = g.visibleRows(), cols = g.visibleColumns();
    if (rows.begin != m_visibleCells.rows.begin || rows.end != m_visibleCells.rows.end
        || cols.begin != m_visibleCells.cols.begin || cols.end != m_visibleCells.cols.end)
        m_visibleCells = {rows, cols};
    const HeadPtr shownHead = shown->head(layer, head); // held while this paint uses it
    const HeadResult &headResult = *shownHead;
    const QImage &image = m_cache.image(shown, layer, head, colorMap, value, colorScaleMode(options()));
    const double range = value == CellValue::Scores ? m_cache.scoreRange(shown, layer) : 1.0; // the pooled images'

    if (!g.titleRect.isEmpty())
        heatmappaint::drawTitle(painter, g.titleRect, exportTitle(), style);

    drawMatrix(painter, g, image, range);
    painter.setPen(QPen(style.frame, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(g.visibleRect());
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
    drawMinimap(painter, g, image, range, style);
    painter.restore();
}

void HeatmapView::drawMatrix(QPainter &painter, const HeatmapGeometry &g, const QImage &cells, double scoreRange) const
{
    const CellRange all{0, g.rows};
    const CellRange rows = g.visibleRows();
    const CellRange cols = g.visibleColumns();
    const ColorScaleMode mode = colorScaleMode(options());
    const bool partOfTheHead = rows.size() < g.rows || cols.size() < g.cols;
    const double devicePixelsPerCell = g.cellSize * painter.device()->devicePixelRatioF();
    if (devicePixelsPerCell >= 1 && !(mode.scale == ColorScale::Visible && partOfTheHead)) {
        heatmappaint::drawVisibleCells(painter, g, cells, all, all);
        return;
    }
    // Cells below a pixel: scaling the one-pixel-per-cell image down would keep some cells and
    // drop the rest. Pool the visible cells to (at most) one image pixel per device pixel instead.
    // The visible scale of a zoomed view colours the visible block by its own range: that block,
    // one pixel a cell when cells are larger.
    const QSize pixels(std::clamp(int(std::floor(cols.size() * devicePixelsPerCell)), 1, cols.size()),
                       std::clamp(int(std::floor(rows.size() * devicePixelsPerCell)), 1, rows.size()));
    const QImage &pooled = m_pooled.image(result(), shownLayer(), shownHead(), options().colorMap, shownValue(), mode,
                                          scoreRange, rows, cols, pixels);
    heatmappaint::drawVisibleCells(painter, g, pooled, rows, cols);
}

void HeatmapView::drawMinimap(QPainter &painter, const HeatmapGeometry &g, const QImage &cells, double scoreRange,
                              const HeatmapStyle &style) const
{
    if (g.minimapRect.isEmpty())
        return;
    const int side = std::max(1, int(std::floor(g.minimapRect.width() * painter.device()->devicePixelRatioF())));
    const CellRange all{0, g.rows};
    const QImage &overview = g.rows <= side ? cells
                                            : m_minimap.image(result(), shownLayer(), shownHead(), options().colorMap,
                                                              shownValue(), colorScaleMode(options()), scoreRange,
                                                              all, all, QSize(side, side));
    heatmappaint::drawMinimap(painter, g, overview, style);
}

void HeatmapView::setZoom(const HeatmapZoom &zoom)
{
    const HeatmapZoom clamped = zoom.clamped(layoutFor(QSizeF(size())));
    if (clamped == m_zoom)
        return;
    m_zoom = clamped;
    update();
}

void HeatmapView::zoomAt(const QPointF &anchor, double multiplier)
{
    if (shownHead() < 0 || !std::isfinite(multiplier) || multiplier <= 0)
        return;
    const HeatmapGeometry fit = layoutFor(QSizeF(size()));
    setZoom(m_zoom.zoomedAbout(fit, anchor, m_zoom.factor * multiplier));
}

bool HeatmapView::zoomByKey(int key)
{
    if (shownHead() < 0)
        return false;
    if (key == Qt::Key_0) {
        resetZoom();
        return true;
    }
    if (key != Qt::Key_Plus && key != Qt::Key_Equal && key != Qt::Key_Minus)
        return false;
    // About the focused cell when it is in view, so that + keeps it there; else the middle.
    const HeatmapGeometry g = currentLayout();
    QPointF anchor = g.visibleRect().center();
    const Focus &focused = focus();
    if (focused.hasToken() && focused.key >= 0 && focused.query < g.rows && focused.key < g.cols) {
        const QPointF cell = g.cellRect(focused.query, focused.key).center();
        if (g.visibleRect().contains(cell))
            anchor = cell;
    }
    zoomAt(anchor, key == Qt::Key_Minus ? 1 / kKeyZoomStep : kKeyZoomStep);
    return true;
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
        if (g.titleRect.contains(help->pos()) && shownHead() >= 0) {
            // The title is elided when the pane is narrow: its tooltip is the whole of it.
            QToolTip::showText(help->globalPos(), exportTitle(), this, g.titleRect.toAlignedRect());
            return true;
        }
        const std::optional<HeatmapCell> cell = g.cellAt(help->pos());
        const QString text = cell && shownHead() >= 0 ? describeCell(cell->row, cell->col) : QString();
        if (text.isEmpty()) {
            // Outside the matrix the widget's own help text explains how to use it.
            return QWidget::event(event);
        }
        QToolTip::showText(help->globalPos(), text, this, g.cellRect(cell->row, cell->col).toAlignedRect());
        return true;
    }
    if (event->type() == QEvent::NativeGesture) {
        auto *gesture = static_cast<QNativeGestureEvent *>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) { // a pinch: value() is the change
            zoomAt(gesture->position(), 1 + gesture->value());
            hoverAt(gesture->position());
            return true;
        }
        if (gesture->gestureType() == Qt::SmartZoomNativeGesture) { // a two-finger double tap
            if (m_zoom.isFit())
                zoomAt(gesture->position(), 4);
            else
                resetZoom();
            return true;
        }
    }
    return QWidget::event(event);
}

void HeatmapView::wheelEvent(QWheelEvent *event)
{
    if (shownHead() < 0)
        return QWidget::wheelEvent(event);
    if (event->modifiers() & Qt::ControlModifier) {
        const QPoint delta = event->angleDelta();
        const int notches = delta.y() != 0 ? delta.y() : delta.x();
        zoomAt(event->position(), std::pow(kWheelZoomStep, notches / 120.0));
        hoverAt(event->position());
        event->accept();
        return;
    }
    if (m_zoom.isFit()) // nothing to scroll: the enclosing pane may want the wheel
        return QWidget::wheelEvent(event);
    // A touchpad says pixels; a wheel says notches.
    QPointF pixels = !event->pixelDelta().isNull() ? QPointF(event->pixelDelta())
                                                   : QPointF(event->angleDelta()) * (kWheelScrollPixels / 120.0);
    if ((event->modifiers() & Qt::ShiftModifier) && pixels.x() == 0)
        pixels = QPointF(pixels.y(), 0); // Shift+wheel scrolls sideways
    setZoom(m_zoom.pannedBy(layoutFor(QSizeF(size())), pixels));
    hoverAt(event->position());
    event->accept();
}

void HeatmapView::mouseMoveEvent(QMouseEvent *event)
{
    const Qt::MouseButtons held = event->buttons();
    if (m_press.onMinimap && (held & Qt::LeftButton)) {
        const HeatmapGeometry g = currentLayout();
        setZoom(m_zoom.centredOn(layoutFor(QSizeF(size())), g.minimapToCells(event->position())));
        return;
    }
    const bool dragging = (m_press.button == Qt::LeftButton && (held & Qt::LeftButton)) ||
                          (m_press.button == Qt::MiddleButton && (held & Qt::MiddleButton));
    if (dragging && !m_press.zoom.isFit()) {
        const QPointF moved = event->position() - m_press.position;
        if (!m_press.panning && (m_press.button == Qt::MiddleButton ||
                                 moved.manhattanLength() >= QApplication::startDragDistance())) {
            m_press.panning = true;
            setCursor(Qt::ClosedHandCursor);
        }
        if (m_press.panning) {
            setZoom(m_press.zoom.pannedBy(layoutFor(QSizeF(size())), moved));
            return;
        }
    }
    hoverAt(event->position());
}

void HeatmapView::hoverAt(const QPointF &position)
{
    FocusModel *model = focusModel();
    if (!model || shownHead() < 0)
        return;
    const std::optional<HeatmapCell> cell = currentLayout().cellAt(position);
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
    const Qt::MouseButton button = event->button();
    if ((button != Qt::LeftButton && button != Qt::MiddleButton) || shownHead() < 0)
        return QWidget::mousePressEvent(event);
    setFocus(Qt::MouseFocusReason);
    m_press = Press{event->position(), button, m_zoom, false, false};
    const HeatmapGeometry g = currentLayout();
    if (button == Qt::LeftButton && g.minimapRect.contains(event->position())) {
        m_press.onMinimap = true;
        setZoom(m_zoom.centredOn(layoutFor(QSizeF(size())), g.minimapToCells(event->position())));
    }
}

void HeatmapView::mouseReleaseEvent(QMouseEvent *event)
{
    const Press press = m_press;
    if (event->button() != press.button)
        return QWidget::mouseReleaseEvent(event);
    m_press = Press();
    if (press.panning)
        unsetCursor();
    FocusModel *model = focusModel();
    // A click (no pan, not on the minimap) pins the cell it was made on.
    if (press.button != Qt::LeftButton || press.panning || press.onMinimap || !model || shownHead() < 0) {
        hoverAt(event->position());
        return;
    }
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
    if (zoomByKey(event->key()))
        event->accept();
    else if (model && model->handleKey(event->key(), result() ? result()->tokenCount() : 0)) {
        // Arrow keys may walk the focus out of a zoomed view: the view follows it.
        const Focus &focused = model->focus();
        const HeatmapGeometry g = currentLayout();
        if (g.isZoomed() && focused.hasToken() && focused.query < g.rows && focused.key < g.cols) {
            const QRectF cell = g.cellRect(focused.query, std::max(focused.key, 0));
            if (!g.visibleRect().contains(cell.center())) {
                const QPointF centre((cell.center().x() - g.origin.x()) / g.cellSize,
                                     (cell.center().y() - g.origin.y()) / g.cellSize);
                setZoom(m_zoom.centredOn(layoutFor(QSizeF(size())), centre));
            }
        }
        event->accept();
    }
    else
        QWidget::keyPressEvent(event);
}

} // namespace attn::ui
