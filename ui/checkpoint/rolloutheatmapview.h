#pragma once

#include "core/attentionresult.h"
#include "document/viewoptions.h"
#include "views/exportableview.h"
#include "views/heatmap/heatmapgeometry.h"
#include "views/heatmap/heatmapstyle.h"

#include <QImage>
#include <QWidget>

namespace attn::ui {

class AttentionDocument;
class FocusModel;

// The attention rollout (Abnar & Zuidema 2020; core/analysis/rollout.h) as a heatmap: row i shows how
// much of what position i holds after the last layer flows from each input token, the residual
// path counted as attention to oneself. Checkpoints bring their rollout in the result; for the
// toy model it is computed from the result's layers.
//
// Drawn with the heatmap views' own pieces (geometry, cell image, labels, colour bar, focus), in
// the weights' colour map; rows and columns are tokens, so hovering and pinning move the shared
// focus like any heatmap.
class RolloutHeatmapView : public QWidget, public ExportableView
{
    Q_OBJECT

public:
    RolloutHeatmapView(AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options,
                       QWidget *parent = nullptr);

    // (N, N), rows summing to 1; empty without a result.
    const Matrix &rollout() const { return m_rollout; }
    HeatmapGeometry layoutFor(const QSizeF &size) const;
    QString toolTipAt(const QPointF &position) const;

    QString exportName() const override { return QStringLiteral("rollout"); }
    QString exportTitle() const override;
    QSize contentSize() const override;
    void paintContent(QPainter &painter, const QSize &size, bool includeFocus) const override;

    QSize sizeHint() const override { return QSize(420, 420); }
    QSize minimumSizeHint() const override { return QSize(160, 120); }

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void setResult(const ResultPtr &result);
    HeatmapMetrics metricsFor(const HeatmapStyle &style) const;
    const QImage &image() const;

    AttentionDocument *m_document;
    FocusModel *m_focus;
    ViewOptionsModel *m_options;
    ResultPtr m_result;
    Matrix m_rollout; // (N, N)

    mutable QImage m_image;
    mutable ColorMapId m_imageMap = ColorMapId::Viridis;
};

} // namespace attn::ui
