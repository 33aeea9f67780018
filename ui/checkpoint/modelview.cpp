#include "modelview.h"

#include "views/heatmap/headgridgeometry.h"
#include "views/heatmap/headgridview.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include <cmath>

namespace attn::ui {

namespace {

constexpr int kColorBarAllowance = 70; // the grid's colour bar and its ticks
constexpr int kTitleAllowance = 24;     // token labels above the first row, when the grid shows them

} // namespace

ModelView::ModelView(QWidget *parent)
    : ResultView(parent), m_caption(new QLabel(this)), m_scroll(new QScrollArea(this)), m_grid(new HeadGridView)
{
    m_grid->setAllLayers(true);
    m_grid->setToolTip(tr("Every head of every layer: rows are layers, columns heads (both from 0). "
                          "Click a thumbnail to open that head; hover a cell for its numbers."));
    m_scroll->setWidget(m_grid);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_caption->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_caption);
    layout->addWidget(m_scroll, 1);

    onResultChanged();
}

void ModelView::onModelsChanged()
{
    m_grid->setFocusModel(focusModel());
    m_grid->setOptions(optionsModel());
}

void ModelView::onResultChanged()
{
    const ResultPtr &result = this->result();
    m_grid->setResult(result);
    const int layers = result ? result->layerCount() : 0;
    const int heads = result ? result->headCount() : 0;
    const int n = result ? result->tokenCount() : 0;
    if (layers == 0 || heads == 0) {
        m_caption->setText(tr("Every head of every layer will appear here."));
        m_grid->setMinimumSize(0, 0);
        return;
    }
    m_caption->setText(result->modelName.isEmpty()
                           ? tr("%n layer(s) × %1 heads. Click a head to open it.", nullptr, layers).arg(heads)
                           : tr("%1: %2 layers × %3 heads (rows: layers, columns: heads). Click a head to open it.")
                                 .arg(result->modelName)
                                 .arg(layers)
                                 .arg(heads));
    // Scroll rather than shrink thumbnails below the size where their cells still show.
    std::vector<HeadRef> refs;
    for (int l = 0; l < layers; ++l)
        for (int h = 0; h < heads; ++h)
            refs.push_back(HeadRef{l, h});
    // The grid's own metrics are its business: generous ones here (a title line, bold captions).
    HeadGridMetrics metrics;
    metrics.titleHeight = 24;
    metrics.captionHeight = 18;
    const HeadGridGeometry g = HeadGridGeometry::withTileSize(minimumTileSide, std::max(n, 1), refs, heads, metrics, false);
    m_grid->setMinimumSize(int(std::ceil(g.contentRect.width())) + kColorBarAllowance,
                           int(std::ceil(g.contentRect.height())) + kTitleAllowance);
}

QString ModelView::exportTitle() const
{
    const ResultPtr &shown = result();
    return titleWithInput(shown && !shown->modelName.isEmpty()
                              ? tr("%1 · every head of %2 layers").arg(shown->modelName).arg(shown->layerCount())
                              : tr("Every head of every layer"));
}

QSize ModelView::contentSize() const
{
    return m_grid->contentSize();
}

void ModelView::paintContent(QPainter &painter, const QSize &size, bool includeFocus) const
{
    m_grid->paintContent(painter, size, includeFocus);
}

} // namespace attn::ui
