#include "rolloutheatmapview.h"

#include "document/attentiondocument.h"
#include "document/focus.h"
#include "views/heatmap/celltext.h"
#include "views/heatmap/headimagecache.h"
#include "views/heatmap/heatmappainter.h"

#include "core/analysis/rollout.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

constexpr double kMaxLabelWidth = 130;
constexpr double kNaturalMatrixSide = 560;

} // namespace

RolloutHeatmapView::RolloutHeatmapView(AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options,
                                       QWidget *parent)
    : QWidget(parent), m_document(document), m_focus(focus), m_options(options)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Attention rollout: how much each position's final representation draws on each input token "
                  "through all layers, the residual path counted as attention to oneself."));
    connect(document, &AttentionDocument::resultChanged, this, &RolloutHeatmapView::setResult);
    connect(focus, &FocusModel::focusChanged, this, [this] { update(); });
    connect(options, &ViewOptionsModel::optionsChanged, this, [this] { update(); });
    setResult(document->result());
}

void RolloutHeatmapView::setResult(const ResultPtr &result)
{
    m_result = result;
    m_image = QImage();
    if (!result || result->layerCount() == 0)
        m_rollout = Matrix();
    else if (result->rollout.rows() == result->tokenCount() && result->rollout.cols() == result->tokenCount())
        m_rollout = result->rollout;
    else
        m_rollout = attentionRollout(*result);
    update(); // the size hint is fixed: no new layout
}

const QImage &RolloutHeatmapView::image() const
{
    const ColorMapId map = m_options->options().colorMap;
    if (m_image.isNull() || map != m_imageMap) {
        HeadResult head;
        head.weights = m_rollout;
        m_image = HeadImageCache::build(head, m_result->config.causal, map, CellValue::Weights, 1.0);
        m_imageMap = map;
    }
    return m_image;
}

QString RolloutHeatmapView::exportTitle() const
{
    QString title = m_result && m_result->layerCount() > 0
        ? tr("Attention rollout through %n layer(s)", nullptr, m_result->layerCount())
        : tr("Attention rollout");
    QString sentence = m_document->sentence().simplified();
    if (sentence.size() > 60)
        sentence = sentence.left(59) + QChar(0x2026);
    if (!sentence.isEmpty())
        title += QStringLiteral(" — “") + sentence + QStringLiteral("”");
    return title;
}

HeatmapMetrics RolloutHeatmapView::metricsFor(const HeatmapStyle &style) const
{
    HeatmapMetrics m;
    m.textHeight = QFontMetricsF(style.labelFont).height();
    m.rowLabelWidth = m.columnLabelWidth =
        m_result ? heatmappaint::widestLabel(m_result->tokens, QFontMetricsF(style.labelFont), kMaxLabelWidth) : 0;
    m.titleHeight = QFontMetricsF(style.titleFont).height();
    m.captionHeight = QFontMetricsF(style.captionFont).height();
    m.colorBarWidth = heatmappaint::colorBarWidth(style, CellValue::Weights, 1.0);
    return m;
}

HeatmapGeometry RolloutHeatmapView::layoutFor(const QSizeF &size) const
{
    return HeatmapGeometry::fit(size, int(m_rollout.rows()), metricsFor(HeatmapStyle::forWidget(*this)));
}

QSize RolloutHeatmapView::contentSize() const
{
    const int n = int(m_rollout.rows());
    if (n == 0)
        return QSize(320, 240);
    const double cell = std::clamp(std::floor(kNaturalMatrixSide / n), 1.0, 44.0);
    const QSizeF natural = HeatmapGeometry::naturalSize(n, cell, metricsFor(HeatmapStyle::forExport(font())));
    return QSize(int(std::ceil(natural.width())), int(std::ceil(natural.height())));
}

void RolloutHeatmapView::paintContent(QPainter &painter, const QSize &size, bool includeFocus) const
{
    const bool onScreen = painter.device() == this;
    const HeatmapStyle style = onScreen ? HeatmapStyle::forWidget(*this) : HeatmapStyle::forExport(font());
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), style.background);
    const int n = int(m_rollout.rows());
    if (n == 0) {
        painter.setPen(style.mutedText);
        painter.setFont(style.labelFont);
        painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("The attention rollout through every layer will appear here."));
        painter.restore();
        return;
    }

    const HeatmapGeometry g = HeatmapGeometry::fit(QSizeF(size), n, metricsFor(style));
    if (!g.titleRect.isEmpty()) {
        painter.setFont(style.titleFont);
        painter.setPen(style.text);
        painter.drawText(g.titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetricsF(style.titleFont).elidedText(exportTitle(), Qt::ElideRight, g.titleRect.width()));
    }
    const QImage &cells = image();
    heatmappaint::drawCells(painter, cells, g.matrixRect());
    painter.setPen(QPen(style.frame, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(g.matrixRect());
    HeadResult values;
    values.weights = m_rollout;
    heatmappaint::drawCellValues(painter, g, values, m_result->config.causal, CellValue::Weights, cells, style);

    const Focus &focus = m_focus->focus();
    const bool focusHere = includeFocus && focus.hasToken() && focus.query < n && focus.key < n;
    heatmappaint::drawLabels(painter, g, m_result->tokens, style, kMaxLabelWidth, focusHere ? focus.query : -1,
                             focusHere ? focus.key : -1);
    heatmappaint::drawAxisCaptions(painter, g, style);
    heatmappaint::drawColorBar(painter, g.colorBarRect, m_options->options().colorMap, CellValue::Weights, 1.0, style);
    if (focusHere)
        heatmappaint::drawFocus(painter, g, focus.query, focus.key, focus.pinned, style);
    painter.restore();
}

void RolloutHeatmapView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintContent(painter, size(), true);
}

QString RolloutHeatmapView::toolTipAt(const QPointF &position) const
{
    const std::optional<HeatmapCell> cell = layoutFor(QSizeF(size())).cellAt(position);
    if (!cell || !m_result)
        return {};
    const QString query = tokenLabel(m_result->tokens[size_t(cell->row)]);
    const QString key = tokenLabel(m_result->tokens[size_t(cell->col)]);
    if (isMasked(*m_result, cell->row, cell->col))
        return tr("rollout · \"%1\" → \"%2\": masked (a token sees only itself and earlier tokens)").arg(query, key);
    return tr("rollout · \"%1\" → \"%2\": %3 of what \"%1\" holds after layer %4 flows from \"%2\"")
        .arg(query, key, formatPercent(m_rollout(cell->row, cell->col)))
        .arg(m_result->layerCount() - 1);
}

bool RolloutHeatmapView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (!text.isEmpty()) {
            QToolTip::showText(help->globalPos(), text, this);
            return true;
        }
    }
    return QWidget::event(event);
}

void RolloutHeatmapView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_rollout.rows() == 0)
        return;
    const std::optional<HeatmapCell> cell = layoutFor(QSizeF(size())).cellAt(event->position());
    const Focus &focus = m_focus->focus();
    if (cell) {
        if (focus.query != cell->row || focus.key != cell->col)
            m_focus->hover(cell->row, cell->col);
    } else if (focus.hasToken() && !focus.pinned) {
        m_focus->hover(-1, -1);
    }
}

void RolloutHeatmapView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_rollout.rows() == 0)
        return QWidget::mousePressEvent(event);
    setFocus(Qt::MouseFocusReason);
    if (const std::optional<HeatmapCell> cell = layoutFor(QSizeF(size())).cellAt(event->position()))
        m_focus->pin(cell->row, cell->col);
}

void RolloutHeatmapView::leaveEvent(QEvent *event)
{
    if (m_focus->focus().hasToken() && !m_focus->focus().pinned)
        m_focus->hover(-1, -1);
    QWidget::leaveEvent(event);
}

void RolloutHeatmapView::keyPressEvent(QKeyEvent *event)
{
    if (m_focus->handleKey(event->key(), int(m_rollout.rows())))
        event->accept();
    else
        QWidget::keyPressEvent(event);
}

} // namespace attn::ui
