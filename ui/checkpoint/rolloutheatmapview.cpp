#include "rolloutheatmapview.h"

#include "views/heatmap/celltext.h"
#include "views/valueformat.h"

namespace attn::ui {

RolloutHeatmapView::RolloutHeatmapView(QWidget *parent) : HeatmapView(parent)
{
    updateToolTip();
}

void RolloutHeatmapView::setSourceLayerCount(int layers)
{
    m_sourceLayers = layers;
    updateToolTip();
}

void RolloutHeatmapView::onResultChanged()
{
    HeatmapView::onResultChanged();
    updateToolTip();
}

void RolloutHeatmapView::updateToolTip()
{
    setToolTip(exportTitle() + QStringLiteral("\n\n")
               + tr("How much each position's final representation draws on each input token through all layers, "
                    "the residual path counted as attention to oneself."));
}

QString RolloutHeatmapView::exportTitle() const
{
    if (!result() || m_sourceLayers == 0)
        return titleWithInput(tr("Attention rollout"));
    return titleWithInput(tr("Attention rollout through %n layer(s)", nullptr, m_sourceLayers));
}

QString RolloutHeatmapView::describeCell(int row, int col) const
{
    const AttentionResult &rollout = *result();
    const QString query = tokenLabel(rollout.tokens[size_t(row)]);
    const QString key = tokenLabel(rollout.tokens[size_t(col)]);
    if (isMasked(rollout, row, col))
        return tr("rollout · \"%1\" → \"%2\": masked (a token sees only itself and earlier tokens)").arg(query, key);
    const double share = rollout.head(0, 0)->weights(row, col);
    return tr("rollout · \"%1\" → \"%2\": %3 (%4) of what \"%1\" holds after layer %5 flows from \"%2\"")
        .arg(query, key, formatPercent(share), fullPrecision(share))
        .arg(m_sourceLayers - 1);
}

QString RolloutHeatmapView::placeholder() const
{
    return tr("The attention rollout through every layer will appear here.");
}

} // namespace attn::ui
