#pragma once

#include "core/attentionresult.h"
#include "views/exportableview.h"

#include <QWidget>

class QTabWidget;

namespace attn::ui {

class AttentionDocument;
class FlowView;
class FocusModel;
class RolloutHeatmapView;
class ViewOptionsModel;

// The attention rollout two ways: as a heatmap (RolloutHeatmapView) and as arrows from each
// position to the input tokens that flow into it (the flow view's columns layout, fed the rollout
// as if it were one head). Both follow the shared focus: hovering a token or a pair here moves it
// everywhere, and the arrows keep the flow panel's threshold and top-k.
//
// Exported ("rollout"), it is the heatmap.
class RolloutView : public QWidget, public ExportableView
{
    Q_OBJECT

public:
    RolloutView(AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options, QWidget *parent = nullptr);

    RolloutHeatmapView *heatmap() const { return m_heatmap; }
    FlowView *arrows() const { return m_arrows; }

    // The rollout of `result` as a result of one layer with one head whose weights are the rollout:
    // what the arrows draw. Null without a rollout.
    static ResultPtr rolloutAsResult(const AttentionResult &result, const Matrix &rollout);

    QString exportName() const override;
    QString exportTitle() const override;
    QSize contentSize() const override;
    void paintContent(QPainter &painter, const QSize &size, bool includeFocus) const override;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void setResult();
    bool m_stale = false; // a result arrived while hidden: the arrows are redone when shown

    AttentionDocument *m_document;
    AttentionDocument *m_arrowsDocument; // shows the rollout as a one-head result, computes nothing
    FocusModel *m_arrowsFocus;           // layer 0, head 0; its token and pair mirror the shared focus
    ViewOptionsModel *m_arrowsOptions;   // the shared options, always with the one head shown
    QTabWidget *m_tabs;
    RolloutHeatmapView *m_heatmap;
    FlowView *m_arrows;
};

} // namespace attn::ui
