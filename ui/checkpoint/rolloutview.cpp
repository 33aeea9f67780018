#include "rolloutview.h"

#include "rolloutheatmapview.h"

#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "views/flow/flowview.h"

#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

namespace attn::ui {

RolloutView::RolloutView(AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options, QWidget *parent)
    : QWidget(parent), m_document(document), m_arrowsDocument(new AttentionDocument(this)),
      m_arrowsFocus(new FocusModel(this)), m_arrowsOptions(new ViewOptionsModel(this)), m_tabs(new QTabWidget(this))
{
    m_heatmap = new RolloutHeatmapView(document, focus, options, m_tabs);
    m_arrows = new FlowView(FlowLayout::Columns, m_arrowsDocument, m_arrowsFocus, m_arrowsOptions);
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

    // The arrows' own focus shows the one head; its token and pair are the shared ones.
    auto mirror = [](FocusModel *from, FocusModel *to, bool toShared) {
        return [from, to, toShared] {
            Focus next = to->focus();
            next.query = from->focus().query;
            next.key = from->focus().key;
            next.pinned = from->focus().pinned;
            if (!toShared)
                next.layer = next.head = 0;
            to->setFocus(next);
        };
    };
    connect(focus, &FocusModel::focusChanged, this, mirror(focus, m_arrowsFocus, false));
    connect(m_arrowsFocus, &FocusModel::focusChanged, this, mirror(m_arrowsFocus, focus, true));
    auto copyOptions = [this, options] {
        ViewOptions o = options->options();
        o.flowHeads = FlowHeads::Focused;
        m_arrowsOptions->setOptions(o);
    };
    connect(options, &ViewOptionsModel::optionsChanged, this, copyOptions);
    copyOptions();
    mirror(focus, m_arrowsFocus, false)();

    connect(document, &AttentionDocument::resultChanged, this, &RolloutView::setResult);
    setResult();
}

ResultPtr RolloutView::rolloutAsResult(const AttentionResult &result, const Matrix &rollout)
{
    const int n = result.tokenCount();
    if (n == 0 || rollout.rows() != n || rollout.cols() != n)
        return nullptr;
    auto derived = std::make_shared<AttentionResult>();
    derived->tokens = result.tokens;
    derived->config = result.config;
    derived->config.heads = 1;
    derived->modelName = result.modelName;
    derived->rollout = rollout;
    HeadResult head;
    head.weights = rollout;
    head.scores = rollout;
    derived->layers.resize(1);
    derived->layers.front().heads.push_back(std::move(head));
    return derived;
}

void RolloutView::setResult()
{
    // Behind another dock's tab (as it always is for the toy model) the arrows wait until shown, so
    // a keystroke does not lay out a diagram nobody sees.
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    const ResultPtr result = m_document->result();
    const ResultPtr derived = result ? rolloutAsResult(*result, m_heatmap->rollout()) : nullptr;
    if (derived)
        m_arrowsDocument->showResult(derived, m_document->sentence());
}

void RolloutView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        setResult();
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
