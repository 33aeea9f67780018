#include "celltext.h"

#include "views/valueformat.h"

#include <cmath>

namespace attn::ui {

bool isMasked(const AttentionResult &result, int query, int key)
{
    return result.config.causal && key > query;
}

QString tokenLabel(const Token &token)
{
    QString text = token.text;
    text.replace(QLatin1Char('\n'), QStringLiteral("⏎"));
    text.replace(QLatin1Char('\t'), QStringLiteral("⇥"));
    text.replace(QLatin1Char('\r'), QString());
    return text.trimmed().isEmpty() ? QStringLiteral("␣") : text;
}

QString formatPercent(double weight)
{
    const double percent = weight * 100.0;
    if (percent > 0 && percent < 0.05)
        return QString::number(percent, 'g', 2) + QLatin1Char('%');
    return QString::number(percent, 'f', 1) + QLatin1Char('%');
}

QString cellToolTip(const AttentionResult &result, int layer, int head, int query, int key)
{
    const HeadPtr shown = result.head(layer, head);
    if (!shown)
        return {};
    const HeadResult &h = *shown;
    const int n = result.tokenCount();
    if (query < 0 || key < 0 || query >= n || key >= n || h.weights.rows() != n || h.weights.cols() != n)
        return {};

    QString text;
    if (result.layerCount() > 1)
        text += QStringLiteral("layer %1 · ").arg(layer);
    text += QStringLiteral("head %1").arg(head);
    if (result.groupedQuery())
        text += QStringLiteral(" · kv %1").arg(result.keyValueHeadOf(head));
    text += QStringLiteral(" · \"%1\" → \"%2\": ").arg(result.tokens[size_t(query)].text, result.tokens[size_t(key)].text);
    if (isMasked(result, query, key))
        return text + QStringLiteral("masked (causal: a token sees only itself and earlier tokens)");
    if (result.isFilteredOut(query, key))
        return text + QStringLiteral("left out: only %1 is shown").arg(result.pairFilterName);

    const double weight = h.weights(query, key);
    const double score = h.scores(query, key);
    // The cells round; the tooltip keeps every digit the engine computed.
    text += formatPercent(weight) + QStringLiteral(" (weight ") + fullPrecision(weight) + QStringLiteral("; score ")
          + fullPrecision(score);
    if (h.q.rows() == n && h.k.rows() == n && h.q.cols() == h.k.cols() && h.q.cols() > 0) {
        const double dot = double(h.q.row(query).dot(h.k.row(key)));
        text += QStringLiteral(" = q·k ") + fullPrecision(dot);
        if (result.config.scaleByRootDk)
            text += QStringLiteral(" / √") + QString::number(h.k.cols());
        if (std::abs(result.config.temperature - 1.0) > 1e-12)
            text += QStringLiteral(" / (T = ") + QString::number(result.config.temperature, 'g', 4) + QLatin1Char(')');
    }
    text += QLatin1Char(')');
    if (!result.hiddenKeysName.isEmpty())
        text += result.isKeyHidden(key) ? QStringLiteral("; %1 hidden").arg(result.hiddenKeysName)
                                        : QStringLiteral("; the row is rescaled without %1").arg(result.hiddenKeysName);
    return text;
}

} // namespace attn::ui
