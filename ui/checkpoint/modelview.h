#pragma once

#include "views/resultview.h"

class QLabel;
class QScrollArea;

namespace attn::ui {

class HeadGridView;

// BertViz's model view: every head of every layer as a thumbnail heatmap, one row per layer and one
// column per head (12 × 12 for GPT-2 small, 48 × 25 for xl). Clicking a thumbnail opens that head:
// it becomes the focused layer and head, so the large heatmap, the arrows and the step panel show
// it. Thumbnails keep a readable minimum size, measured with the grid's own layout at the
// viewport's width; what does not fit scrolls.
//
// The tiles are the heatmap views' own small multiples (HeadGridView in all-layers mode), so they
// look, hover and cache exactly like the "All heads" grid; the grid is handed this view's result,
// focus and options.
class ModelView : public ResultView
{
    Q_OBJECT

public:
    explicit ModelView(QWidget *parent = nullptr);

    HeadGridView *grid() const { return m_grid; }
    static constexpr int minimumTileSide = 40; // below this a thumbnail shows nothing: scroll instead

    // ExportableView: the whole sheet of thumbnails, every layer.
    QString exportName() const override { return QStringLiteral("model"); }
    QString exportTitle() const override;
    QSize contentSize() const override;
    void paintContent(QPainter &painter, const QSize &size, bool includeFocus) const override;

    // The grid's size at which every thumbnail is at least minimumTileSide, for a viewport this wide:
    // the scroll area scrolls beyond it.
    QSize gridMinimumSize(int viewportWidth) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void onResultChanged() override;
    void onFocusChanged(const Focus &) override {} // the grid follows it itself
    void onOptionsChanged() override {}            // likewise
    void onModelsChanged() override;

private:
    void updateGridMinimum();

    QLabel *m_caption;
    QScrollArea *m_scroll;
    HeadGridView *m_grid;
};

} // namespace attn::ui
