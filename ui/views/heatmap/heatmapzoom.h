#pragma once

#include "heatmapgeometry.h"

#include <QPointF>

namespace attn::ui {

// How far the large heatmap is zoomed in and which part of the matrix it shows. View state: it is
// not part of the document, not saved and not undoable, and exports draw the whole matrix.
//
// The zoom lives in cells, not pixels, so that it means the same after the widget is resized: the
// matrix keeps the square the fitted layout gave it (the viewport), its cells grow `factor` times,
// and `offset` says which matrix point sits at the viewport's top-left corner.
struct HeatmapZoom
{
    double factor = 1; // cell side relative to the fitted layout's; 1 = the whole matrix
    QPointF offset;    // (key, query) in cells at the viewport's top-left corner; (0, 0) at fit

    bool isFit() const { return factor <= 1; }

    // The layout of this zoom: `fit` (HeatmapGeometry::fit) with larger cells moved under its
    // viewport, label strides for the larger cells and a minimap in the viewport's corner.
    HeatmapGeometry apply(const HeatmapGeometry &fit) const;

    // Zoomed to `newFactor` (clamped to [1, maxFactor]) so that the matrix point under `anchor`, a
    // point of the widget inside the viewport, stays under it. Zooming in never needs the offset
    // clamped, so the cell under the cursor stays that cell; zooming out may meet an edge.
    HeatmapZoom zoomedAbout(const HeatmapGeometry &fit, const QPointF &anchor, double newFactor) const;
    // The content moved by `pixels` on screen, as a drag moves it: dragging right shows columns
    // further left. Clamped at the matrix's edges.
    HeatmapZoom pannedBy(const HeatmapGeometry &fit, const QPointF &pixels) const;
    // The same factor, the viewport centred on a matrix point in cells (clamped at the edges).
    HeatmapZoom centredOn(const HeatmapGeometry &fit, const QPointF &cell) const;
    // The offset that keeps the viewport inside the matrix, the factor in [1, maxFactor].
    HeatmapZoom clamped(const HeatmapGeometry &fit) const;

    // How far a matrix can be zoomed in: until a cell is about as large as a fitted small matrix's.
    static double maxFactor(const HeatmapGeometry &fit);

    friend bool operator==(const HeatmapZoom &, const HeatmapZoom &) = default;
};

} // namespace attn::ui
