#pragma once

#include "headimagecache.h"
#include "heatmapgeometry.h"
#include "heatmapstyle.h"
#include "heatmapzoom.h"
#include "overviewimagecache.h"
#include "views/resultview.h"
#include "widestlabel.h"

namespace attn::ui {

// One head's attention matrix, large: rows = queries, columns = keys, labelled with the tokens,
// with "query ↓ / key →" captions, a colour bar, and the value printed in each cell when cells are
// big enough. Weights use the chosen perceptual map, raw scores the diverging map (ViewOptions).
//
// It shows the focused layer/head (FocusModel) unless a head is fixed with setFixedHead() — that
// is how the exporters draw a chosen head (`--head N`) without moving anyone's focus.
//
// Interaction: hovering a cell highlights its row and column and calls focus->hover(q, k), so every
// view follows; the tooltip (help event) reads like
//   head 3 · "cat" → "mat": 23.4% (weight 0.2341234; score 0.8123457 = q·k 1.624691 / √4)
// A click pins the cell (focus->pin), arrow keys move the focused cell, Escape clears it.
//
// Zoom and pan, for long inputs: Ctrl+wheel, a pinch or + and − zoom (the cell under the cursor
// stays under it), 0 fits the whole matrix again; the wheel scrolls (Shift+wheel sideways) and a
// drag with the left or middle button pans while zoomed in; a minimap in the corner shows where
// the viewport is and moves it when clicked. Labels follow the zoom: all of them once cells are a
// line high. The zoom is view state: not in the document, not undone, not exported (exports draw
// the whole matrix, as at fit). Where cells are smaller than a pixel, the cells under each pixel
// are pooled by their maximum (maxpool.h), so a sharp weight in a long text is never lost; hover
// still hits the exact cell.
//
// Painting scales ONE cached QImage per head (one pixel per cell, no smoothing); the image is
// rebuilt only when the result, layer, head, colour map or value mode changes.
//
// Any matrix that can be put as a head draws here: the attention rollout is a one-layer, one-head
// result (RolloutHeatmapView names it and its cells).
class HeatmapView : public ResultView
{
    Q_OBJECT

public:
    explicit HeatmapView(QWidget *parent = nullptr);

    // Draw this layer/head whatever the focus says (for exports: `--head N`). Out-of-range values
    // are clamped when drawing. clearFixedHead() returns to following the focus.
    void setFixedHead(int layer, int head);
    void clearFixedHead();
    bool hasFixedHead() const { return m_fixedHead >= 0; }

    // What is drawn now: the fixed head, or the focused one clamped to the result; −1 without a result.
    int shownLayer() const;
    int shownHead() const;

    // Where cells are for a given size, the whole matrix fitted (exports, and the zoom's base).
    HeatmapGeometry layoutFor(const QSizeF &size) const;
    // What the widget shows now: its own size at the current zoom (hit-testing, tests).
    HeatmapGeometry currentLayout() const { return m_zoom.apply(layoutFor(QSizeF(size()))); }

    // The zoom and where it looks; setZoom clamps it to the matrix.
    const HeatmapZoom &zoom() const { return m_zoom; }
    void setZoom(const HeatmapZoom &zoom);
    // Multiplies the zoom by `multiplier` keeping the matrix point under `anchor` (a widget point in
    // the viewport) where it is.
    void zoomAt(const QPointF &anchor, double multiplier);
    void resetZoom() { setZoom(HeatmapZoom()); }

    // The tooltip text for a point of the widget; empty outside the matrix.
    QString toolTipAt(const QPointF &position) const;

    // How many head images were built so far (the cache is shared by screen and export paints).
    int imageBuildCount() const { return m_cache.buildCount(); }
    // How many max-pooled images were built (cells smaller than a pixel, and the minimap).
    int pooledImageBuildCount() const { return m_pooled.buildCount() + m_minimap.buildCount(); }

    // ExportableView
    QString exportName() const override { return QStringLiteral("heatmap"); }
    QString exportTitle() const override;
    QSize contentSize() const override;
    void paintContent(QPainter &painter, const QSize &size, bool includeFocus) const override;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return QSize(160, 120); }

protected:
    // What the cells show: the options' choice (weights or scores) for a head.
    virtual CellValue shownValue() const { return options().cellValue; }
    // The words for one cell of the shown matrix (the tooltip).
    virtual QString describeCell(int row, int col) const;
    // What the view says before there is anything to draw.
    virtual QString placeholder() const;

    void onResultChanged() override;
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    // The cells of the viewport: one image pixel per cell, or pooled when cells are below a pixel.
    void drawMatrix(QPainter &painter, const HeatmapGeometry &g, const QImage &cells, double scoreRange) const;
    void drawMinimap(QPainter &painter, const HeatmapGeometry &g, const QImage &cells, double scoreRange,
                     const HeatmapStyle &style) const;
    void hoverAt(const QPointF &position);
    // Keys that zoom: + (or =) in, − out, 0 to fit; about the focused cell when it is in view.
    bool zoomByKey(int key);
    HeatmapMetrics metricsFor(const HeatmapStyle &style) const;
    HeatmapGeometry layoutWith(const QSizeF &size, const HeatmapStyle &style) const;
    double labelWidth(const HeatmapStyle &style) const;
    ColorBarScale barScale() const; // what the colour bar says for the shown head and the options
    double naturalCellSize() const;

    QSize m_sizeHint; // the last size hint the layout was told about
    int m_fixedLayer = -1;
    int m_fixedHead = -1;

    HeatmapZoom m_zoom;
    int m_zoomedTokens = 0; // the token count the zoom was made for; another resets it
    // A press that may become a pan (left or middle button) or a click on the minimap.
    struct Press
    {
        QPointF position;
        Qt::MouseButton button = Qt::NoButton;
        HeatmapZoom zoom;
        bool panning = false;
        bool onMinimap = false;
    };
    Press m_press;

    mutable HeadImageCache m_cache;
    mutable OverviewImageCache m_pooled;  // the viewport's cells pooled, below a pixel a cell
    struct VisibleCells
    {
        CellRange rows;
        CellRange cols;
        // The block's range, kept while the head, the value and the block stay: a hover repaints
        // without walking the visible cells again.
        const AttentionResult *rangeOf = nullptr;
        int layer = -1;
        int head = -1;
        CellValue value = CellValue::Weights;
        std::optional<ScaleRange> range;
    };
    mutable VisibleCells m_visibleCells; // what the last paint showed: the visible scale's block
    ScaleRange visibleRange(const HeadResult &shown, CellValue value) const;
    mutable OverviewImageCache m_minimap; // the whole matrix at the minimap's size
    mutable WidestLabel m_widestLabel;
};

} // namespace attn::ui
