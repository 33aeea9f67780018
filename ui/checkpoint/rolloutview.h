#pragma once

#include "views/resultview.h"

class QTabWidget;

namespace attn::ui {

class FlowView;
class RolloutHeatmapView;

// The attention rollout two ways: as a heatmap (RolloutHeatmapView) and as arrows from each
// position to the input tokens that flow into it (the flow view's columns layout). Both draw the
// rollout put as a one-head result (rolloutResult) with the shared focus and options: hovering a
// token or a pair here moves it everywhere, and the arrows keep the flow panel's threshold and
// top-k. The one head is drawn whatever head the shared focus is on.
//
// Given the document's result, it derives the rollout; the arrows are laid out only while shown.
// Exported ("rollout"), it is the heatmap.
class RolloutView : public ResultView
{
    Q_OBJECT

public:
    explicit RolloutView(QWidget *parent = nullptr);

    RolloutHeatmapView *heatmap() const { return m_heatmap; }
    FlowView *arrows() const { return m_arrows; }

    // The rollout drawn now, (N, N) with rows summing to 1; empty without a result.
    const Matrix &rollout() const;

    QString exportName() const override;
    QString exportTitle() const override;
    QSize contentSize() const override;
    void paintContent(QPainter &painter, const QSize &size, bool includeFocus) const override;

protected:
    void onResultChanged() override;
    void onFocusChanged(const Focus &) override {}  // the heatmap and the arrows follow it themselves
    void onOptionsChanged() override {}             // likewise
    void onModelsChanged() override;
    void showEvent(QShowEvent *event) override;

private:
    void showArrows();

    ResultPtr m_rollout;  // the rollout as a one-head result; null without one
    bool m_stale = false; // a result arrived while hidden: the arrows are redone when shown
    QTabWidget *m_tabs;
    RolloutHeatmapView *m_heatmap;
    FlowView *m_arrows;
};

} // namespace attn::ui
