#pragma once

#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QSizeF>

#include <optional>

namespace attn::ui {

// One cell of an attention matrix: row = query, column = key.
struct HeatmapCell
{
    int row = -1;
    int col = -1;
    friend bool operator==(const HeatmapCell &, const HeatmapCell &) = default;
};

// Text measurements the layout needs, taken by the caller from its fonts, so that the geometry
// itself stays free of fonts and devices and can be tested without pixels.
struct HeatmapMetrics
{
    double textHeight = 14;       // line height of the token labels
    double rowLabelWidth = 40;    // widest row label (already elided to a cap)
    double columnLabelWidth = 40; // widest column label (already elided to a cap)
    double titleHeight = 0;       // 0: no title line
    double titleWidth = 0;        // the title's text: its line widens up to the space given
    double captionHeight = 14;    // "query ↓" / "key →"
    double colorBarWidth = 0;     // colour bar with its tick labels; 0: no colour bar
    double padding = 8;
    double maxCellSize = 64;
};

// A half-open range of rows or columns, [begin, end).
struct CellRange
{
    int begin = 0;
    int end = 0;
    bool contains(int i) const { return i >= begin && i < end; }
    int size() const { return end - begin; }
};

// Where everything of one heatmap goes: the matrix (square cells), the token labels around it
// (row labels left, column labels on top, rotated by 45° when they do not fit a cell's width),
// the axis captions, a title line and a colour bar. Maps cells ↔ points both ways.
//
// Zoomed in (HeatmapZoom::apply), the cells are larger than the viewport that shows them: origin
// and cellSize place the whole matrix, most of it outside the viewport, and only what the viewport
// shows is drawn, labelled and hit.
struct HeatmapGeometry
{
    int rows = 0;
    int cols = 0;
    QPointF origin;       // top-left corner of cell (0, 0)
    double cellSize = 0;  // side of one square cell
    QRectF viewport;      // the part of the matrix on screen; null: all of it (matrixRect)
    QRectF minimapRect;   // the zoomed view's overview in a corner of the viewport; empty when not zoomed

    int rowLabelStride = 0;    // label every k-th row (1 = all); 0 = no row labels
    int columnLabelStride = 0; // same for columns
    int columnLabelAngle = 0; // 0 upright, 45 or 90: turned counter-clockwise, reading upwards
    double labelGap = 4;          // between labels and the matrix
    double rowLabelWidth = 0;     // the space reserved left of the matrix for row labels
    double columnLabelWidth = 0;  // the widest column label
    double columnLabelHeight = 0; // the space reserved above the matrix for column labels
    double textHeight = 14;

    QRectF titleRect;        // empty when there is no title
    QRectF keyCaptionRect;   // "key →", above the column labels
    QRectF queryCaptionRect; // "query ↓", above the row labels
    QRectF colorBarRect;     // the bar itself (tick labels go right of it); empty when none
    QRectF contentRect;      // everything drawn

    QRectF matrixRect() const;        // the whole matrix, on screen or not
    QRectF visibleRect() const;       // the part of the matrix drawn: the viewport, or all of it
    bool isZoomed() const { return !viewport.isNull() && matrixRect() != viewport; }
    QRectF cellRect(int row, int col) const;
    QRectF rowRect(int row) const;    // the whole row across the matrix
    QRectF columnRect(int col) const; // the whole column down the matrix
    // The cell under a point of the viewport; none outside it and on the minimap.
    std::optional<HeatmapCell> cellAt(const QPointF &point) const;
    // The rows and columns the viewport shows, wholly or in part.
    CellRange visibleRows() const;
    CellRange visibleColumns() const;

    // Row labels are right-aligned in this rect, left of the matrix.
    QRectF rowLabelRect(int row) const;
    // A column label starts here: the baseline's left end, before rotation. Labels at 45° run up
    // and to the right from just above the column's centre, labels at 90° straight up; upright
    // ones are centred over the column (this is then the centre of their baseline).
    QPointF columnLabelAnchor(int col) const;
    // The area a column label of `width` covers (the widest label's by default): a rectangle one
    // line high turned with the label.
    QPolygonF columnLabelOutline(int col, double width = -1) const;
    // Whether a label is drawn: every stride-th row or column whose label lands beside the
    // viewport, and the focused one (focusRow, focusCol ≥ 0) always, in place of thinned
    // neighbours it would overprint.
    bool showsRowLabel(int row, int focusRow = -1) const;
    bool showsColumnLabel(int col, int focusCol = -1) const;

    // The minimap's frame of what the viewport shows; empty when there is no minimap.
    QRectF minimapWindow() const;
    // The matrix point (key, query) in cells under a point of the minimap.
    QPointF minimapToCells(const QPointF &point) const;

    // Label strides and the column labels' angle for the current cell size: every label when
    // cells are a line high (upright when a cell is wider than the widest label), a "nice" stride
    // when they are smaller. Only the labels the layout has room for (rowLabels, columnLabels).
    void spaceLabels(bool rowLabels, bool columnLabels);

    // Lay out an n × n matrix with its labels in `size`: cells as large as fit (up to
    // metrics.maxCellSize), labels thinned to a "nice" stride (1, 2, 5, 10, 20, …) when cells are
    // smaller than a line of text, column labels upright when they fit a cell and at 45° when
    // not, the whole block centred.
    static HeatmapGeometry fit(const QSizeF &size, int n, const HeatmapMetrics &metrics);

    // The smallest "nice" stride (1, 2, 5, 10, 20, 50, …) that spaces labels at least `spacing`
    // apart on cells of `cellSize`; 0 when cells have no size.
    static int labelStride(double cellSize, double spacing);

    // The height column labels of this width need above the matrix at an angle (0, 45, 90).
    static double columnLabelExtent(int angle, double labelWidth, double textHeight);

    // The size an n × n heatmap with cells of `cellSize` needs, labels included.
    static QSizeF naturalSize(int n, double cellSize, const HeatmapMetrics &metrics);
};

} // namespace attn::ui
