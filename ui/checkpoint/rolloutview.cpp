#include "rolloutview.h"

#include "rolloutheatmapview.h"
#include "rolloutresult.h"

#include "views/flow/flowview.h"

#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

namespace attn::ui {

RolloutView::RolloutView(QWidget *parent)
    : ResultView(parent), m_tabs(new QTabWidget(this)), m_heatmap(new RolloutHeatmapView(m_tabs)),
      m_arrows(new FlowView(FlowLayout::Columns))
{
    auto *scroll = new QScrollArea(m_tabs);
    scroll->setWidget(m_arrows);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_tabs->addTab(m_heatmap, tr("Heatmap"));
    m_tabs->addTab(scroll, tr("Arrows"));
    m_tabs->setTabToolTip(0, tr("Row i: how much of what position i holds after the last layer flows from each "
                                "input token (Abnar & Zuidema 2020)"));
    m_tabs->setTabToolTip(1, tr("Lines from each position (left) to the input tokens it draws on (right), "
                                "width and opacity following the rollout"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

const Matrix &RolloutView::rollout() const
{
    static const Matrix none;
    return m_rollout ? m_rollout->rollout : none;
}

void RolloutView::onModelsChanged()
{
    m_heatmap->setFocusModel(focusModel());
    m_heatmap->setOptions(optionsModel());
    m_arrows->setFocusModel(focusModel());
    m_arrows->setOptions(optionsModel());
}

void RolloutView::onResultChanged()
{
    m_rollout = result() ? rolloutResult(*result()) : nullptr;
    m_heatmap->setSourceLayerCount(result() ? result()->layerCount() : 0);
    m_heatmap->setResult(m_rollout);
    // Behind another dock's tab (as it always is for the toy model) the arrows wait until shown, so
    // a keystroke does not lay out a diagram nobody sees.
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    showArrows();
}

void RolloutView::showArrows()
{
    m_stale = false;
    if (m_rollout) // none (a result without tokens): the arrows keep the last rollout
        m_arrows->setResult(m_rollout);
}

void RolloutView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        showArrows();
}

QString RolloutView::exportName() const
{
    return m_heatmap->exportName();
}

QString RolloutView::exportTitle() const
{
    return m_heatmap->exportTitle();
}

QSize RolloutView::contentSize() const
{
    return m_heatmap->contentSize();
}

void RolloutView::paintContent(QPainter &painter, const QSize &size, bool includeFocus) const
{
    m_heatmap->paintContent(painter, size, includeFocus);
}

} // namespace attn::ui
