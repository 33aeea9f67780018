#include "heatmapgeometry.h"

#include <QTransform>

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

constexpr double kSin45 = 0.70710678118654752;
constexpr double kColorBarGap = 16;   // between the matrix and the colour bar
constexpr double kColorBarMin = 120;  // a bar shorter than this cannot carry its ticks
constexpr double kColorBarMax = 360;
constexpr double kRowSpacing = 1.05;  // label spacing in text heights, rows
// Neighbouring 45° labels are parallel strips cell·sin 45° apart: a line of text needs
// 1/sin 45° ≈ 1.41 text heights of cells between them.
constexpr double kRotatedSpacing = 1.45;
constexpr double kAscent = 0.8; // of a text line's height, above the baseline (outlines)

struct Choice
{
    bool rowLabels = true;
    bool columnLabels = true;
    bool rotated = true;
};

struct Reserve // the space around the matrix, in points
{
    double left = 0;
    double top = 0;
    double right = 0;
    double bottom = 0;
};

double rotatedHeight(const HeatmapMetrics &m)
{
    return HeatmapGeometry::columnLabelExtent(45, m.columnLabelWidth, m.textHeight);
}

Reserve reserveFor(const HeatmapMetrics &m, const Choice &c, double labelGap)
{
    Reserve r;
    const double queryCaptionWidth = m.captionHeight * 4.5; // "query ↓" in caption-height units
    r.left = m.padding + std::max(c.rowLabels ? m.rowLabelWidth : 0.0, queryCaptionWidth) + labelGap;
    double columnLabels = 0;
    double overhang = 0;
    if (c.columnLabels) {
        columnLabels = (c.rotated ? rotatedHeight(m) : m.textHeight) + labelGap;
        overhang = c.rotated ? (m.columnLabelWidth + m.textHeight) * kSin45 + m.textHeight / 2
                             : m.columnLabelWidth / 2;
    }
    r.top = m.padding + (m.titleHeight > 0 ? m.titleHeight + 4 : 0) + m.captionHeight + columnLabels;
    const double bar = m.colorBarWidth > 0 ? kColorBarGap + m.colorBarWidth : 0;
    r.right = std::max(overhang, bar) + m.padding;
    r.bottom = m.padding + (m.colorBarWidth > 0 ? m.textHeight + 4 : 0); // the bar's caption
    return r;
}

HeatmapGeometry compose(int n, double cell, const HeatmapMetrics &m, const Choice &c, double maxBarHeight = kColorBarMax)
{
    HeatmapGeometry g;
    g.rows = n;
    g.cols = n;
    g.cellSize = cell;
    g.textHeight = m.textHeight;
    const Reserve r = reserveFor(m, c, g.labelGap);
    g.rowLabelWidth = c.rowLabels ? m.rowLabelWidth : 0;
    g.columnLabelWidth = m.columnLabelWidth;
    g.columnLabelHeight = c.columnLabels ? (c.rotated ? rotatedHeight(m) : m.textHeight) : 0;
    g.spaceLabels(c.rowLabels, c.columnLabels);
    g.origin = QPointF(r.left, r.top);

    const double side = n * cell;
    double y = m.padding;
    if (m.titleHeight > 0) {
        g.titleRect = QRectF(m.padding, y, std::max(side + r.left + r.right - 2 * m.padding, 0.0), m.titleHeight);
        y += m.titleHeight + 4;
    }
    g.keyCaptionRect = QRectF(r.left, y, std::max(side, m.captionHeight * 4), m.captionHeight);
    // Lifted by half a line so that the first row's label, centred on a thin row, never touches it.
    g.queryCaptionRect = QRectF(m.padding, r.top - m.captionHeight - m.textHeight / 2 - 2, r.left - m.padding - g.labelGap,
                                m.captionHeight);

    double bottom = r.top + side;
    if (m.colorBarWidth > 0) {
        // Short matrices still get a readable bar, as long as the space allows.
        const double limit = std::max(maxBarHeight, 40.0);
        const double barHeight = std::clamp(side, std::min(kColorBarMin, limit), std::min(kColorBarMax, limit));
        g.colorBarRect = QRectF(r.left + side + kColorBarGap, r.top, 14, barHeight);
        bottom = std::max(bottom, r.top + barHeight);
    }
    const double width = r.left + side + r.right;
    const double height = bottom + r.bottom;
    g.contentRect = QRectF(0, 0, width, height);
    return g;
}

double cellToFit(const QSizeF &size, int n, const HeatmapMetrics &m, const Choice &c)
{
    const Reserve r = reserveFor(m, c, HeatmapGeometry().labelGap);
    const double byWidth = (size.width() - r.left - r.right) / n;
    const double byHeight = (size.height() - r.top - r.bottom) / n;
    // A cell never vanishes: the matrix stays hoverable even in a tiny window.
    return std::clamp(std::min(byWidth, byHeight), 0.05, m.maxCellSize);
}

} // namespace

QRectF HeatmapGeometry::matrixRect() const
{
    return QRectF(origin, QSizeF(cols * cellSize, rows * cellSize));
}

QRectF HeatmapGeometry::visibleRect() const
{
    return viewport.isNull() ? matrixRect() : viewport;
}

QRectF HeatmapGeometry::cellRect(int row, int col) const
{
    return QRectF(origin.x() + col * cellSize, origin.y() + row * cellSize, cellSize, cellSize);
}

QRectF HeatmapGeometry::rowRect(int row) const
{
    return QRectF(origin.x(), origin.y() + row * cellSize, cols * cellSize, cellSize);
}

QRectF HeatmapGeometry::columnRect(int col) const
{
    return QRectF(origin.x() + col * cellSize, origin.y(), cellSize, rows * cellSize);
}

std::optional<HeatmapCell> HeatmapGeometry::cellAt(const QPointF &point) const
{
    if (rows <= 0 || cols <= 0 || cellSize <= 0)
        return std::nullopt;
    // The viewport's right and bottom edges belong to no cell, as the matrix's do.
    const QRectF visible = visibleRect();
    if (!(point.x() >= visible.left() && point.y() >= visible.top() && point.x() < visible.right() &&
          point.y() < visible.bottom()))
        return std::nullopt;
    if (minimapRect.contains(point))
        return std::nullopt;
    const double x = (point.x() - origin.x()) / cellSize;
    const double y = (point.y() - origin.y()) / cellSize;
    if (!(x >= 0 && y >= 0 && x < cols && y < rows)) // also rejects NaN
        return std::nullopt;
    return HeatmapCell{std::min(int(y), rows - 1), std::min(int(x), cols - 1)};
}

CellRange HeatmapGeometry::visibleRows() const
{
    if (rows <= 0 || !(cellSize > 0))
        return {};
    const QRectF visible = visibleRect();
    const int begin = int(std::floor((visible.top() - origin.y()) / cellSize + 1e-9));
    const int end = int(std::ceil((visible.bottom() - origin.y()) / cellSize - 1e-9));
    return CellRange{std::clamp(begin, 0, rows), std::clamp(end, 0, rows)};
}

CellRange HeatmapGeometry::visibleColumns() const
{
    if (cols <= 0 || !(cellSize > 0))
        return {};
    const QRectF visible = visibleRect();
    const int begin = int(std::floor((visible.left() - origin.x()) / cellSize + 1e-9));
    const int end = int(std::ceil((visible.right() - origin.x()) / cellSize - 1e-9));
    return CellRange{std::clamp(begin, 0, cols), std::clamp(end, 0, cols)};
}

QRectF HeatmapGeometry::rowLabelRect(int row) const
{
    const double centre = origin.y() + (row + 0.5) * cellSize;
    return QRectF(visibleRect().left() - labelGap - rowLabelWidth, centre - textHeight / 2, rowLabelWidth, textHeight);
}

QPointF HeatmapGeometry::columnLabelAnchor(int col) const
{
    const double centre = origin.x() + (col + 0.5) * cellSize;
    const double top = visibleRect().top();
    if (columnLabelAngle == 45) {
        // The glyphs' left end sits just right of the column centre, far enough that the turned
        // line's upper corner never reaches left of the matrix, into "query ↓" and the row labels.
        return QPointF(centre + std::max(-0.25 * textHeight, kAscent * kSin45 * textHeight - labelGap + 0.5),
                       top - labelGap);
    }
    if (columnLabelAngle == 90) // turned upwards, the glyphs hang left of their baseline
        return QPointF(centre + textHeight * 0.35, top - labelGap);
    return QPointF(centre, top - labelGap - textHeight * (1 - kAscent));
}

QPolygonF HeatmapGeometry::columnLabelOutline(int col, double width) const
{
    if (width < 0)
        width = columnLabelWidth;
    QRectF line(0, -kAscent * textHeight, width, textHeight); // around the baseline's left end
    if (columnLabelAngle == 0)
        line.translate(-width / 2, 0); // upright labels are centred on their anchor
    QTransform turn;
    const QPointF anchor = columnLabelAnchor(col);
    turn.translate(anchor.x(), anchor.y());
    turn.rotate(-columnLabelAngle);
    return turn.map(QPolygonF(line));
}

bool HeatmapGeometry::showsRowLabel(int row, int focusRow) const
{
    if (rowLabelStride <= 0 || row < 0 || row >= rows)
        return false;
    const QRectF visible = visibleRect();
    const auto besideViewport = [&](int r) {
        const double centre = origin.y() + (r + 0.5) * cellSize;
        return centre >= visible.top() && centre <= visible.bottom();
    };
    if (!besideViewport(row))
        return false;
    if (row == focusRow)
        return true;
    if (row % rowLabelStride != 0)
        return false;
    const bool focusShown = focusRow >= 0 && focusRow < rows && besideViewport(focusRow);
    return !focusShown || std::abs(row - focusRow) * cellSize >= textHeight * kRowSpacing;
}

bool HeatmapGeometry::showsColumnLabel(int col, int focusCol) const
{
    if (columnLabelStride <= 0 || col < 0 || col >= cols)
        return false;
    const QRectF visible = visibleRect();
    const auto aboveViewport = [&](int c) {
        const double centre = origin.x() + (c + 0.5) * cellSize;
        // Upright labels are as wide as the widest: one on a column cut by the viewport's left edge
        // would stick out over "query ↓".
        const double leftEnd = columnLabelAngle == 0 ? centre - columnLabelWidth / 2 : centre;
        return leftEnd >= visible.left() - labelGap && centre <= visible.right();
    };
    if (!aboveViewport(col))
        return false;
    if (col == focusCol)
        return true;
    if (col % columnLabelStride != 0)
        return false;
    const double spacing = columnLabelAngle == 0    ? columnLabelWidth
                           : columnLabelAngle == 45 ? textHeight * kRotatedSpacing
                                                    : textHeight * kRowSpacing;
    const bool focusShown = focusCol >= 0 && focusCol < cols && aboveViewport(focusCol);
    return !focusShown || std::abs(col - focusCol) * cellSize >= spacing;
}

QRectF HeatmapGeometry::minimapWindow() const
{
    if (minimapRect.isEmpty() || rows <= 0 || cols <= 0 || !(cellSize > 0))
        return {};
    const QRectF visible = visibleRect();
    const double sx = minimapRect.width() / (cols * cellSize);
    const double sy = minimapRect.height() / (rows * cellSize);
    return QRectF(minimapRect.left() + (visible.left() - origin.x()) * sx,
                  minimapRect.top() + (visible.top() - origin.y()) * sy, visible.width() * sx, visible.height() * sy);
}

QPointF HeatmapGeometry::minimapToCells(const QPointF &point) const
{
    if (minimapRect.isEmpty())
        return {};
    return QPointF((point.x() - minimapRect.left()) / minimapRect.width() * cols,
                   (point.y() - minimapRect.top()) / minimapRect.height() * rows);
}

void HeatmapGeometry::spaceLabels(bool rowLabels, bool columnLabels)
{
    rowLabelStride = rowLabels ? labelStride(cellSize, textHeight * kRowSpacing) : 0;
    if (!columnLabels) {
        columnLabelStride = 0;
        columnLabelAngle = 0;
    } else if (cellSize >= columnLabelWidth + 6) { // every label fits its cell's width upright
        columnLabelStride = 1;
        columnLabelAngle = 0;
    } else {
        columnLabelStride = labelStride(cellSize, textHeight * kRotatedSpacing);
        columnLabelAngle = 45;
    }
}

int HeatmapGeometry::labelStride(double cellSize, double spacing)
{
    if (!(cellSize > 0))
        return 0;
    const double needed = spacing / cellSize;
    for (int decade = 1; decade <= 1'000'000; decade *= 10)
        for (int step : {1, 2, 5})
            if (step * decade >= needed)
                return step * decade;
    return 0;
}

double HeatmapGeometry::columnLabelExtent(int angle, double labelWidth, double textHeight)
{
    if (angle == 45)
        return (labelWidth + textHeight) * kSin45;
    if (angle == 90)
        return labelWidth;
    return textHeight;
}

HeatmapGeometry HeatmapGeometry::fit(const QSizeF &size, int n, const HeatmapMetrics &metrics)
{
    if (n <= 0) {
        HeatmapGeometry g;
        g.contentRect = QRectF(QPointF(0, 0), size);
        return g;
    }
    Choice choice;
    double cell = cellToFit(size, n, metrics, choice);
    // Column labels that fit a cell's width are easier to read upright.
    const double upright = metrics.columnLabelWidth + 6;
    if (cell >= upright) {
        Choice flat = choice;
        flat.rotated = false;
        const double flatCell = cellToFit(size, n, metrics, flat);
        if (flatCell >= upright) {
            choice = flat;
            cell = flatCell;
        }
    }
    // A matrix shorter than a few lines of text has no room for labels at all.
    if (n * cell < 3 * metrics.textHeight) {
        choice.rowLabels = choice.columnLabels = false;
        cell = cellToFit(size, n, metrics, choice);
    }
    const Reserve r = reserveFor(metrics, choice, HeatmapGeometry().labelGap);
    HeatmapGeometry g = compose(n, cell, metrics, choice, size.height() - r.top - r.bottom);
    // Centre the block in the space it was given.
    const QPointF shift(std::max(0.0, (size.width() - g.contentRect.width()) / 2),
                        std::max(0.0, (size.height() - g.contentRect.height()) / 2));
    g.origin += shift;
    for (QRectF *rect : {&g.titleRect, &g.keyCaptionRect, &g.queryCaptionRect, &g.colorBarRect, &g.contentRect})
        if (!rect->isNull())
            rect->translate(shift);
    // A title longer than the block takes the width beside it too, centred on the block.
    if (!g.titleRect.isNull() && metrics.titleWidth > g.titleRect.width()) {
        const double room = std::max(size.width() - 2 * metrics.padding, g.titleRect.width());
        const double width = std::min(metrics.titleWidth + 2, room);
        const double left = std::clamp(g.titleRect.center().x() - width / 2, metrics.padding,
                                       std::max(metrics.padding, size.width() - metrics.padding - width));
        g.titleRect = QRectF(left, g.titleRect.top(), width, g.titleRect.height());
    }
    return g;
}

QSizeF HeatmapGeometry::naturalSize(int n, double cellSize, const HeatmapMetrics &metrics)
{
    Choice choice;
    if (cellSize >= metrics.columnLabelWidth + 6)
        choice.rotated = false;
    if (n * cellSize < 3 * metrics.textHeight)
        choice.rowLabels = choice.columnLabels = false;
    return compose(std::max(n, 0), cellSize, metrics, choice).contentRect.size();
}

} // namespace attn::ui
