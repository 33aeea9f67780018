#pragma once

#include "flowedgeselection.h"
#include "flowgeometry.h"

#include "views/resultview.h"

#include <QFont>
#include <QPalette>
#include <QStringList>

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
// Scrolling: the view does not scroll itself. Put it in a QScrollArea with widgetResizable: its
// minimumSizeHint() is the full content size, which grows with the token count (columns: taller,
// arcs: wider), and it centres the diagram when it gets more room. Painting is clipped to the
// exposed rectangle, so only the visible part of a 512-token diagram is drawn.
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

    // What is drawn at the moment (for tests, the benchmark and the exporters' callers).
    FlowFilter currentFilter(bool includeFocus = true) const;
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
        QString title;
        QString caption;
        QString filterLine;
        std::vector<int> legendHeads; // all-heads mode: one swatch per head
        double height = 0.0;
        double width = 0.0;
    };

    void contentChanged(); // edges, size or layout may have changed: new size hint, repaint

    int layerIndex() const;
    std::vector<int> shownHeads() const;
    QString tokenLabel(int token) const;
    const std::vector<double> &labelWidths() const;
    Header header(bool includeFocus = true) const;
    QFont titleFont() const;
    QFont smallFont() const;
    QPalette paletteFor(const QPainter &painter) const;
    QString headName(int head) const;

    void paintHeader(QPainter &painter, const Header &header, const QPalette &palette, double width) const;
    void paintEdges(QPainter &painter, const FlowGeometry &geometry, const std::vector<FlowEdge> &edges,
                    const QRectF &clip) const;
    void paintWeightLabels(QPainter &painter, const FlowGeometry &geometry, const std::vector<FlowEdge> &edges,
                           const QRectF &clip, const QPalette &palette) const;
    void paintFocusedEdge(QPainter &painter, const FlowGeometry &geometry, const QPalette &palette) const;
    void paintTokens(QPainter &painter, const FlowGeometry &geometry, const QRectF &clip,
                     const QPalette &palette, bool includeFocus) const;

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
