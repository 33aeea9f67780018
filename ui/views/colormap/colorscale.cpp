#include "colorscale.h"

#include <limits>

namespace attn::ui {

namespace {

bool usable(double top)
{
    return top > 0 && std::isfinite(top);
}

// Shares of the top where the bar gets a tick: even steps for linear, the places the power scale
// spreads out, and whole decades for log.
std::vector<double> tickShares(ColorTransfer transfer)
{
    switch (transfer) {
    case ColorTransfer::Linear:
        return {0.0, 0.25, 0.5, 0.75, 1.0};
    case ColorTransfer::Power:
        return {0.0, 0.1, 0.25, 0.5, 1.0};
    case ColorTransfer::Log:
        return {0.001, 0.01, 0.1, 1.0};
    }
    return {};
}

// The diverging bar is as tall but carries both signs: fewer ticks per side (with 0 between).
std::vector<double> divergingTickShares(ColorTransfer transfer)
{
    switch (transfer) {
    case ColorTransfer::Linear:
        return {0.5, 1.0};
    case ColorTransfer::Power:
        return {0.25, 1.0};
    case ColorTransfer::Log:
        return {0.1, 1.0};
    }
    return {};
}

QString withMinus(QString text)
{
    return text.replace(QLatin1Char('-'), QChar(0x2212));
}

// A score tick: as many decimals as the range needs (the diverging bar's convention).
QString scoreTickText(double value, double range)
{
    if (value == 0)
        return QStringLiteral("0");
    const int decimals = range < 1 ? 3 : range < 10 ? 2 : 1;
    return withMinus(QString::number(value, 'f', decimals));
}

} // namespace

ScaleRange scaleRange(ColorScale scale, const ScaleRanges &ranges, ScaleRange fixed)
{
    if (!usable(fixed.high) || !(fixed.low < fixed.high))
        fixed = {};
    ScaleRange range = fixed;
    switch (scale) {
    case ColorScale::Fixed:
        return fixed;
    case ColorScale::Row:
        range = ranges.row;
        break;
    case ColorScale::Head:
        range = ranges.head;
        break;
    case ColorScale::Visible:
        range = ranges.visible;
        break;
    }
    if (!usable(range.high))
        return fixed;
    if (!(range.low < range.high) || !std::isfinite(range.low))
        range.low = 0;
    return range;
}

double colorPosition(double value, const ScaleRanges &ranges, ColorScaleMode mode, ScaleRange fixed)
{
    if (std::isnan(value))
        return value;
    return colorPosition(value, scaleRange(mode.scale, ranges, fixed), mode.transfer);
}

double divergingPosition(double value, const ScaleRanges &ranges, ColorScaleMode mode, ScaleRange fixed)
{
    if (std::isnan(value))
        return value;
    return divergingPosition(value, scaleRange(mode.scale, ranges, fixed).high, mode.transfer);
}

ScaleRange shownRangeInRow(const Matrix &values, int row, bool causal, bool magnitude)
{
    if (row < 0 || row >= values.rows())
        return {0, 0};
    const Eigen::Index visible = causal ? std::min<Eigen::Index>(row + 1, values.cols()) : values.cols();
    double high = 0;
    double low = std::numeric_limits<double>::infinity();
    for (Eigen::Index col = 0; col < visible; ++col) {
        const double v = values(row, col);
        if (!std::isfinite(v))
            continue;
        if (magnitude) {
            high = std::max(high, std::fabs(v));
        } else {
            high = std::max(high, v);
            if (v > 0)
                low = std::min(low, v);
        }
    }
    return {magnitude || !std::isfinite(low) ? 0.0 : low, high};
}

ScaleRange shownRange(const Matrix &values, bool causal, bool magnitude)
{
    ScaleRange range{std::numeric_limits<double>::infinity(), 0};
    for (Eigen::Index row = 0; row < values.rows(); ++row) {
        const ScaleRange r = shownRangeInRow(values, int(row), causal, magnitude);
        range.high = std::max(range.high, r.high);
        if (r.high > 0)
            range.low = std::min(range.low, r.low);
    }
    if (!std::isfinite(range.low))
        range.low = 0;
    return range;
}

double largestShown(const Matrix &values, bool causal)
{
    return shownRange(values, causal, true).high;
}

ColorBarScale colorBarScale(CellValue value, ColorScaleMode mode, ScaleRange fixed, ScaleRange head, bool oneHead)
{
    ColorBarScale bar;
    bar.value = value;
    bar.mode = mode;
    bar.range = scaleRange(ColorScale::Fixed, {}, fixed);
    if (mode.scale == ColorScale::Row || (mode.scale != ColorScale::Fixed && !oneHead))
        bar.relative = true;
    else if (mode.scale != ColorScale::Fixed)
        bar.range = scaleRange(ColorScale::Head, {{}, head, {}}, fixed);
    if (value == CellValue::Scores)
        bar.range.low = 0; // ±high
    return bar;
}

QString colorBarCaption(const ColorBarScale &scale)
{
    QString caption = scale.value == CellValue::Weights ? QStringLiteral("weight") : QStringLiteral("score");
    switch (scale.mode.scale) {
    case ColorScale::Fixed:
        break;
    case ColorScale::Row:
        caption += scale.value == CellValue::Weights ? QStringLiteral(" · row min–max") : QStringLiteral(" · row max");
        break;
    case ColorScale::Head:
        caption += scale.value == CellValue::Weights ? QStringLiteral(" · head min–max") : QStringLiteral(" · head max");
        break;
    case ColorScale::Visible:
        caption += scale.value == CellValue::Weights ? QStringLiteral(" · visible min–max")
                                                     : QStringLiteral(" · visible max");
        break;
    }
    switch (scale.mode.transfer) {
    case ColorTransfer::Linear:
        break;
    case ColorTransfer::Power:
        caption += QStringLiteral(" · γ ") + QString::number(kPowerGamma);
        break;
    case ColorTransfer::Log:
        caption += QStringLiteral(" · log");
        break;
    }
    return caption;
}

std::vector<ColorBarTick> colorBarTicks(const ColorBarScale &scale)
{
    std::vector<ColorBarTick> ticks;
    const bool weights = scale.value == CellValue::Weights;
    const auto label = [&scale, weights](double signedShare) {
        if (scale.relative) {
            if (std::fabs(signedShare) == 1.0)
                return signedShare < 0 ? QStringLiteral("−max") : QStringLiteral("max");
            if (weights && signedShare == 0.0 && scale.mode.scale != ColorScale::Fixed)
                return QStringLiteral("min");
            return withMinus(QString::number(signedShare, 'g', 3));
        }
        if (!weights)
            return scoreTickText(signedShare * scale.range.high, scale.range.high);
        return QString::number(scale.range.low + signedShare * (scale.range.high - scale.range.low), 'g', 3);
    };
    if (weights) {
        for (double share : tickShares(scale.mode.transfer))
            ticks.push_back({transferPosition(share, scale.mode.transfer), label(share)});
        return ticks;
    }
    // Diverging: the same shares on both sides of 0, bottom to top.
    const std::vector<double> shares = divergingTickShares(scale.mode.transfer);
    for (auto it = shares.rbegin(); it != shares.rend(); ++it)
        ticks.push_back({(1.0 - transferPosition(*it, scale.mode.transfer)) / 2, label(-*it)});
    ticks.push_back({0.5, QStringLiteral("0")});
    for (double share : shares)
        ticks.push_back({(1.0 + transferPosition(share, scale.mode.transfer)) / 2, label(share)});
    return ticks;
}

} // namespace attn::ui
