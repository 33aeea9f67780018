#pragma once

#include "headimagecache.h"
#include "heatmapgeometry.h"
#include "heatmapstyle.h"
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

    // Where cells are for a given size (the widget uses its own size): tests and hit-testing.
    HeatmapGeometry layoutFor(const QSizeF &size) const;
    HeatmapGeometry currentLayout() const { return layoutFor(QSizeF(size())); }

    // The tooltip text for a point of the widget; empty outside the matrix.
    QString toolTipAt(const QPointF &position) const;

    // How many head images were built so far (the cache is shared by screen and export paints).
    int imageBuildCount() const { return m_cache.buildCount(); }

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
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    HeatmapMetrics metricsFor(const HeatmapStyle &style) const;
    HeatmapGeometry layoutWith(const QSizeF &size, const HeatmapStyle &style) const;
    double labelWidth(const HeatmapStyle &style) const;
    ColorBarScale barScale() const; // what the colour bar says for the shown head and the options
    double naturalCellSize() const;

    QSize m_sizeHint; // the last size hint the layout was told about
    int m_fixedLayer = -1;
    int m_fixedHead = -1;

    mutable HeadImageCache m_cache;
    mutable WidestLabel m_widestLabel;
};

} // namespace attn::ui
