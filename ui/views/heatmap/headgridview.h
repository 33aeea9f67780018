#pragma once

#include "headgridgeometry.h"
#include "headimagecache.h"
#include "heatmapstyle.h"
#include "overviewimagecache.h"
#include "views/resultview.h"
#include "widestlabel.h"

#include <vector>

namespace attn::ui {

// Every head of the focused layer as a small heatmap (small multiples), captioned "head N" in the
// head's own colour (headColor), as many columns as make the tiles largest in the widget. The
// focused head is outlined and the focused cell is marked in every tile.
//
// Hovering a cell of any tile focuses that head and cell (one FocusModel::setFocus, so the large
// heatmap, the arrows and the step panel follow); a click selects the head and pins the cell;
// arrow keys move the cell, Page Up/Down the head, Escape clears.
//
// Exported ("heads"), it is the "all heads on one sheet" figure: a title, token labels beside the
// first column and above the first row of tiles, and the colour bar.
//
// setAllLayers(true) shows every head of every layer instead (one row per layer, one column per
// head — 12 × 12 = 144 tiles for GPT-2 small); setFixedLayer() draws one layer whatever the focus.
// Each tile is one cached QImage, so repainting 144 tiles only scales images.
class HeadGridView : public ResultView
{
    Q_OBJECT

public:
    explicit HeadGridView(QWidget *parent = nullptr);

    void setAllLayers(bool allLayers);
    bool allLayers() const { return m_allLayers; }
    // Draw this layer's heads whatever the focus says (exports); −1 follows the focus again.
    void setFixedLayer(int layer);

    // The tiles drawn now, in order.
    std::vector<HeadRef> shownHeads() const;

    // The layout for a size (the widget uses its own): tests and hit-testing.
    HeadGridGeometry layoutFor(const QSizeF &size) const;
    HeadGridGeometry currentLayout() const { return layoutFor(QSizeF(size())); }

    // The tooltip text for a point of the widget: the cell's numbers on a matrix, the head's full
    // name on a caption; empty elsewhere.
    QString toolTipAt(const QPointF &position) const;

    // What a tile's caption says on screen: the head's full name when it fits ("head 7 · kv 1"),
    // else a shorter one ("head 7", "h7", "7"), never elided (the tooltip has the full name).
    QString tileCaption(const HeadTile &tile) const;
    // Where that caption's text goes: right of the head's colour swatch.
    static QRectF captionTextRect(const QRectF &caption);

    int imageBuildCount() const;

    // ExportableView
    QString exportName() const override { return QStringLiteral("heads"); }
    QString exportTitle() const override;
    QSize contentSize() const override;
    void paintContent(QPainter &painter, const QSize &size, bool includeFocus) const override;

    QSize sizeHint() const override { return QSize(360, 420); }
    QSize minimumSizeHint() const override { return QSize(120, 120); }
    bool hasHeightForWidth() const override { return false; }

protected:
    void onResultChanged() override;
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    // Rules between the columns of different key/value heads (grouped-query attention, every layer).
    void drawKeyValueGroups(QPainter &painter, const HeadGridGeometry &g, const HeatmapStyle &style) const;
    HeadGridMetrics metricsFor(const HeatmapStyle &style, bool standalone) const;
    HeadGridGeometry layoutWith(const QSizeF &size, const HeatmapStyle &style, bool standalone) const;
    int focusedLayer() const;
    double scoreRange() const;
    ColorBarScale barScale() const; // what the colour bar says: shares of each tile's own top unless fixed
    // A tile's cells: one pixel per cell, or pooled by maximum (maxpool.h) when the tile has
    // fewer device pixels than the head has tokens, so a sharp weight still shows.
    const QImage &tileImage(const HeadRef &ref, int tile, double devicePixels) const;
    double labelWidth(const HeatmapStyle &style) const;
    static HeatmapStyle tileStyle(const HeatmapStyle &style);
    static QFont captionFont(const HeatmapStyle &style);
    // The longest of the head's names that fits `width` in `metrics`.
    QString captionFor(const HeadRef &ref, double width, const QFontMetricsF &metrics) const;
    // The head's name in full (tooltips).
    QString fullHeadName(const HeadRef &ref) const;

    bool m_allLayers = false;
    int m_fixedLayer = -1;

    mutable std::vector<HeadImageCache> m_caches; // one per layer
    mutable std::vector<OverviewImageCache> m_pooledTiles; // one per tile, for tiles below a pixel a cell
    mutable WidestLabel m_widestLabel;
};

} // namespace attn::ui
