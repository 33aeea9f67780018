#include "widestlabel.h"

#include "heatmappainter.h"

#include <QFontMetricsF>

namespace attn::ui {

double WidestLabel::of(const ResultPtr &result, const QFontMetricsF &metrics, double maxWidth)
{
    if (!result)
        return 0;
    if (result != m_measured) {
        m_width = heatmappaint::widestLabel(result->tokens, metrics, maxWidth);
        m_measured = result;
    }
    return m_width;
}

} // namespace attn::ui
