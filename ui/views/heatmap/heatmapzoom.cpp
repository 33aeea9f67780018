#include "heatmapzoom.h"

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

constexpr double kLargestZoomedCell = 64;  // zooming in stops when cells are this large
constexpr double kMinimapShare = 0.25;     // of the viewport's side
constexpr double kMinimapMin = 48;
constexpr double kMinimapMax = 140;
constexpr double kMinimapInset = 6;

// How many cells the viewport shows across at this zoom.
double visibleCells(const HeatmapGeometry &fit, double factor)
{
    return fit.cols / std::max(factor, 1.0);
}

} // namespace

double HeatmapZoom::maxFactor(const HeatmapGeometry &fit)
{
    if (!(fit.cellSize > 0))
        return 1;
    return std::max(1.0, kLargestZoomedCell / fit.cellSize);
}

HeatmapZoom HeatmapZoom::clamped(const HeatmapGeometry &fit) const
{
    HeatmapZoom z;
    z.factor = std::clamp(std::isfinite(factor) ? factor : 1.0, 1.0, maxFactor(fit));
    if (z.factor <= 1) // the whole matrix: nothing to pan
        return z;
    const double rowsShown = fit.rows / z.factor;
    const double colsShown = visibleCells(fit, z.factor);
    const double x = std::isfinite(offset.x()) ? offset.x() : 0;
    const double y = std::isfinite(offset.y()) ? offset.y() : 0;
    z.offset = QPointF(std::clamp(x, 0.0, std::max(0.0, fit.cols - colsShown)),
                       std::clamp(y, 0.0, std::max(0.0, fit.rows - rowsShown)));
    return z;
}

HeatmapGeometry HeatmapZoom::apply(const HeatmapGeometry &fit) const
{
    const HeatmapZoom z = clamped(fit);
    if (z.isFit() || fit.rows <= 0 || !(fit.cellSize > 0))
        return fit;
    HeatmapGeometry g = fit;
    g.viewport = fit.matrixRect();
    g.cellSize = fit.cellSize * z.factor;
    g.origin = g.viewport.topLeft() - z.offset * g.cellSize;
    g.spaceLabels(fit.rowLabelStride > 0, fit.columnLabelStride > 0);
    const double side =
        std::clamp(std::min(g.viewport.width(), g.viewport.height()) * kMinimapShare, kMinimapMin, kMinimapMax);
    if (side + 2 * kMinimapInset < std::min(g.viewport.width(), g.viewport.height()) / 2) // never most of it
        g.minimapRect = QRectF(g.viewport.right() - kMinimapInset - side, g.viewport.bottom() - kMinimapInset - side,
                               side, side);
    return g;
}

HeatmapZoom HeatmapZoom::zoomedAbout(const HeatmapGeometry &fit, const QPointF &anchor, double newFactor) const
{
    const HeatmapZoom now = clamped(fit);
    if (!(fit.cellSize > 0))
        return now;
    HeatmapZoom z;
    z.factor = std::clamp(std::isfinite(newFactor) ? newFactor : now.factor, 1.0, maxFactor(fit));
    // The anchor's distance from the viewport's corner in pixels stays; the cell there stays too.
    const QPointF fromCorner = anchor - fit.matrixRect().topLeft();
    const QPointF cellUnderAnchor = now.offset + fromCorner / (fit.cellSize * now.factor);
    z.offset = cellUnderAnchor - fromCorner / (fit.cellSize * z.factor);
    return z.clamped(fit);
}

HeatmapZoom HeatmapZoom::pannedBy(const HeatmapGeometry &fit, const QPointF &pixels) const
{
    HeatmapZoom z = clamped(fit);
    if (z.isFit())
        return z;
    z.offset -= pixels / (fit.cellSize * z.factor);
    return z.clamped(fit);
}

HeatmapZoom HeatmapZoom::centredOn(const HeatmapGeometry &fit, const QPointF &cell) const
{
    HeatmapZoom z = clamped(fit);
    const double colsShown = visibleCells(fit, z.factor);
    const double rowsShown = fit.rows / z.factor;
    z.offset = cell - QPointF(colsShown / 2, rowsShown / 2);
    return z.clamped(fit);
}

} // namespace attn::ui
