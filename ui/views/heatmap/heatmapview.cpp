#include "heatmapview.h"

#include "celltext.h"
#include "document/attentiondocument.h"
#include "document/focus.h"
#include "heatmappainter.h"

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

constexpr double kMaxLabelWidth = 130; // longer tokens are elided
constexpr double kMaxCellSize = 64;
constexpr double kNaturalMatrixSide = 560; // an export's matrix aims for about this many pixels

} // namespace

HeatmapView::HeatmapView(AttentionDocument *document, FocusModel *focus, ViewOptionsModel *options, QWidget *parent)
    : QWidget(parent), m_document(document), m_focus(focus), m_options(options)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Attention of one head: rows are queries, columns keys. Hover a cell for its numbers, "
                  "click to pin it, arrow keys move it, Escape clears."));
    connect(document, &AttentionDocument::resultChanged, this, &HeatmapView::setResult);
    connect(focus, &FocusModel::focusChanged, this, [this] { update(); });
    connect(options, &ViewOptionsModel::optionsChanged, this, [this] { update(); });
    setResult(document->result());
}

void HeatmapView::setResult(const ResultPtr &result)
{
    m_result = result;
    // The central widget: a new size hint lays out the whole window, so only when it changes.
    if (const QSize hint = sizeHint(); hint != m_sizeHint) {
        m_sizeHint = hint;
        updateGeometry();
    }
    update();
}

void HeatmapView::setFixedHead(int layer, int head)
{
    m_fixedLayer = std::max(layer, 0);
    m_fixedHead = head;
    update();
}

void HeatmapView::clearFixedHead()
{
    m_fixedLayer = m_fixedHead = -1;
    update();
}

int HeatmapView::shownLayer() const
{
    if (!m_result || m_result->layerCount() == 0)
        return -1;
    const int layer = hasFixedHead() ? m_fixedLayer : m_focus->focus().layer;
    return std::clamp(layer, 0, m_result->layerCount() - 1);
}

int HeatmapView::shownHead() const
{
    if (!m_result || m_result->headCount() == 0)
        return -1;
    const int head = hasFixedHead() ? m_fixedHead : m_focus->focus().head;
    return std::clamp(head, 0, m_result->headCount() - 1);
}

QString HeatmapView::exportTitle() const
{
    const int head = shownHead();
    if (head < 0)
        return tr("Attention heatmap");
    QString sentence = m_document->sentence().simplified();
    if (sentence.size() > 60)
        sentence = sentence.left(59) + QChar(0x2026);
    QString title = m_result->layerCount() > 1 ? tr("Layer %1 · head %2").arg(shownLayer()).arg(head)
                                                : tr("Head %1").arg(head);
    if (!sentence.isEmpty())
        title += QStringLiteral(" — “") + sentence + QStringLiteral("”");
    return title;
}

double HeatmapView::labelWidth(const HeatmapStyle &style) const
{
    if (!m_result)
        return 0;
    if (m_labelWidthFor != m_result.get()) {
        m_labelWidth = heatmappaint::widestLabel(m_result->tokens, QFontMetricsF(style.labelFont), kMaxLabelWidth);
        m_labelWidthFor = m_result.get();
    }
    return m_labelWidth;
}

HeatmapMetrics HeatmapView::metricsFor(const HeatmapStyle &style) const
{
    HeatmapMetrics m;
    m.textHeight = QFontMetricsF(style.labelFont).height();
    m.rowLabelWidth = m.columnLabelWidth = labelWidth(style);
    m.titleHeight = QFontMetricsF(style.titleFont).height();
    m.captionHeight = QFontMetricsF(style.captionFont).height();
    const CellValue value = m_options->options().cellValue;
    const double range = value == CellValue::Scores && m_result ? m_cache.scoreRange(m_result, shownLayer()) : 1.0;
    m.colorBarWidth = heatmappaint::colorBarWidth(style, value, range);
    m.maxCellSize = kMaxCellSize;
    return m;
}

HeatmapGeometry HeatmapView::layoutWith(const QSizeF &size, const HeatmapStyle &style) const
{
    return HeatmapGeometry::fit(size, m_result ? m_result->tokenCount() : 0, metricsFor(style));
}

HeatmapGeometry HeatmapView::layoutFor(const QSizeF &size) const
{
    return layoutWith(size, HeatmapStyle::forWidget(*this));
}

double HeatmapView::naturalCellSize() const
{
    const int n = m_result ? std::max(1, m_result->tokenCount()) : 1;
    return std::clamp(std::floor(kNaturalMatrixSide / n), 1.0, 44.0);
}

QSize HeatmapView::contentSize() const
{
    if (!m_result || m_result->tokenCount() == 0)
        return QSize(320, 240);
    const HeatmapStyle style = HeatmapStyle::forExport(font());
    const QSizeF natural = HeatmapGeometry::naturalSize(m_result->tokenCount(), naturalCellSize(), metricsFor(style));
    return QSize(int(std::ceil(natural.width())), int(std::ceil(natural.height())));
}

QSize HeatmapView::sizeHint() const
{
    return contentSize().boundedTo(QSize(900, 800)).expandedTo(QSize(320, 240));
}

void HeatmapView::paintContent(QPainter &painter, const QSize &size, bool includeFocus) const
{
    const bool onScreen = painter.device() == this;
    const HeatmapStyle style = onScreen ? HeatmapStyle::forWidget(*this) : HeatmapStyle::forExport(font());
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), style.background);

    const int layer = shownLayer();
    const int head = shownHead();
    if (head < 0 || m_result->tokenCount() == 0) {
        painter.setPen(style.mutedText);
        painter.setFont(style.labelFont);
        const QString message = m_document->errorText().isEmpty() ? tr("Type a sentence to see its attention.")
                                                                   : m_document->errorText();
        painter.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap, message);
        painter.restore();
        return;
    }

    const ViewOptions &options = m_options->options();
    const HeatmapGeometry g = layoutWith(QSizeF(size), style);
    const HeadResult &headResult = m_result->layers[size_t(layer)].heads[size_t(head)];
    const QImage &image = m_cache.image(m_result, layer, head, options.colorMap, options.cellValue);
    const double range = m_cache.scoreRange(m_result, layer);

    if (!g.titleRect.isEmpty()) {
        painter.setFont(style.titleFont);
        painter.setPen(style.text);
        const QString title = QFontMetricsF(style.titleFont).elidedText(exportTitle(), Qt::ElideRight, g.titleRect.width());
        painter.drawText(g.titleRect, Qt::AlignLeft | Qt::AlignVCenter, title);
    }

    heatmappaint::drawCells(painter, image, g.matrixRect());
    painter.setPen(QPen(style.frame, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(g.matrixRect());
    heatmappaint::drawCellValues(painter, g, headResult, m_result->config.causal, options.cellValue, image, style);

    const Focus &focus = m_focus->focus();
    const bool focusHere = includeFocus && focus.hasToken();
    heatmappaint::drawLabels(painter, g, m_result->tokens, style, kMaxLabelWidth, focusHere ? focus.query : -1,
                             focusHere ? focus.key : -1);
    heatmappaint::drawAxisCaptions(painter, g, style);
    heatmappaint::drawColorBar(painter, g.colorBarRect, options.colorMap, options.cellValue, range, style);
    if (focusHere)
        heatmappaint::drawFocus(painter, g, focus.query, focus.key, focus.pinned, style);
    painter.restore();
}

void HeatmapView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintContent(painter, size(), true);
}

QString HeatmapView::toolTipAt(const QPointF &position) const
{
    if (shownHead() < 0)
        return {};
    const std::optional<HeatmapCell> cell = currentLayout().cellAt(position);
    if (!cell)
        return {};
    return cellToolTip(*m_result, shownLayer(), shownHead(), cell->row, cell->col);
}

bool HeatmapView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const HeatmapGeometry g = currentLayout();
        const std::optional<HeatmapCell> cell = g.cellAt(help->pos());
        const QString text = cell ? cellToolTip(*m_result, shownLayer(), shownHead(), cell->row, cell->col) : QString();
        if (text.isEmpty()) {
            // Outside the matrix the widget's own help text explains how to use it.
            return QWidget::event(event);
        }
        QToolTip::showText(help->globalPos(), text, this, g.cellRect(cell->row, cell->col).toAlignedRect());
        return true;
    }
    return QWidget::event(event);
}

void HeatmapView::mouseMoveEvent(QMouseEvent *event)
{
    if (shownHead() < 0)
        return;
    const std::optional<HeatmapCell> cell = currentLayout().cellAt(event->position());
    const Focus &focus = m_focus->focus();
    if (cell) {
        if (focus.query != cell->row || focus.key != cell->col)
            m_focus->hover(cell->row, cell->col);
    } else if (focus.hasToken() && !focus.pinned) {
        m_focus->hover(-1, -1);
    }
}

void HeatmapView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || shownHead() < 0)
        return QWidget::mousePressEvent(event);
    setFocus(Qt::MouseFocusReason);
    if (const std::optional<HeatmapCell> cell = currentLayout().cellAt(event->position())) {
        if (hasFixedHead())
            m_focus->setHead(shownHead());
        m_focus->pin(cell->row, cell->col);
    }
}

void HeatmapView::leaveEvent(QEvent *event)
{
    if (m_focus->focus().hasToken() && !m_focus->focus().pinned)
        m_focus->hover(-1, -1);
    QWidget::leaveEvent(event);
}

void HeatmapView::keyPressEvent(QKeyEvent *event)
{
    if (m_focus->handleKey(event->key(), m_result ? m_result->tokenCount() : 0))
        event->accept();
    else
        QWidget::keyPressEvent(event);
}

} // namespace attn::ui
