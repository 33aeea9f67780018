#pragma once

#include "core/attentionresult.h"
#include "document/viewoptions.h"
#include "views/exportableview.h"

#include <QWidget>

class QLabel;
class QScrollArea;

namespace attn::ui {

class AttentionDocument;
class FocusModel;
class HeadGridView;

// BertViz's model view: every head of every layer as a thumbnail heatmap, one row per layer and one
// column per head (12 × 12 for GPT-2 small, 48 × 25 for xl). Clicking a thumbnail opens that head:
// it becomes the focused layer and head, so the large heatmap, the arrows and the step panel show
// it. Thumbnails keep a readable minimum size; larger models scroll.
//
// The tiles are the heatmap views' own small multiples (HeadGridView in all-layers mode), so they
// look, hover and cache exactly like the "All heads" grid.
class ModelView : public QWidget, public ExportableView
{
    Q_OBJECT

public:
    ModelView(AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options, QWidget *parent = nullptr);

    HeadGridView *grid() const { return m_grid; }
    static constexpr int minimumTileSide = 40; // below this a thumbnail shows nothing: scroll instead

    // ExportableView: the whole sheet of thumbnails, every layer.
    QString exportName() const override { return QStringLiteral("model"); }
    QString exportTitle() const override;
    QSize contentSize() const override;
    void paintContent(QPainter &painter, const QSize &size, bool includeFocus) const override;

private:
    void setResult(const ResultPtr &result);

    AttentionDocument *m_document;
    ResultPtr m_result;
    QLabel *m_caption;
    QScrollArea *m_scroll;
    HeadGridView *m_grid;
};

} // namespace attn::ui
