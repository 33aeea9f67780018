#pragma once

#include "core/attentionresult.h"

class QFontMetricsF;

namespace attn::ui {

// The widest token label of the result a heatmap shows, measured once per result: every layout
// and every paint asks for it, and measuring 512 labels each time would show while hovering.
class WidestLabel
{
public:
    // heatmappaint::widestLabel of the result's tokens; 0 without a result.
    double of(const ResultPtr &result, const QFontMetricsF &metrics, double maxWidth);

private:
    ResultPtr m_measured;
    double m_width = 0;
};

} // namespace attn::ui
