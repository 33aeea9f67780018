#pragma once

#include "core/attentionresult.h"
#include "document/viewoptions.h"
#include "views/colormap/colorscale.h"
#include "heatmapgeometry.h"
#include "heatmapstyle.h"

#include <QImage>
#include <QString>

class QPainter;
class QFontMetricsF;

namespace attn::ui {

// The drawing steps of a heatmap, shared by the large view and the grid of small multiples.
// Everything is drawn as shapes, images and text (drawText), so SVG and PDF keep text as text.
namespace heatmappaint {

// The title, elided to its rectangle (a narrow panel cuts the quoted input, not the head).
void drawTitle(QPainter &painter, const QRectF &rect, const QString &title, const HeatmapStyle &style);

// The whole area says only this, centred and wrapped: there is nothing to draw yet, or why not.
void drawMessage(QPainter &painter, const QSize &size, const QString &message, const HeatmapStyle &style);

// Draws a head's image (one pixel per cell) into target without smoothing. Vector devices
// (SVG, PDF) get a copy enlarged by whole pixels, so viewers that smooth images keep cells crisp.
void drawCells(QPainter &painter, const QImage &image, const QRectF &target);

// The label of token `index` as drawn at `stride`: thinned labels of long inputs carry their
// position ("120 cat") so a reader can count; elided to maxWidth.
QString labelText(const TokenList &tokens, int index, int stride, const QFontMetricsF &metrics, double maxWidth);

// The widest label any token can get (index prefix included when the matrix may be thinned),
// capped at maxWidth; with room for the bold focused label.
double widestLabel(const TokenList &tokens, const QFontMetricsF &metrics, double maxWidth);

// The part of `image` (one pixel per cell of the whole matrix, or the pooled cells `shown` of it)
// that the geometry's viewport shows, drawn over those cells and clipped to the viewport.
void drawVisibleCells(QPainter &painter, const HeatmapGeometry &geometry, const QImage &image, CellRange rows,
                      CellRange cols);

// The minimap of a zoomed heatmap: the whole matrix (`overview`, pooled to the minimap's size) with
// a frame around what the viewport shows.
void drawMinimap(QPainter &painter, const HeatmapGeometry &geometry, const QImage &overview, const HeatmapStyle &style);

// Row labels left of the matrix and column labels above it (rotated when the geometry says so),
// those the geometry shows (beside the viewport). The focused row/column label is always drawn,
// in bold, even where thinning would skip it, and its thinned neighbours give way to it.
void drawLabels(QPainter &painter, const HeatmapGeometry &geometry, const TokenList &tokens,
                const HeatmapStyle &style, double maxLabelWidth, int focusRow, int focusCol);

// "query ↓" and "key →".
void drawAxisCaptions(QPainter &painter, const HeatmapGeometry &geometry, const HeatmapStyle &style);

// The colour bar with ticks and a caption below it that names the scale ("weight · row max").
void drawColorBar(QPainter &painter, const QRectF &bar, ColorMapId map, const ColorBarScale &scale,
                  const HeatmapStyle &style);
// The width the bar, its tick labels and its caption need.
double colorBarWidth(const HeatmapStyle &style, const ColorBarScale &scale);

// The number in each cell, when cells are large enough to hold it; masked cells stay empty.
// Returns false (and draws nothing) when they are not.
bool drawCellValues(QPainter &painter, const HeatmapGeometry &geometry, const HeadResult &head, bool causal,
                    CellValue value, const QImage &image, const HeatmapStyle &style);

// The focus: the row and the column outlined, the cell framed (thicker when pinned). A focused
// token without a key outlines its row only.
void drawFocus(QPainter &painter, const HeatmapGeometry &geometry, int query, int key, bool pinned,
               const HeatmapStyle &style);

} // namespace heatmappaint

} // namespace attn::ui
