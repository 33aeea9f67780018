#include "modelview.h"

#include "views/heatmap/headgridgeometry.h"
#include "views/heatmap/headgridview.h"

#include <QEvent>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include <cmath>

namespace attn::ui {

ModelView::ModelView(QWidget *parent)
    : ResultView(parent), m_caption(new QLabel(this)), m_scroll(new QScrollArea(this)), m_grid(new HeadGridView)
{
    m_grid->setAllLayers(true);
    m_grid->setToolTip(tr("Every head of every layer: rows are layers, columns heads (both from 0). "
                          "Click a thumbnail to open that head; hover a cell for its numbers."));
    m_scroll->setWidget(m_grid);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->viewport()->installEventFilter(this); // its width decides how tall the grid must be
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
    updateGridMinimum();
}

bool ModelView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize)
        updateGridMinimum();
    return ResultView::eventFilter(watched, event);
}

QSize ModelView::gridMinimumSize(int viewportWidth) const
{
    const ResultPtr &result = this->result();
    if (!result || result->layerCount() == 0 || result->headCount() == 0)
        return {0, 0};
    // The grid lays its tiles out to fit both ways; the smallest width, then the smallest height at
    // the width it will get, whose tiles are still readable. Tile sides grow with either.
    const auto readable = [this](double width, double height) {
        return m_grid->layoutFor(QSizeF(width, height)).tileSize >= minimumTileSide;
    };
    const auto smallest = [](double lo, double hi, const auto &fits) {
        if (!fits(hi))
            return hi;
        for (int i = 0; i < 24 && hi - lo > 1.0; ++i) {
            const double mid = (lo + hi) / 2.0;
            (fits(mid) ? hi : lo) = mid;
        }
        return std::ceil(hi);
    };
    constexpr double unbounded = 1e6;
    const double width = smallest(1.0, unbounded, [&](double w) { return readable(w, unbounded); });
    const double shownWidth = std::max(width, double(viewportWidth));
    const double height = smallest(1.0, unbounded, [&](double h) { return readable(shownWidth, h); });
    return QSize(int(width), int(height));
}

void ModelView::updateGridMinimum()
{
    const QSize minimum = gridMinimumSize(m_scroll->viewport()->width());
    if (m_grid->minimumSize() != minimum)
        m_grid->setMinimumSize(minimum);
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
