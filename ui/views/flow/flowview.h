#pragma once

#include "flowedgeselection.h"
#include "flowgeometry.h"

#include "views/resultview.h"

#include <QFont>
#include <QPalette>
#include <QStringList>

#include <optional>
#include <vector>

namespace attn::ui {

// The flow-arrow diagrams of one layer: which token attends to which, as lines or arrows whose
// width and opacity follow the weight. Two layouts (see FlowLayout); the focused head or every head
// at once in its own colour (ViewOptions::flowHeads); thinned by ViewOptions' threshold and top-k.
//
// Linking: hovering a token focuses it (FocusModel::hover(token, -1)) and shows only its arrows;
// a click pins it. Which of its arrows: columns layout — the left label shows the token as query
// (where it looks, its heatmap row), the right label as key (who looks at it, its column); a token
// focused from another view shows its outgoing arrows (its row). Arcs layout — both directions,
// told apart by the arrow heads and by side (rightward above the row, leftward below).
// Hovering an edge focuses its (query, key) cell; the focused cell's edge is highlighted.
//
// Readable at any length: only the strongest arrow of each query is labelled (and every arrow of a
// hovered or pinned token, and the focused pair), each label where it overlaps no other label nor a
// token (FlowGeometry::placeWeightLabels), so labels never collide. Past
// FlowGeometry::overviewTokenCount tokens the diagram is an overview that fits the pane: thin lines,
// tokens as ticks, labels only where they fit and on the focused tokens. When nothing reaches the
// threshold the diagram says so instead of staying empty.
//
// Scrolling: the view does not scroll itself. Put it in a QScrollArea with widgetResizable: its
// minimumSizeHint() is the smallest it lays out into (columns: every row; arcs: the whole row of
// tokens, the arcs flattened to fit the pane's height; an overview: a sliver), and it centres the
// diagram when it gets more room. Painting is clipped to the exposed rectangle, so only the
// visible part of a long diagram is drawn.
//
// A result with one head (such as the attention rollout put as a head) draws that head whatever
// head the shared focus is on, and clicking its edges leaves the shared head alone.
class FlowView : public ResultView
{
    Q_OBJECT

public:
    explicit FlowView(FlowLayout layout, QWidget *parent = nullptr);

    FlowLayout flowLayout() const { return m_layout; }

    QString exportName() const override;
    QString exportTitle() const override;
    QSize contentSize() const override;
    void paintContent(QPainter &painter, const QSize &size, bool includeFocus) const override;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // The caption wraps, so a narrower view needs a taller header: a scroll area with
    // widgetResizable asks this for the height at its width.
    int heightForWidth(int width) const override;

    // Every piece of text the diagram draws on itself, where it goes; no two rectangles overlap.
    struct Labels
    {
        std::vector<FlowTokenLabel> tokens;
        std::vector<FlowWeightLabel> weights; // edge: index into shownEdges(includeFocus)
        QRectF focusedEdge; // the focused pair's weight label; empty when no pair is drawn
        QRectF message;     // "no arrow reaches the threshold"; empty when arrows are drawn
    };

    // What is drawn at the moment (for tests, the benchmark and the exporters' callers).
    FlowFilter currentFilter(bool includeFocus = true) const;
    Labels labelsFor(const QSize &size, bool includeFocus = true) const;
    // The focused (query, key) pair as the edge drawn for it, when it has one: not masked, weight > 0.
    std::optional<FlowEdge> focusedEdge() const;
    // Said in the diagram when the threshold hides every arrow; empty otherwise.
    QString emptyMessage() const;
    const std::vector<FlowEdge> &shownEdges(bool includeFocus = true) const;
    FlowGeometry geometryFor(const QSize &size) const; // the layout paintContent uses for this size
    QString edgeToolTip(const FlowEdge &edge) const;   // head 3 · "cat" → "mat": 23.4%
    QString toolTipAt(const QPointF &point) const;     // what hovering there shows, or empty

protected:
    void onResultChanged() override;
    void onFocusChanged(const Focus &focus) override;
    void onOptionsChanged() override;
    void onModelsChanged() override;
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Header
    {
        QString title;      // elided to the width
        QString caption;    // wrapped to the width
        QString filterLine; // elided to the width
        std::vector<int> legendHeads; // all-heads mode: one swatch per head, on a line of its own
        double textWidth = 0.0;
        double captionHeight = 0.0;
        double height = 0.0;
        double width = 0.0; // the width that wraps and elides nothing
    };

    void contentChanged(); // edges, size or layout may have changed: new size hint, repaint

    int layerIndex() const;
    std::vector<int> shownHeads() const;
    const std::vector<double> &labelWidths() const;
    Header header(double width, bool includeFocus = true) const;
    FlowGeometry geometryWithTop(double top) const;
    Labels labelsFor(const FlowGeometry &geometry, const std::vector<FlowEdge> &edges, bool includeFocus) const;
    std::vector<int> emphasisedTokens(bool includeFocus) const;
    QFont titleFont() const;
    QFont smallFont() const;
    QPalette paletteFor(const QPainter &painter) const;
    QString headName(int head) const;
    // A weight as the labels print it (valueformat.h): the digits of the picture's strongest arrow.
    QString labelText(float weight) const;

    void paintHeader(QPainter &painter, const Header &header, const QPalette &palette) const;
    void paintEdges(QPainter &painter, const FlowGeometry &geometry, const std::vector<FlowEdge> &edges,
                    const QRectF &clip) const;
    void paintWeightLabels(QPainter &painter, const Labels &labels, const std::vector<FlowEdge> &edges,
                           const QPalette &palette) const;
    void paintFocusedEdge(QPainter &painter, const FlowGeometry &geometry, const QRectF &labelRect,
                          const QPalette &palette) const;
    void paintTokens(QPainter &painter, const FlowGeometry &geometry, const Labels &labels, const QRectF &clip,
                     const QPalette &palette, bool includeFocus) const;
    void paintMessage(QPainter &painter, const QRectF &rect, const QPalette &palette) const;

    FlowLayout m_layout;
    Focus m_lastFocus;
    QFont m_font; // pixel-sized, so that a PDF or SVG at any resolution lays out like the screen

    // The token whose role this view chose (columns: which label was hovered), while it is focused.
    int m_roleToken = -1;
    TokenRole m_role = TokenRole::Query;
    int m_hoverHead = -1; // all-heads mode: the head of the hovered edge

    // Caches: the labels follow the result and the font; the edges the result, layer, heads,
    // threshold and top-k (baseEdges) and then the focused token (focusEdges).
    mutable QStringList m_labels;
    mutable std::vector<double> m_labelWidths;
    mutable bool m_labelsValid = false;
    mutable std::vector<FlowEdge> m_baseEdges;
    mutable std::vector<FlowEdge> m_focusEdges;
    mutable bool m_baseValid = false;
    mutable int m_focusEdgesToken = -1; // the token filter m_focusEdges was made for (-1: none yet)
    mutable TokenRole m_focusEdgesRole = TokenRole::Both;
};

} // namespace attn::ui
