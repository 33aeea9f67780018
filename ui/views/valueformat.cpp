#include "valueformat.h"

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

constexpr int kMaxDecimals = 6;

QString withMinus(QString text)
{
    return text.replace(QLatin1Char('-'), QChar(0x2212));
}

} // namespace

int ValueFormat::significantDigits(int tokenCount)
{
    return tokenCount <= 16 ? 3 : 2;
}

ValueFormat ValueFormat::forLargest(double largest, int digits)
{
    largest = std::fabs(largest);
    if (!(largest > 0) || !std::isfinite(largest))
        return {std::clamp(digits, 0, kMaxDecimals)};
    const int exponent = int(std::floor(std::log10(largest))); // 0.501 → −1, 3.25 → 0
    return {std::clamp(digits - 1 - exponent, 0, kMaxDecimals)};
}

QString ValueFormat::format(double value) const
{
    QString text = QString::number(value, 'f', decimals);
    if (text.startsWith(QLatin1Char('-')) && text.toDouble() == 0) // "−0.000" would claim a sign
        text.remove(0, 1);
    return withMinus(text);
}

QString fullPrecision(double value)
{
    return withMinus(QString::number(float(value), 'g', 7));
}

} // namespace attn::ui
