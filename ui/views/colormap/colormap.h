#pragma once

#include "core/tensor.h"
#include "document/viewoptions.h"

#include <QColor>
#include <QRgb>

#include <algorithm>
#include <array>
#include <cmath>

namespace attn::ui {

// Colour maps shared by every view.
//
// Sequential maps (weights 0–1): viridis (default), magma, cividis, greys. Each is a table of
// 256 colours sampled the way matplotlib samples its maps: t in [i/256, (i+1)/256) takes entry i,
// and t = 1 takes entry 255, so colorAt(map, 0.5) is entry 128 and equals matplotlib's map(0.5).
// viridis, magma and cividis are matplotlib's published 256-entry tables; greys is ColorBrewer's
// nine-class "Greys" (white → black) interpolated to 256 entries like matplotlib's "Greys".
//
// Diverging map (raw scores, centred on 0): ColorBrewer's eleven-class RdBu reversed —
// negative blue, 0 near-white (#f7f7f7), positive red — interpolated to 255 entries so that 0
// falls exactly on the middle entry. Values are mapped through a symmetric range [−r, r].
//
// "No value": NaN (and masked cells, which the views draw as NaN) takes a colour that the map
// itself never produces: light neutral grey #dcdcdc for viridis, magma and cividis; pale rose
// #f2d0d0 for greys; mid grey #a6a6a6 for the diverging map.

constexpr int kColorTableSize = 256;
constexpr int kDivergingTableSize = 255; // odd, so that 0 has an entry of its own
constexpr int kDivergingCentre = kDivergingTableSize / 2;

using ColorTable = std::array<QRgb, kColorTableSize>;
using DivergingTable = std::array<QRgb, kDivergingTableSize>;

// The lookup table of a map, for filling QImage scan lines without a function call per cell.
const ColorTable &colorTable(ColorMapId map);

// The table entry for t (clamped to [0, 1]); −1 for NaN. Inline: a heatmap image calls it once per
// cell (a million times at 1,024 tokens), and the call cost more than the arithmetic.
inline int colorIndex(double t)
{
    if (std::isnan(t))
        return -1;
    return std::clamp(int(std::floor(std::clamp(t, 0.0, 1.0) * kColorTableSize)), 0, kColorTableSize - 1);
}

// The colour for t in [0, 1] (clamped); NaN gives noValueColor(map).
QRgb colorAt(ColorMapId map, double t);
QRgb noValueColor(ColorMapId map);

// Every map, in the order a picker lists them.
std::array<ColorMapId, 4> allColorMaps();

// The diverging map: value in [−range, range] (clamped), 0 → the middle entry (#f7f7f7).
const DivergingTable &divergingTable();
int divergingIndex(double value, double range); // −1 for NaN
QRgb divergingColorAt(double value, double range);
QRgb divergingNoValueColor();

// A symmetric range for the diverging map: the largest |score| among the cells that are shown
// with a value. Non-finite entries are ignored, and so are causal-masked cells (key > query) when
// causal is set, because their scores never reach the softmax. Returns 1 when nothing is left
// or everything is 0, so that callers can always divide by it.
double symmetricRange(const Matrix &scores, bool causal); // scores: (N, N)

// One colour per head, shared by the heatmap captions and the flow diagrams: the first ten are a
// qualitative palette with distinct hues of similar weight; later heads continue around the hue
// circle by the golden angle, alternating lightness, so neighbours never look alike.
QColor headColor(int head);

// Black or white, whichever reads better on a cell of this colour (for printed cell values).
QColor textColorOn(QRgb background);

} // namespace attn::ui
