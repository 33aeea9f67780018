#pragma once

#include "core/tensor.h"
#include "document/viewoptions.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <vector>

namespace attn::ui {

// Where on the colour bar a value sits, for every heatmap-type view (the large heatmap, the grid
// of heads, the model's grid, the rollout). Values only in, positions only out: no painting here.
//
// The bar spans a range of weights (ColorScale): 0–1 at the fixed scale, else the row's, the
// head's or the view's range, from its smallest non-zero weight to its largest, so that a row of
// near-equal weights (0.10–0.13) uses every colour. Zeros (hidden sink keys, left-out pairs,
// masked cells) do not pull the range down; they stay at the bottom. A value's share of the range
// then moves along the bar through the transfer (ColorTransfer):
//   linear  t = share
//   power   t = share^γ, γ = 0.5: small weights spread over more of the bar
//   log     t = 1 + log10(share) / 3: the top three decades; a share below 0.001 is the bottom
// Scores keep their diverging map centred on 0: the range is ±(the largest |score| of the layer,
// row, head or view), the transfer applied to |score| / top and the sign kept.

inline constexpr double kPowerGamma = 0.5;
inline constexpr double kLogDecades = 3.0;

struct ColorScaleMode
{
    ColorScale scale = ColorScale::Fixed;
    ColorTransfer transfer = ColorTransfer::Linear;

    friend bool operator==(const ColorScaleMode &, const ColorScaleMode &) = default;
};

inline ColorScaleMode colorScaleMode(const ViewOptions &options)
{
    return {options.colorScale, options.colorTransfer};
}

// The values a bar spans: weights from low (bottom colour) to high (top colour); scores use high
// only, as the largest |score| (±high at the ends, 0 in the middle).
struct ScaleRange
{
    double low = 0;
    double high = 1;

    friend bool operator==(const ScaleRange &, const ScaleRange &) = default;
};

// The ranges around one cell: of its query row, of its head, of what the view shows.
struct ScaleRanges
{
    ScaleRange row;
    ScaleRange head;
    ScaleRange visible;
};

// The range the scale picks. `fixed` is the fixed scale's (weights 0–1, scores the layer's largest
// |score|); a range whose top is 0 or not finite (a row with nothing shown) falls back to it, and
// one with nothing between low and high (a single shown cell) becomes 0–high, so that callers can
// always divide.
ScaleRange scaleRange(ColorScale scale, const ScaleRanges &ranges, ScaleRange fixed);

// A share of the top (clamped to [0, 1]) → its place on the bar, t in [0, 1]. Inline: a heatmap
// image calls it once per cell.
inline double transferPosition(double share, ColorTransfer transfer)
{
    share = std::clamp(share, 0.0, 1.0);
    switch (transfer) {
    case ColorTransfer::Linear:
        return share;
    case ColorTransfer::Power:
        return std::pow(share, kPowerGamma);
    case ColorTransfer::Log:
        return share > 0 ? std::max(0.0, 1.0 + std::log10(share) / kLogDecades) : 0.0;
    }
    return share;
}

// A weight → t in [0, 1] for colorIndex(); NaN stays NaN (the "no value" colour).
double colorPosition(double value, const ScaleRanges &ranges, ColorScaleMode mode, ScaleRange fixed = {});
// The same for a range already picked by scaleRange().
inline double colorPosition(double value, const ScaleRange &range, ColorTransfer transfer)
{
    return transferPosition((value - range.low) / (range.high - range.low), transfer);
}

// A score → s in [−1, 1] (0 = the centre of the diverging map); NaN stays NaN.
double divergingPosition(double value, const ScaleRanges &ranges, ColorScaleMode mode, ScaleRange fixed);
// The same for a largest |score| already picked by scaleRange() (top > 0).
inline double divergingPosition(double value, double top, ColorTransfer transfer)
{
    const double position = transferPosition(std::fabs(value) / top, transfer);
    return value < 0 ? -position : position;
}

// The range of the cells a heatmap shows with a value: causal-masked cells (key after query) and
// non-finite entries are left out. Weights (magnitude false): the smallest non-zero weight to the
// largest; scores (magnitude true): 0 to the largest |score|. {0, 0} when nothing is shown.
ScaleRange shownRange(const Matrix &values, bool causal, bool magnitude); // values: (N, N)
ScaleRange shownRangeInRow(const Matrix &values, int row, bool causal, bool magnitude);
// The largest |value| shown (causal-masked and non-finite cells left out); 0 when none.
double largestShown(const Matrix &values, bool causal);

// What the colour bar says: its caption ("weight · row min–max · log") and its ticks. `range` is
// the scale's range when one holds for the whole picture (fixed, or one head's); `relative` when
// it differs from row to row or tile to tile: then the ticks run from "min" to "max" (scores:
// "−max" to "max") through shares of the range.
struct ColorBarScale
{
    CellValue value = CellValue::Weights;
    ColorScaleMode mode;
    ScaleRange range;
    bool relative = false;
};

struct ColorBarTick
{
    double position = 0; // 0 = the bottom of the bar, 1 = the top
    QString label;
};

// The bar's scale for a view that shows one head (oneHead) or many: the fixed range for the fixed
// scale, else the head's range (ignored when !oneHead or the scale is per row).
ColorBarScale colorBarScale(CellValue value, ColorScaleMode mode, ScaleRange fixed, ScaleRange head, bool oneHead);
QString colorBarCaption(const ColorBarScale &scale);
std::vector<ColorBarTick> colorBarTicks(const ColorBarScale &scale);

} // namespace attn::ui
