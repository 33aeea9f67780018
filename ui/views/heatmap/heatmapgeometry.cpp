#include "heatmapgeometry.h"

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

constexpr double kSin45 = 0.70710678118654752;
constexpr double kColorBarGap = 16;   // between the matrix and the colour bar
constexpr double kColorBarMin = 120;  // a bar shorter than this cannot carry its ticks
constexpr double kColorBarMax = 360;
constexpr double kRowSpacing = 1.05;  // label spacing in text heights, rows
constexpr double kRotatedSpacing = 1.3; // 45° labels need a little more room across

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
        overhang = c.rotated ? (m.columnLabelWidth + m.textHeight) * kSin45 : m.columnLabelWidth / 2;
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
    g.columnLabelAngle = c.columnLabels && c.rotated ? 45 : 0;
    g.columnLabelHeight = c.columnLabels ? (c.rotated ? rotatedHeight(m) : m.textHeight) : 0;
    g.rowLabelStride = c.rowLabels ? HeatmapGeometry::labelStride(cell, m.textHeight * kRowSpacing) : 0;
    g.columnLabelStride = !c.columnLabels ? 0
                          : c.rotated     ? HeatmapGeometry::labelStride(cell, m.textHeight * kRotatedSpacing)
                                          : 1;
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
    const double x = (point.x() - origin.x()) / cellSize;
    const double y = (point.y() - origin.y()) / cellSize;
    if (!(x >= 0 && y >= 0 && x < cols && y < rows)) // also rejects NaN
        return std::nullopt;
    return HeatmapCell{std::min(int(y), rows - 1), std::min(int(x), cols - 1)};
}

QRectF HeatmapGeometry::rowLabelRect(int row) const
{
    const double centre = origin.y() + (row + 0.5) * cellSize;
    return QRectF(origin.x() - labelGap - rowLabelWidth, centre - textHeight / 2, rowLabelWidth, textHeight);
}

QPointF HeatmapGeometry::columnLabelAnchor(int col) const
{
    const double centre = origin.x() + (col + 0.5) * cellSize;
    if (columnLabelAngle == 45) // the glyphs' left end sits just above the column centre
        return QPointF(centre - textHeight * 0.25, origin.y() - labelGap);
    if (columnLabelAngle == 90) // turned upwards, the glyphs hang left of their baseline
        return QPointF(centre + textHeight * 0.35, origin.y() - labelGap);
    return QPointF(centre, origin.y() - labelGap - textHeight * 0.25);
}

bool HeatmapGeometry::showsRowLabel(int row) const
{
    return rowLabelStride > 0 && row >= 0 && row < rows && row % rowLabelStride == 0;
}

bool HeatmapGeometry::showsColumnLabel(int col) const
{
    return columnLabelStride > 0 && col >= 0 && col < cols && col % columnLabelStride == 0;
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
