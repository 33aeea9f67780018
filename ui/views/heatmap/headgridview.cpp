#include "headgridview.h"

#include "celltext.h"
#include "heatmappainter.h"
#include "views/colormap/colormap.h"

#include <QFontMetricsF>
#include <QStringList>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

constexpr double kMaxLabelWidth = 90;
constexpr double kNaturalTileSide = 200; // an exported sheet's tiles aim for about this size

double lightness(const QColor &color)
{
    return 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF();
}

// The head's colour, nudged until it reads on this background (yellow on white, navy on black).
QColor captionColor(int head, const QColor &background)
{
    QColor color = headColor(head);
    const bool lightBackground = lightness(background) > 0.5;
    if (lightBackground && lightness(color) > 0.55)
        color = color.darker(150);
    else if (!lightBackground && lightness(color) < 0.35)
        color = color.lighter(160);
    return color;
}

} // namespace

HeadGridView::HeadGridView(QWidget *parent) : ResultView(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Every head as a small heatmap. Hover a cell to focus that head and pair, click to select "
                  "the head and pin the pair; Page Up/Down change the head."));
}

void HeadGridView::onResultChanged()
{
    m_caches.assign(result() ? size_t(result()->layerCount()) : 0, HeadImageCache());
    m_pooledTiles.clear();
    update();
}

void HeadGridView::setAllLayers(bool allLayers)
{
    if (allLayers == m_allLayers)
        return;
    m_allLayers = allLayers;
    update();
}

void HeadGridView::setFixedLayer(int layer)
{
    m_fixedLayer = layer;
    update();
}

int HeadGridView::focusedLayer() const
{
    if (!result() || result()->layerCount() == 0)
        return -1;
    const int layer = m_fixedLayer >= 0 ? m_fixedLayer : focus().layer;
    return std::clamp(layer, 0, result()->layerCount() - 1);
}

std::vector<HeadRef> HeadGridView::shownHeads() const
{
    std::vector<HeadRef> heads;
    const int layer = focusedLayer();
    if (layer < 0)
        return heads;
    const int first = m_allLayers ? 0 : layer;
    const int last = m_allLayers ? result()->layerCount() - 1 : layer;
    for (int l = first; l <= last; ++l)
        for (int h = 0; h < result()->headCount(); ++h)
            heads.push_back(HeadRef{l, h});
    return heads;
}

double HeadGridView::scoreRange() const
{
    const int layer = focusedLayer();
    if (layer < 0)
        return 1.0;
    if (!m_allLayers)
        return m_caches[size_t(layer)].scoreRange(result(), layer);
    double range = 0;
    for (int l = 0; l < result()->layerCount(); ++l)
        range = std::max(range, m_caches[size_t(l)].scoreRange(result(), l));
    return range;
}

ColorBarScale HeadGridView::barScale() const
{
    // Per head or visible maximum: each tile has its own top, so the bar reads in shares of it.
    const ViewOptions &o = options();
    const ScaleRange fixed{0, o.cellValue == CellValue::Scores ? scoreRange() : 1.0};
    return colorBarScale(o.cellValue, colorScaleMode(o), fixed, fixed, false);
}

const QImage &HeadGridView::tileImage(const HeadRef &ref, int tile, double devicePixels) const
{
    const ViewOptions &o = options();
    const int n = result()->tokenCount();
    const int side = int(std::floor(devicePixels));
    if (side < n && side >= 1) {
        if (m_pooledTiles.size() <= size_t(tile))
            m_pooledTiles.resize(size_t(tile) + 1);
        // The same range as the one-pixel-per-cell images: the layer's, or every layer's.
        const double range = o.cellValue != CellValue::Scores ? 1.0
                             : m_allLayers                    ? scoreRange()
                                                              : m_caches[size_t(ref.layer)].scoreRange(result(), ref.layer);
        const CellRange all{0, n};
        return m_pooledTiles[size_t(tile)].image(result(), ref.layer, ref.head, o.colorMap, o.cellValue,
                                                 colorScaleMode(o), range, all, all, QSize(side, side));
    }
    const double range = m_allLayers && o.cellValue == CellValue::Scores ? scoreRange() : 0.0;
    return m_caches[size_t(ref.layer)].image(result(), ref.layer, ref.head, o.colorMap, o.cellValue, colorScaleMode(o),
                                             range);
}

int HeadGridView::imageBuildCount() const
{
    int builds = 0;
    for (const HeadImageCache &cache : m_caches)
        builds += cache.buildCount();
    return builds;
}

QString HeadGridView::exportTitle() const
{
    QString title;
    if (m_allLayers || !result())
        title = tr("All heads");
    else if (result()->layerCount() > 1)
        title = tr("All heads of layer %1").arg(focusedLayer());
    else if (result()->headCount() == 1)
        title = tr("The only head");
    else
        title = tr("All %1 heads").arg(result()->headCount());
    return titleWithInput(title);
}

HeatmapStyle HeadGridView::tileStyle(const HeatmapStyle &style)
{
    HeatmapStyle small = style;
    small.labelFont.setPixelSize(10);
    small.captionFont.setPixelSize(10);
    return small;
}

QFont HeadGridView::captionFont(const HeatmapStyle &style)
{
    QFont font = tileStyle(style).labelFont;
    font.setBold(true);
    return font;
}

QRectF HeadGridView::captionTextRect(const QRectF &caption)
{
    const double swatch = std::min(caption.height() - 4, 9.0);
    return caption.adjusted(swatch + 3, 0, 0, 0);
}

QString HeadGridView::fullHeadName(const HeadRef &ref) const
{
    if (!result())
        return {};
    return m_allLayers ? layerHeadName(*result(), ref.layer, ref.head) : headName(*result(), ref.head);
}

QString HeadGridView::captionFor(const HeadRef &ref, double width, const QFontMetricsF &metrics) const
{
    if (!result())
        return {};
    // Longest first; the last one is as short as a name can be.
    QStringList names;
    if (m_allLayers) {
        names << tr("%1.%2").arg(ref.layer).arg(ref.head);
    } else {
        names << headName(*result(), ref.head) << tr("head %1").arg(ref.head) << tr("h%1").arg(ref.head)
              << QString::number(ref.head);
    }
    for (const QString &name : std::as_const(names))
        if (metrics.horizontalAdvance(name) <= width)
            return name;
    return names.back();
}

QString HeadGridView::tileCaption(const HeadTile &tile) const
{
    const QFontMetricsF metrics(captionFont(HeatmapStyle::forWidget(*this)));
    return captionFor(tile.ref, captionTextRect(tile.captionRect).width(), metrics);
}

double HeadGridView::labelWidth(const HeatmapStyle &style) const
{
    return m_widestLabel.of(result(), QFontMetricsF(style.labelFont), kMaxLabelWidth);
}

HeadGridMetrics HeadGridView::metricsFor(const HeatmapStyle &style, bool standalone) const
{
    const HeatmapStyle small = tileStyle(style);
    HeadGridMetrics m;
    m.textHeight = QFontMetricsF(small.labelFont).height();
    m.labelWidth = labelWidth(small);
    QFont caption = small.labelFont;
    caption.setBold(true);
    m.captionHeight = QFontMetricsF(caption).height() + 2;
    m.axisCaptionHeight = QFontMetricsF(small.captionFont).height();
    m.queryCaptionWidth = QFontMetricsF(small.captionFont).horizontalAdvance(QStringLiteral("query ↓")) + 2;
    m.titleHeight = standalone ? QFontMetricsF(style.titleFont).height() : 0;
    m.colorBarWidth = heatmappaint::colorBarWidth(small, barScale());
    return m;
}

HeadGridGeometry HeadGridView::layoutWith(const QSizeF &size, const HeatmapStyle &style, bool standalone) const
{
    const int columns = m_allLayers && result() ? result()->headCount() : 0;
    return HeadGridGeometry::fit(size, result() ? result()->tokenCount() : 0, shownHeads(), columns,
                                 metricsFor(style, standalone));
}

HeadGridGeometry HeadGridView::layoutFor(const QSizeF &size) const
{
    return layoutWith(size, HeatmapStyle::forWidget(*this), true);
}

QSize HeadGridView::contentSize() const
{
    const std::vector<HeadRef> heads = shownHeads();
    if (heads.empty() || result()->tokenCount() == 0)
        return QSize(320, 240);
    const int n = result()->tokenCount();
    // Whole pixels per cell keep every cell the same size in a PNG.
    const double cell = std::clamp(std::floor(kNaturalTileSide / n), 1.0, 24.0);
    const int columns = m_allLayers ? result()->headCount() : 0;
    const HeadGridGeometry g = HeadGridGeometry::withTileSize(cell * n, n, heads, columns,
                                                              metricsFor(HeatmapStyle::forExport(font()), true));
    return QSize(int(std::ceil(g.contentRect.width())), int(std::ceil(g.contentRect.height())));
}

void HeadGridView::paintContent(QPainter &painter, const QSize &size, bool includeFocus) const
{
    const bool onScreen = painter.device() == this;
    const HeatmapStyle style = onScreen ? HeatmapStyle::forWidget(*this) : HeatmapStyle::forExport(font());
    const HeatmapStyle small = tileStyle(style);
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), style.background);

    const std::vector<HeadRef> heads = shownHeads();
    if (heads.empty() || result()->tokenCount() == 0) {
        heatmappaint::drawMessage(painter, size, messageOr(tr("Every head will appear here as a small heatmap.")),
                                  style);
        painter.restore();
        return;
    }

    const ViewOptions &options = this->options();
    const HeadGridGeometry g = layoutWith(QSizeF(size), style, true);
    const Focus &focus = this->focus();
    const bool showFocus = includeFocus && focus.hasToken();

    if (!g.titleRect.isNull())
        heatmappaint::drawTitle(painter, g.titleRect, exportTitle(), style);

    const QFont tileCaptionFont = captionFont(style);
    const QFontMetricsF captionMetrics(tileCaptionFont);
    const double devicePixelRatio = painter.device()->devicePixelRatioF();
    for (size_t i = 0; i < g.tiles.size(); ++i) {
        const HeadTile &tile = g.tiles[i];
        const QRectF matrix = tile.matrix.matrixRect();
        heatmappaint::drawCells(painter, tileImage(tile.ref, int(i), matrix.width() * devicePixelRatio), matrix);
        painter.setPen(QPen(style.frame, 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(matrix);

        // Caption: a swatch and "head N" in the head's colour.
        const QRectF caption = tile.captionRect;
        const double swatch = std::min(caption.height() - 4, 9.0);
        const QColor color = captionColor(tile.ref.head, style.background);
        painter.fillRect(QRectF(caption.left(), caption.center().y() - swatch / 2, swatch, swatch),
                         headColor(tile.ref.head));
        painter.setFont(tileCaptionFont);
        painter.setPen(color);
        const QRectF textRect = captionTextRect(caption);
        painter.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                         captionFor(tile.ref, textRect.width(), captionMetrics));

        if (tile.matrix.rowLabelStride > 0 || tile.matrix.columnLabelStride > 0)
            heatmappaint::drawLabels(painter, tile.matrix, result()->tokens, small, kMaxLabelWidth,
                                     showFocus ? focus.query : -1, showFocus ? focus.key : -1);
    }

    drawKeyValueGroups(painter, g, style);

    if (includeFocus) {
        painter.setBrush(Qt::NoBrush);
        for (const HeadTile &tile : g.tiles) {
            if (tile.ref.layer == focus.layer && tile.ref.head == focus.head) {
                painter.setPen(QPen(style.highlight, 2));
                painter.drawRect(tile.frame().adjusted(-3, -2, 3, 3));
            }
            if (!showFocus || focus.query >= tile.matrix.rows)
                continue;
            const HeatmapGeometry &mg = tile.matrix;
            if (focus.key < 0 || focus.key >= mg.cols) {
                const QRectF row = mg.rowRect(focus.query);
                const QRectF band = row.adjusted(0, -1, 0, 1);
                painter.setPen(QPen(QColor(0, 0, 0, 200), 3));
                painter.drawRect(band);
                painter.setPen(QPen(QColor(255, 255, 255, 230), 1));
                painter.drawRect(band);
                continue;
            }
            // The marker stays visible on tiny cells: at least 6 px across.
            const QRectF cell = mg.cellRect(focus.query, focus.key);
            const double side = std::max(cell.width() + 2, 6.0);
            const QRectF mark(cell.center().x() - side / 2, cell.center().y() - side / 2, side, side);
            painter.setPen(QPen(QColor(0, 0, 0, 220), focus.pinned ? 3.5 : 3));
            painter.drawRect(mark);
            painter.setPen(QPen(QColor(255, 255, 255, 240), focus.pinned ? 2 : 1.2));
            painter.drawRect(mark);
        }
    }

    HeatmapGeometry captions;
    captions.keyCaptionRect = g.keyCaptionRect;
    captions.queryCaptionRect = g.queryCaptionRect;
    heatmappaint::drawAxisCaptions(painter, captions, small);
    heatmappaint::drawColorBar(painter, g.colorBarRect, options.colorMap, barScale(), small);
    painter.restore();
}

void HeadGridView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintContent(painter, size(), true);
}

void HeadGridView::drawKeyValueGroups(QPainter &painter, const HeadGridGeometry &g, const HeatmapStyle &style) const
{
    // Grouped-query attention in the every-layer grid (a column per head): a rule between the columns
    // of different key/value heads, so that the heads reading the same keys and values stand together.
    if (!m_allLayers || !result()->groupedQuery() || g.tiles.empty())
        return;
    const double top = g.tiles.front().frame().top();
    const double bottom = g.tiles.back().frame().bottom();
    painter.save();
    painter.setPen(QPen(style.mutedText, 1, Qt::DashLine));
    for (size_t i = 1; i < g.tiles.size() && g.tiles[i].ref.layer == g.tiles.front().ref.layer; ++i) {
        const int head = g.tiles[i].ref.head;
        if (result()->keyValueHeadOf(head) == result()->keyValueHeadOf(g.tiles[i - 1].ref.head))
            continue;
        const double x = (g.tiles[i - 1].frame().right() + g.tiles[i].frame().left()) / 2;
        painter.drawLine(QPointF(x, top), QPointF(x, bottom));
    }
    painter.restore();
}

QString HeadGridView::toolTipAt(const QPointF &position) const
{
    if (!result())
        return {};
    const HeadGridGeometry g = currentLayout();
    const std::optional<HeadGridGeometry::Hit> hit = g.hitAt(position);
    if (!hit)
        return {};
    const HeadRef ref = g.tiles[size_t(hit->tile)].ref;
    if (!hit->cell)
        return tr("%1 — click to show it large").arg(fullHeadName(ref));
    return cellToolTip(*result(), ref.layer, ref.head, hit->cell->row, hit->cell->col);
}

bool HeadGridView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (!text.isEmpty()) {
            QToolTip::showText(help->globalPos(), text, this);
            return true;
        }
    }
    return QWidget::event(event);
}

void HeadGridView::mouseMoveEvent(QMouseEvent *event)
{
    FocusModel *model = focusModel();
    if (!model || !result())
        return;
    const HeadGridGeometry g = currentLayout();
    const std::optional<HeadGridGeometry::Hit> hit = g.hitAt(event->position());
    Focus focus = model->focus();
    if (hit && hit->cell) {
        if (focus.pinned)
            return;
        const HeadRef ref = g.tiles[size_t(hit->tile)].ref;
        focus.layer = ref.layer;
        focus.head = ref.head;
        focus.query = hit->cell->row;
        focus.key = hit->cell->col;
        model->setFocus(focus); // one change, so every view repaints once
    } else if (focus.hasToken() && !focus.pinned) {
        model->hover(-1, -1);
    }
}

void HeadGridView::mousePressEvent(QMouseEvent *event)
{
    FocusModel *model = focusModel();
    if (event->button() != Qt::LeftButton || !model || !result())
        return QWidget::mousePressEvent(event);
    setFocus(Qt::MouseFocusReason);
    const HeadGridGeometry g = currentLayout();
    const std::optional<HeadGridGeometry::Hit> hit = g.hitAt(event->position());
    if (!hit)
        return;
    const HeadRef ref = g.tiles[size_t(hit->tile)].ref;
    Focus focus = model->focus();
    const bool sameHead = focus.layer == ref.layer && focus.head == ref.head;
    if (!hit->cell) { // the caption selects the head
        focus.layer = ref.layer;
        focus.head = ref.head;
        model->setFocus(focus);
        return;
    }
    if (sameHead && focus.pinned && focus.query == hit->cell->row && focus.key == hit->cell->col) {
        model->pin(hit->cell->row, hit->cell->col); // clicking the pinned cell again unpins it
        return;
    }
    focus.layer = ref.layer;
    focus.head = ref.head;
    focus.query = hit->cell->row;
    focus.key = hit->cell->col;
    focus.pinned = true;
    model->setFocus(focus);
}

void HeadGridView::leaveEvent(QEvent *event)
{
    if (FocusModel *model = focusModel(); model && model->focus().hasToken() && !model->focus().pinned)
        model->hover(-1, -1);
    QWidget::leaveEvent(event);
}

void HeadGridView::keyPressEvent(QKeyEvent *event)
{
    FocusModel *model = focusModel();
    if (!model)
        return QWidget::keyPressEvent(event);
    const int heads = result() ? result()->headCount() : 0;
    const int head = model->focus().head;
    if (event->key() == Qt::Key_PageUp && heads > 0)
        model->setHead(std::max(0, head - 1));
    else if (event->key() == Qt::Key_PageDown && heads > 0)
        model->setHead(std::min(heads - 1, head + 1));
    else if (!model->handleKey(event->key(), result() ? result()->tokenCount() : 0))
        return QWidget::keyPressEvent(event);
    event->accept();
}

} // namespace attn::ui
