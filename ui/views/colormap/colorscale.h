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
// The top of the bar is the scale's top value (ColorScale): 1 for weights at the fixed scale (for
// scores the layer's largest |score|), else the row's, the head's or the view's largest value. A
// value's share of that top then moves along the bar through the transfer (ColorTransfer):
//   linear  t = share
//   power   t = share^γ, γ = 0.5: small weights spread over more of the bar
//   log     t = 1 + log10(share) / 3: the top three decades; a share below 0.001 is the bottom
// Scores keep their diverging map centred on 0: the same top (of |score|) on both sides, the
// transfer applied to |score| / top and the sign kept.

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

// The largest values around one cell: in its query row, in its head, in what the view shows.
// (For scores: the largest |score|.)
struct ScaleMaxima
{
    double row = 0;
    double head = 0;
    double visible = 0;
};

// The value that takes the top colour. fixedTop is the fixed scale's (weights 1, scores the
// layer's symmetric range); a maximum that is 0 or not finite (a row with nothing shown) falls
// back to it, so that callers can always divide.
double scaleTop(ColorScale scale, const ScaleMaxima &maxima, double fixedTop);

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
double colorPosition(double value, const ScaleMaxima &maxima, ColorScaleMode mode, double fixedTop = 1.0);

// A score → s in [−1, 1] (0 = the centre of the diverging map); NaN stays NaN.
double divergingPosition(double value, const ScaleMaxima &maxima, ColorScaleMode mode, double fixedTop);

// The largest value of the cells a heatmap shows with a value: causal-masked cells (key after
// query) and non-finite entries are left out; `magnitude` compares |value| (scores). 0 when none.
double largestShown(const Matrix &values, bool causal, bool magnitude);          // values: (N, N)
double largestShownInRow(const Matrix &values, int row, bool causal, bool magnitude);

// What the colour bar says: its caption ("weight · row max · log") and its ticks. `top` is the
// scale's top value when one number holds for the whole picture (fixed, or one head's maximum);
// `relative` when it differs from row to row or tile to tile: then the ticks are shares of the
// maximum (0 … "max").
struct ColorBarScale
{
    CellValue value = CellValue::Weights;
    ColorScaleMode mode;
    double top = 1.0;
    bool relative = false;
};

struct ColorBarTick
{
    double position = 0; // 0 = the bottom of the bar, 1 = the top
    QString label;
};

// The bar's scale for a view that shows one head (oneHead) or many. top: fixedTop for the fixed
// scale, else the head's largest value (ignored when !oneHead or the scale is per row).
ColorBarScale colorBarScale(CellValue value, ColorScaleMode mode, double fixedTop, double headTop, bool oneHead);
QString colorBarCaption(const ColorBarScale &scale);
std::vector<ColorBarTick> colorBarTicks(const ColorBarScale &scale);

} // namespace attn::ui
