#pragma once

#include "views/heatmap/heatmapview.h"

namespace attn::ui {

// The attention rollout (rolloutResult) drawn by the heatmap: row i shows how much of what position
// i holds after the last layer flows from each input token, the residual path counted as attention
// to oneself. Everything is the heatmap's (cells, labels, colour bar, focus, hover and pin); only the
// words differ, and the cells are always weights (the rollout has no scores).
class RolloutHeatmapView : public HeatmapView
{
    Q_OBJECT

public:
    explicit RolloutHeatmapView(QWidget *parent = nullptr);

    // How many layers the rollout went through (the result drawn has one): titles and tooltips.
    void setSourceLayerCount(int layers);

    QString exportName() const override { return QStringLiteral("rollout"); }
    QString exportTitle() const override;
    QSize sizeHint() const override { return QSize(420, 420); } // fixed: a new result lays nothing out

protected:
    void onResultChanged() override;
    CellValue shownValue() const override { return CellValue::Weights; }
    QString describeCell(int row, int col) const override;
    QString placeholder() const override;

private:
    // The title is elided to the view's width; the tooltip away from the cells says it whole.
    void updateToolTip();

    int m_sourceLayers = 0;
};

} // namespace attn::ui
