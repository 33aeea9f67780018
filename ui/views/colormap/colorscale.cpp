#include "colorscale.h"

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

double scaleTop(ColorScale scale, const ScaleMaxima &maxima, double fixedTop)
{
    const double fallback = usable(fixedTop) ? fixedTop : 1.0;
    double top = fallback;
    switch (scale) {
    case ColorScale::Fixed:
        return fallback;
    case ColorScale::Row:
        top = maxima.row;
        break;
    case ColorScale::Head:
        top = maxima.head;
        break;
    case ColorScale::Visible:
        top = maxima.visible;
        break;
    }
    return usable(top) ? top : fallback;
}

double colorPosition(double value, const ScaleMaxima &maxima, ColorScaleMode mode, double fixedTop)
{
    if (std::isnan(value))
        return value;
    return transferPosition(value / scaleTop(mode.scale, maxima, fixedTop), mode.transfer);
}

double divergingPosition(double value, const ScaleMaxima &maxima, ColorScaleMode mode, double fixedTop)
{
    if (std::isnan(value))
        return value;
    const double share = std::fabs(value) / scaleTop(mode.scale, maxima, fixedTop);
    const double position = transferPosition(share, mode.transfer);
    return value < 0 ? -position : position;
}

double largestShownInRow(const Matrix &values, int row, bool causal, bool magnitude)
{
    if (row < 0 || row >= values.rows())
        return 0;
    const Eigen::Index visible = causal ? std::min<Eigen::Index>(row + 1, values.cols()) : values.cols();
    double largest = 0;
    for (Eigen::Index col = 0; col < visible; ++col) {
        const double v = values(row, col);
        if (std::isfinite(v))
            largest = std::max(largest, magnitude ? std::fabs(v) : v);
    }
    return largest;
}

double largestShown(const Matrix &values, bool causal, bool magnitude)
{
    double largest = 0;
    for (Eigen::Index row = 0; row < values.rows(); ++row)
        largest = std::max(largest, largestShownInRow(values, int(row), causal, magnitude));
    return largest;
}

ColorBarScale colorBarScale(CellValue value, ColorScaleMode mode, double fixedTop, double headTop, bool oneHead)
{
    ColorBarScale bar;
    bar.value = value;
    bar.mode = mode;
    bar.top = usable(fixedTop) ? fixedTop : 1.0;
    if (mode.scale == ColorScale::Row || (mode.scale != ColorScale::Fixed && !oneHead))
        bar.relative = true;
    else if (mode.scale != ColorScale::Fixed)
        bar.top = usable(headTop) ? headTop : bar.top;
    return bar;
}

QString colorBarCaption(const ColorBarScale &scale)
{
    QString caption = scale.value == CellValue::Weights ? QStringLiteral("weight") : QStringLiteral("score");
    switch (scale.mode.scale) {
    case ColorScale::Fixed:
        break;
    case ColorScale::Row:
        caption += QStringLiteral(" · row max");
        break;
    case ColorScale::Head:
        caption += QStringLiteral(" · head max");
        break;
    case ColorScale::Visible:
        caption += QStringLiteral(" · visible max");
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
    const auto label = [&scale](double signedShare) {
        if (scale.relative) {
            if (std::fabs(signedShare) == 1.0)
                return signedShare < 0 ? QStringLiteral("−max") : QStringLiteral("max");
            return withMinus(QString::number(signedShare, 'g', 3));
        }
        const double value = signedShare * scale.top;
        if (scale.value == CellValue::Scores)
            return scoreTickText(value, scale.top);
        return QString::number(value, 'g', 3);
    };
    if (scale.value == CellValue::Weights) {
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
