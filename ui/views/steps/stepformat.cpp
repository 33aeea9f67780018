#include "stepformat.h"

#include <cmath>

namespace attn::ui::stepformat {
namespace {

constexpr int maxTooltipEntries = 256; // a 4,096-wide vector would make a tooltip no one can read
constexpr int maxTokenLength = 24;

QString superscript(int exponent)
{
    static const QString digits = QStringLiteral("⁰¹²³⁴⁵⁶⁷⁸⁹");
    QString out = exponent < 0 ? QStringLiteral("⁻") : QString();
    const QString plain = QString::number(std::abs(exponent));
    for (QChar c : plain)
        out += digits.at(c.digitValue());
    return out;
}

// Replaces the ASCII minus of QString::number with U+2212 and drops the sign of a value that
// rounds to zero, so that "−0.000" never appears.
QString withTypographicMinus(QString text)
{
    if (!text.startsWith(QLatin1Char('-')))
        return text;
    bool allZero = true;
    for (QChar c : text)
        if (c.isDigit() && c != QLatin1Char('0'))
            allZero = false;
    if (allZero)
        return text.mid(1);
    return minus() + text.mid(1);
}

} // namespace

QString minus()
{
    return QStringLiteral("−");
}

QString number(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("∞") : QString(minus() + QStringLiteral("∞"));
    const double magnitude = std::fabs(value);
    if (magnitude < 1e5)
        return withTypographicMinus(QString::number(value, 'f', shownDecimals));
    // exp() of large scores: "1.234×10⁸" rather than a row of digits.
    return scientific(value);
}

QString scientific(double value)
{
    if (!std::isfinite(value))
        return number(value);
    if (value == 0.0)
        return QStringLiteral("0");
    const double magnitude = std::fabs(value);
    int exponent = int(std::floor(std::log10(magnitude)));
    double mantissa = value / std::pow(10.0, exponent);
    if (std::fabs(mantissa) >= 9.9995) {
        mantissa /= 10.0;
        ++exponent;
    }
    return withTypographicMinus(QString::number(mantissa, 'f', shownDecimals)) + QStringLiteral("×10")
        + superscript(exponent);
}

QString factor(double value)
{
    const QString text = number(value);
    if (text.startsWith(minus()))
        return QLatin1Char('(') + text + QLatin1Char(')');
    return text;
}

QString signedTerm(double value, bool first)
{
    const QString text = number(value);
    const bool negative = text.startsWith(minus());
    if (first)
        return text;
    if (negative)
        return QLatin1Char(' ') + minus() + QLatin1Char(' ') + text.mid(1);
    return QStringLiteral(" + ") + text;
}

QString full(double value)
{
    if (!std::isfinite(value))
        return number(value);
    return withTypographicMinus(QString::number(value, 'g', 9));
}

QString percent(double weight)
{
    return withTypographicMinus(QString::number(weight * 100.0, 'f', 1)) + QLatin1Char('%');
}

QString vector(const RowVector &v)
{
    // No-break spaces: a vector wraps as a whole or not at all, never "[0.075, 0." | "143]".
    // QTextDocument::toPlainText() gives them back as plain spaces.
    const QString separator = QStringLiteral(",\u00a0");
    const Eigen::Index n = v.size();
    const bool elide = n > maxShownEntries + 2; // eliding one or two entries saves nothing
    const Eigen::Index shown = elide ? maxShownEntries : n;
    QString out = QStringLiteral("[");
    for (Eigen::Index i = 0; i < shown; ++i) {
        if (i > 0)
            out += separator;
        out += number(v[i]);
    }
    if (elide)
        out += separator + QStringLiteral("…\u00a0%1\u00a0more").arg(n - shown);
    return out + QLatin1Char(']');
}

QString fullVector(const RowVector &v)
{
    const Eigen::Index n = v.size();
    const Eigen::Index shown = std::min<Eigen::Index>(n, maxTooltipEntries);
    QString out = QStringLiteral("[");
    for (Eigen::Index i = 0; i < shown; ++i) {
        if (i > 0)
            out += (i % 4 == 0) ? QStringLiteral(",\n ") : QStringLiteral(", ");
        out += full(v[i]);
    }
    if (shown < n)
        out += QStringLiteral(", … %1 more").arg(n - shown);
    return out + QLatin1Char(']');
}

QString subscript(int n)
{
    static const QString digits = QStringLiteral("₀₁₂₃₄₅₆₇₈₉");
    QString out;
    for (QChar c : QString::number(std::abs(n)))
        out += digits.at(c.digitValue());
    return out;
}

QString token(const QString &text)
{
    QString visible;
    visible.reserve(text.size());
    for (QChar c : text) {
        if (c == QLatin1Char('\n'))
            visible += QStringLiteral("↵");
        else if (c == QLatin1Char('\t'))
            visible += QStringLiteral("→");
        else if (c.category() == QChar::Other_Control)
            visible += QStringLiteral("<0x%1>").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            visible += c;
    }
    if (visible.size() > maxTokenLength)
        visible = visible.left(maxTokenLength - 1) + QStringLiteral("…");
    return QLatin1Char('"') + visible + QLatin1Char('"');
}

} // namespace attn::ui::stepformat
