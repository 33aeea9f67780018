#pragma once

#include "flowedgeselection.h"

#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <vector>

namespace attn::ui {

enum class FlowLayout {
    Columns, // BertViz's head view: queries in a left column, keys in a right column, one line per pair
    Arcs,    // the seed's §2.7: tokens in a row, curved arrows query → key, loops for self-attention
};

// One edge's shape: a straight line (p0 → p3) or a cubic Bézier (p0, c1, c2, p3), always drawn from
// the query's end (p0) to the key's end (p3), where the arrow head goes.
struct FlowCurve
{
    QPointF p0, c1, c2, p3;
    bool straight = true;

    QPointF pointAt(double t) const;
    QPointF endDirection() const; // unit vector of travel at p3
    QRectF bounds() const;        // contains the whole curve (convex hull of the control points)
    double distanceTo(const QPointF &point) const;
    // The part from p0 to where the curve is `distance` away from p3 (straight-line), exactly on the
    // curve: where an arrow head of that length begins.
    FlowCurve withoutEnd(double distance) const;
};

// Where a point falls on a token: the token and which of its roles the spot stands for
// (columns: the left label is the token as query, the right one as key; arcs: one box, both roles).
struct FlowTokenHit
{
    int token = -1;
    TokenRole role = TokenRole::Both;

    bool isValid() const { return token >= 0; }
};

// A token's label as drawn: which token, which side (columns) and the rectangle its text takes.
struct FlowTokenLabel
{
    int token = -1;
    TokenRole role = TokenRole::Both;
    QRectF rect;
};

// A weight label someone asked for (an edge and the size of its text) and where it went.
struct FlowLabelRequest
{
    int edge = -1; // index into the edges
    QSizeF size;
};
struct FlowWeightLabel
{
    int edge = -1;
    QRectF rect;
};

// Every position of a flow diagram in logical pixels, from the label widths alone — no fonts, no
// painter — so layout, label placement and hit-testing are tested without pixels. The view measures
// the labels and paints what this says.
//
// Columns: the diagram is centred in the width it gets; the gap between the columns grows with it.
// Arcs: rightward arrows (query left of key) arc above the row, leftward ones below, so the two
// directions of a pair never overlap; self-attention is a loop on top of the token; each shown head
// gets its own arc height (slot) so that heads drawn together stay apart. Arcs take the height
// they get: a long arc's height approaches a limit that shrinks with the room (short arcs keep
// theirs), so the diagram fits a low pane instead of being cut off.
//
// Overview (more than overviewTokenCount tokens): the diagram fits the area instead of growing
// with the tokens — columns' rows and arcs' cells share the height or width — and only the tokens
// that fit without overlapping get a label, the emphasised ones (hovered, pinned) first.
class FlowGeometry
{
public:
    FlowGeometry() = default;
    // labelWidths: one per token (already elided); lineHeight: one line of text; top: where the
    // diagram starts (below the view's title); heads: the heads drawn at once, in slot order.
    FlowGeometry(FlowLayout layout, std::vector<double> labelWidths, double lineHeight, double top,
                 std::vector<int> heads);

    static constexpr int overviewTokenCount = 40;

    FlowLayout layout() const { return m_layout; }
    int tokenCount() const { return int(m_labelWidths.size()); }
    bool isOverview() const { return tokenCount() > overviewTokenCount; }
    QSizeF naturalSize() const;
    // The smallest area it lays out into: arcs flatten to a low limit, an overview shrinks its rows
    // or cells to a sliver, before the view scrolls.
    QSizeF minimumSize() const;

    // Lays out into a width and height of at least minimumSize(): arcs flatten to fit a lower area,
    // an overview's rows (columns) or cells (arcs) share the room; larger areas centre the diagram.
    void setSize(const QSizeF &size);
    QSizeF size() const { return m_size; }

    // The rectangle a token takes; columns: role Query = left column, otherwise right.
    QRectF tokenRect(int token, TokenRole role = TokenRole::Query) const;
    // Columns only: where the "query" and "key" column captions go.
    QRectF columnCaptionRect(TokenRole role) const;
    // The last y of the drawn diagram.
    double diagramBottom() const;
    // Where a message about the diagram goes (nothing reaches the threshold): between the columns,
    // or above the row of arcs.
    QRectF messageRect() const;

    FlowCurve curve(const FlowEdge &edge) const;
    // Where an edge's weight label is centred: the best spot first, then fallbacks for when a label
    // already sits there (columns: further along the line; arcs: above and below the peak).
    std::vector<QPointF> labelAnchors(const FlowEdge &edge) const;
    QPointF labelAnchor(const FlowEdge &edge) const { return labelAnchors(edge).front(); }

    // The token labels to draw: every token's, or in an overview the emphasised tokens' and then
    // every other one that overlaps no label already placed. No two rectangles overlap.
    std::vector<FlowTokenLabel> tokenLabels(const std::vector<int> &emphasised = {}) const;
    // Weight labels in the order asked: each takes the first of its edge's anchors where it stays
    // inside the area and overlaps neither the tokens, nor `taken`, nor a label placed before it;
    // a label with no such spot is left out. No two rectangles overlap.
    std::vector<FlowWeightLabel> placeWeightLabels(const std::vector<FlowEdge> &edges,
                                                   const std::vector<FlowLabelRequest> &requests,
                                                   std::vector<QRectF> taken = {}) const;

    FlowTokenHit tokenAt(const QPointF &point) const;
    // Index into edges of the edge nearest to point within tolerance (ties: the later, drawn-on-top edge), or -1.
    int edgeAt(const std::vector<FlowEdge> &edges, const QPointF &point, double tolerance = 4.0) const;

    static constexpr double margin = 12.0;

private:
    void layoutColumns();
    void layoutArcs();
    void setCellWidths(double overviewCellWidth, double gap);
    int slotOf(int head) const;
    double arcHeight(double span, int slot) const;
    double maxArcFor(double limit) const; // the highest arc or loop with this limit
    double arcsHeightFor(double limit) const;
    double columnsHeightFor(double rowHeight) const;
    QRectF tokenLabelRect(int token, TokenRole role) const; // overview: centred on its row or tick

    FlowLayout m_layout = FlowLayout::Columns;
    std::vector<double> m_labelWidths;
    double m_lineHeight = 16.0;
    double m_top = 0.0;
    std::vector<int> m_heads;
    std::vector<int> m_slotOfHead;
    QSizeF m_size;

    // Columns
    double m_rowHeight = 20.0; // grows for short inputs, which have the room
    double m_naturalRowHeight = 20.0;
    double m_labelWidth = 0.0;
    double m_firstRowY = 0.0;
    double m_leftX = 0.0;  // left edge of the query labels
    double m_lineStartX = 0.0;
    double m_lineEndX = 0.0;

    // Arcs
    std::vector<double> m_cellLeft;  // x of each token's box
    std::vector<double> m_cellWidth;
    double m_cellGap = 6.0;        // between token boxes, from minCellGap up to m_naturalGap as room allows
    double m_naturalGap = 6.0;     // wider for short inputs, so that arcs and their labels have room
    double m_boxTop = 0.0;
    double m_boxHeight = 0.0;
    double m_arcRoom = 0.0;   // height above (and below) the row for arcs and their labels
    double m_arcLimit = 0.0;  // no arc is higher than this (times its slot's factor)
    double m_rowWidth = 0.0;
};

} // namespace attn::ui
