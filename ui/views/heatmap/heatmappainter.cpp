#include "heatmappainter.h"

#include "celltext.h"
#include "views/colormap/colormap.h"
#include "views/valueformat.h"

#include <QFontMetricsF>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace attn::ui::heatmappaint {

namespace {

constexpr int kMaxVectorImageSide = 2048; // enlarged copies for SVG/PDF stay below this
constexpr int kThinningPossible = 30;     // above this many tokens labels may be thinned

bool isRasterDevice(const QPainter &painter)
{
    const QPaintEngine *engine = painter.paintEngine();
    return !engine || engine->type() == QPaintEngine::Raster || engine->type() == QPaintEngine::OpenGL2;
}

QImage barImage(ColorMapId map, CellValue value) // one pixel wide, the largest value on top
{
    if (value == CellValue::Weights) {
        const ColorTable &table = colorTable(map);
        QImage image(1, kColorTableSize, QImage::Format_RGB32);
        for (int i = 0; i < kColorTableSize; ++i)
            *reinterpret_cast<QRgb *>(image.scanLine(kColorTableSize - 1 - i)) = table[size_t(i)];
        return image;
    }
    const DivergingTable &table = divergingTable();
    QImage image(1, kDivergingTableSize, QImage::Format_RGB32);
    for (int i = 0; i < kDivergingTableSize; ++i)
        *reinterpret_cast<QRgb *>(image.scanLine(kDivergingTableSize - 1 - i)) = table[size_t(i)];
    return image;
}

void drawRowLabel(QPainter &painter, const HeatmapGeometry &g, int row, const QString &text)
{
    painter.drawText(g.rowLabelRect(row), Qt::AlignRight | Qt::AlignVCenter, text);
}

void drawColumnLabel(QPainter &painter, const HeatmapGeometry &g, int col, const QString &text)
{
    const QPointF anchor = g.columnLabelAnchor(col);
    if (g.columnLabelAngle != 0) {
        painter.save();
        painter.translate(anchor);
        painter.rotate(-g.columnLabelAngle);
        painter.drawText(QPointF(0, 0), text);
        painter.restore();
    } else {
        const double width = QFontMetricsF(painter.font()).horizontalAdvance(text);
        painter.drawText(QPointF(anchor.x() - width / 2, anchor.y()), text);
    }
}

} // namespace

void drawTitle(QPainter &painter, const QRectF &rect, const QString &title, const HeatmapStyle &style)
{
    painter.setFont(style.titleFont);
    painter.setPen(style.text);
    painter.drawText(rect, Qt::AlignLeft | Qt::AlignVCenter,
                     QFontMetricsF(style.titleFont).elidedText(title, Qt::ElideRight, rect.width()));
}

void drawMessage(QPainter &painter, const QSize &size, const QString &message, const HeatmapStyle &style)
{
    painter.setPen(style.mutedText);
    painter.setFont(style.labelFont);
    painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap, message);
}

void drawCells(QPainter &painter, const QImage &image, const QRectF &target)
{
    if (image.isNull() || target.isEmpty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    if (isRasterDevice(painter)) {
        painter.drawImage(target, image);
    } else {
        const int side = std::max(image.width(), image.height());
        const int factor = std::clamp(kMaxVectorImageSide / std::max(side, 1), 1, 32);
        painter.drawImage(target, factor == 1 ? image
                                              : image.scaled(image.size() * factor, Qt::IgnoreAspectRatio,
                                                             Qt::FastTransformation));
    }
    painter.restore();
}

void drawVisibleCells(QPainter &painter, const HeatmapGeometry &g, const QImage &image, CellRange rows,
                      CellRange cols)
{
    const CellRange visibleRows = g.visibleRows();
    const CellRange visibleCols = g.visibleColumns();
    if (image.isNull() || rows.size() <= 0 || cols.size() <= 0 || visibleRows.size() <= 0 || visibleCols.size() <= 0)
        return;
    if (!g.isZoomed() && rows.size() == g.rows && cols.size() == g.cols) {
        drawCells(painter, image, g.matrixRect());
        return;
    }
    // The image's pixels that cover the visible cells, widened to whole pixels, drawn where those
    // pixels' cells are; the viewport's edges cut what sticks out.
    const double sx = double(image.width()) / cols.size();  // pixels per cell
    const double sy = double(image.height()) / rows.size();
    const int left = std::clamp(int(std::floor((visibleCols.begin - cols.begin) * sx)), 0, image.width());
    const int right = std::clamp(int(std::ceil((visibleCols.end - cols.begin) * sx)), left, image.width());
    const int top = std::clamp(int(std::floor((visibleRows.begin - rows.begin) * sy)), 0, image.height());
    const int bottom = std::clamp(int(std::ceil((visibleRows.end - rows.begin) * sy)), top, image.height());
    if (right <= left || bottom <= top)
        return;
    const QRectF target(g.origin.x() + (cols.begin + left / sx) * g.cellSize,
                        g.origin.y() + (rows.begin + top / sy) * g.cellSize, (right - left) / sx * g.cellSize,
                        (bottom - top) / sy * g.cellSize);
    painter.save();
    painter.setClipRect(g.visibleRect(), Qt::IntersectClip);
    drawCells(painter, image.copy(left, top, right - left, bottom - top), target);
    painter.restore();
}

void drawMinimap(QPainter &painter, const HeatmapGeometry &g, const QImage &overview, const HeatmapStyle &style)
{
    if (g.minimapRect.isEmpty() || overview.isNull())
        return;
    painter.save();
    const QRectF map = g.minimapRect;
    painter.fillRect(map.adjusted(-2, -2, 2, 2), style.background);
    drawCells(painter, overview, map);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(style.frame, 1));
    painter.drawRect(map.adjusted(-2, -2, 2, 2));
    // What the viewport shows, dark and light so that it reads on any colour map; never thinner
    // than a few pixels, so that a deep zoom still marks where it is.
    QRectF window = g.minimapWindow();
    const QPointF centre = window.center();
    window.setSize(window.size().expandedTo(QSizeF(4, 4)));
    window.moveCenter(centre);
    window = window.intersected(map);
    painter.setPen(QPen(QColor(0, 0, 0, 220), 3));
    painter.drawRect(window);
    painter.setPen(QPen(QColor(255, 255, 255, 240), 1.2));
    painter.drawRect(window);
    painter.restore();
}

QString labelText(const TokenList &tokens, int index, int stride, const QFontMetricsF &metrics, double maxWidth)
{
    if (index < 0 || index >= int(tokens.size()))
        return {};
    QString text = tokenLabel(tokens[size_t(index)]);
    // Short inputs are easy to count without it (and widestLabel leaves no room for it).
    if (stride > 1 && int(tokens.size()) > kThinningPossible)
        text = QString::number(index) + QLatin1Char(' ') + text;
    return metrics.elidedText(text, Qt::ElideRight, maxWidth);
}

double widestLabel(const TokenList &tokens, const QFontMetricsF &metrics, double maxWidth)
{
    // The focused label is drawn bold (about a tenth wider) and must not stick out of its margin.
    const double boldFactor = 1.12;
    double widest = 0;
    for (const Token &token : tokens) {
        widest = std::max(widest, metrics.horizontalAdvance(tokenLabel(token)));
        if (widest >= maxWidth)
            break;
    }
    if (int(tokens.size()) > kThinningPossible)
        widest += metrics.horizontalAdvance(QString::number(tokens.size()) + QLatin1Char(' '));
    return std::min(std::ceil(widest * boldFactor) + 2, maxWidth + 12);
}

void drawLabels(QPainter &painter, const HeatmapGeometry &g, const TokenList &tokens, const HeatmapStyle &style,
                double maxLabelWidth, int focusRow, int focusCol)
{
    if (int(tokens.size()) < std::max(g.rows, g.cols))
        return;
    painter.save();
    painter.setFont(style.labelFont);
    const QFontMetricsF metrics(style.labelFont);
    painter.setPen(style.text);
    // Special tokens (<|begin_of_text|>, <bos>) in the muted colour: control tokens, not text.
    const auto penFor = [&](int index) { return tokens[size_t(index)].special ? style.mutedText : style.text; };
    // Only the strided labels of the visible rows and columns are looked at: a zoomed 4,096-token
    // matrix shows a few dozen.
    const auto firstOnStride = [](CellRange range, int stride) { return (range.begin + stride - 1) / stride * stride; };
    if (g.rowLabelStride > 0) {
        const CellRange rows = g.visibleRows();
        for (int row = firstOnStride(rows, g.rowLabelStride); row < rows.end; row += g.rowLabelStride)
            if (row != focusRow && g.showsRowLabel(row, focusRow)) {
                painter.setPen(penFor(row));
                drawRowLabel(painter, g, row, labelText(tokens, row, g.rowLabelStride, metrics, maxLabelWidth));
            }
    }
    if (g.columnLabelStride > 0) {
        const CellRange cols = g.visibleColumns();
        for (int col = firstOnStride(cols, g.columnLabelStride); col < cols.end; col += g.columnLabelStride)
            if (col != focusCol && g.showsColumnLabel(col, focusCol)) {
                painter.setPen(penFor(col));
                drawColumnLabel(painter, g, col, labelText(tokens, col, g.columnLabelStride, metrics, maxLabelWidth));
            }
    }

    // The focused labels: always shown, bold, on a patch of background so thinned neighbours
    // never overprint them.
    QFont bold = style.labelFont;
    bold.setBold(true);
    painter.setFont(bold);
    const QFontMetricsF boldMetrics(bold);
    if (g.showsRowLabel(focusRow, focusRow)) {
        const QString text = labelText(tokens, focusRow, g.rowLabelStride, boldMetrics, maxLabelWidth);
        const QRectF rect = g.rowLabelRect(focusRow);
        const double width = boldMetrics.horizontalAdvance(text) + 4;
        painter.fillRect(QRectF(rect.right() - width, rect.top(), width, rect.height()), style.background);
        painter.setPen(style.highlight);
        drawRowLabel(painter, g, focusRow, text);
    }
    if (g.showsColumnLabel(focusCol, focusCol)) {
        const QString text = labelText(tokens, focusCol, g.columnLabelStride, boldMetrics, maxLabelWidth);
        painter.setPen(style.highlight);
        if (g.columnLabelAngle != 0) {
            painter.save();
            painter.translate(g.columnLabelAnchor(focusCol));
            painter.rotate(-g.columnLabelAngle);
            const double width = boldMetrics.horizontalAdvance(text);
            painter.fillRect(QRectF(-2, -boldMetrics.ascent() - 1, width + 4, boldMetrics.height() + 1),
                             style.background);
            painter.drawText(QPointF(0, 0), text);
            painter.restore();
        } else {
            drawColumnLabel(painter, g, focusCol, text);
        }
    }
    painter.restore();
}

void drawAxisCaptions(QPainter &painter, const HeatmapGeometry &g, const HeatmapStyle &style)
{
    painter.save();
    painter.setFont(style.captionFont);
    painter.setPen(style.mutedText);
    painter.drawText(g.keyCaptionRect, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("key →"));
    painter.drawText(g.queryCaptionRect, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("query ↓"));
    painter.restore();
}

double colorBarWidth(const HeatmapStyle &style, const ColorBarScale &scale)
{
    const QFontMetricsF metrics(style.captionFont);
    double widest = metrics.horizontalAdvance(colorBarCaption(scale));
    for (const ColorBarTick &tick : colorBarTicks(scale))
        widest = std::max(widest, metrics.horizontalAdvance(tick.label) + 14 + 6);
    return std::ceil(widest) + 2;
}

void drawColorBar(QPainter &painter, const QRectF &bar, ColorMapId map, const ColorBarScale &scale,
                  const HeatmapStyle &style)
{
    if (bar.isEmpty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(bar, barImage(map, scale.value));
    painter.setPen(QPen(style.frame, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);

    painter.setFont(style.captionFont);
    const QFontMetricsF metrics(style.captionFont);
    for (const ColorBarTick &tick : colorBarTicks(scale)) {
        const double y = bar.bottom() - tick.position * bar.height();
        painter.setPen(QPen(style.frame, 1));
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        painter.setPen(style.text);
        painter.drawText(QPointF(bar.right() + 6, y + metrics.ascent() / 2 - 1), tick.label);
    }
    painter.setPen(style.mutedText);
    painter.drawText(QPointF(bar.left(), bar.bottom() + 4 + metrics.ascent()), colorBarCaption(scale));
    painter.restore();
}

bool drawCellValues(QPainter &painter, const HeatmapGeometry &g, const HeadResult &head, bool causal, CellValue value,
                    const QImage &image, const HeatmapStyle &style)
{
    const Matrix &values = value == CellValue::Scores ? head.scores : head.weights; // (N, N)
    if (values.rows() != g.rows || values.cols() != g.cols || image.width() != g.cols || image.height() != g.rows)
        return false;
    // One number of decimals for the whole matrix: as many significant digits as fit (three for
    // small examples, so 0.499 and 0.501 stay apart; a slightly smaller font before fewer digits),
    // at least two, else two decimals.
    const bool scores = value == CellValue::Scores;
    const double largest = largestShown(values, causal);
    std::vector<ValueFormat> candidates;
    for (int digits = ValueFormat::significantDigits(g.rows); digits >= 2; --digits)
        candidates.push_back(ValueFormat::forLargest(largest, digits));
    candidates.push_back(ValueFormat{2});
    const int fullSize = std::clamp(int(g.cellSize * 0.3), 8, 12);
    QFont font = style.labelFont;
    std::optional<ValueFormat> format;
    for (const ValueFormat &candidate : candidates) {
        const QString widest = (scores ? QStringLiteral("−") : QString()) + candidate.format(largest);
        for (int size = fullSize; size >= std::max(8, fullSize - 3) && !format; --size) {
            font.setPixelSize(size);
            const QFontMetricsF metrics(font);
            if (metrics.horizontalAdvance(widest) + 4 <= g.cellSize && metrics.height() + 2 <= g.cellSize)
                format = candidate;
        }
        if (format)
            break;
    }
    if (!format)
        return false;
    painter.save();
    painter.setFont(font);
    painter.setClipRect(g.visibleRect(), Qt::IntersectClip);
    const CellRange rows = g.visibleRows();
    const CellRange cols = g.visibleColumns();
    for (int r = rows.begin; r < rows.end; ++r) {
        for (int c = cols.begin; c < cols.end; ++c) {
            if (causal && c > r)
                continue;
            const float v = values(r, c);
            if (!std::isfinite(v))
                continue;
            painter.setPen(textColorOn(image.pixel(c, r)));
            painter.drawText(g.cellRect(r, c), Qt::AlignCenter, format->format(v));
        }
    }
    painter.restore();
    return true;
}

void drawFocus(QPainter &painter, const HeatmapGeometry &g, int query, int key, bool pinned, const HeatmapStyle &style)
{
    if (query < 0 || query >= g.rows)
        return;
    Q_UNUSED(style)
    painter.save();
    painter.setBrush(Qt::NoBrush);
    const double grow = std::max(1.0, std::min(2.0, g.cellSize / 8));
    // Zoomed in, the row and column run far beyond the viewport: outlined up to its edges only.
    const QRectF reach = g.visibleRect().adjusted(-grow, -grow, grow, grow);
    if (g.isZoomed())
        painter.setClipRect(reach.adjusted(-3, -3, 3, 3), Qt::IntersectClip);
    auto outline = [&](const QRectF &rect, double width) {
        const QRectF r = rect.adjusted(-grow, -grow, grow, grow).intersected(reach.adjusted(-1, -1, 1, 1));
        if (r.isEmpty())
            return;
        painter.setPen(QPen(QColor(0, 0, 0, 200), width + 2));
        painter.drawRect(r);
        painter.setPen(QPen(QColor(255, 255, 255, 230), width));
        painter.drawRect(r);
    };
    outline(g.rowRect(query), 1);
    if (key >= 0 && key < g.cols) {
        outline(g.columnRect(key), 1);
        outline(g.cellRect(query, key), pinned ? 3 : 2);
    }
    painter.restore();
}

} // namespace attn::ui::heatmappaint
