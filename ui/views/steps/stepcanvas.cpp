#include "stepcanvas.h"

#include <QAbstractTextDocumentLayout>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QTextBlock>
#include <QTextDocument>
#include <QToolTip>

#include <cmath>

namespace attn::ui {
namespace {

QString toolTipOfCharacter(const QTextDocument &document, int position)
{
    if (position < 0)
        return {};
    const QTextBlock block = document.findBlock(position);
    for (auto it = block.begin(); !it.atEnd(); ++it) {
        const QTextFragment fragment = it.fragment();
        if (fragment.contains(position))
            return fragment.charFormat().toolTip();
    }
    return {};
}

} // namespace

StepCanvas::StepCanvas(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void StepCanvas::setDocument(QTextDocument *document)
{
    m_document = document;
    if (m_document)
        m_document->setTextWidth(width());
    m_hoveredLink.clear();
    updateGeometry();
    update();
}

void StepCanvas::setBackground(const QColor &background)
{
    m_background = background;
    update();
}

int StepCanvas::heightForWidth(int width) const
{
    if (!m_document)
        return 0;
    // The layout stays at the asked width: the scroll area asks for the width it is about to
    // give, and paintEvent() lays out again should it not.
    if (m_document->textWidth() != width)
        m_document->setTextWidth(width);
    return int(std::ceil(m_document->size().height()));
}

QSize StepCanvas::sizeHint() const
{
    return {560, heightForWidth(560)};
}

QString StepCanvas::toolTipAt(const QTextDocument &document, const QPointF &point)
{
    // hitTest gives the cursor position nearest the point, which is after the character when the
    // point is on its right half: look at the characters on both sides.
    const int position = document.documentLayout()->hitTest(point, Qt::ExactHit);
    if (position < 0)
        return {};
    const QString after = toolTipOfCharacter(document, position);
    return after.isEmpty() ? toolTipOfCharacter(document, position - 1) : after;
}

void StepCanvas::draw(QPainter &painter, QTextDocument &document, const QColor &background, const QColor &text,
                      const QRectF &area)
{
    painter.save();
    painter.fillRect(area, background);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette.setColor(QPalette::Text, text); // the default colour of text without a class
    context.clip = area;
    painter.setClipRect(area, Qt::IntersectClip);
    document.documentLayout()->draw(&painter, context);
    painter.restore();
}

bool StepCanvas::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_document) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString tip = toolTipAt(*m_document, help->pos());
        if (tip.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), tip, this);
        }
        return true;
    }
    return QWidget::event(event);
}

void StepCanvas::paintEvent(QPaintEvent *event)
{
    if (!m_document)
        return;
    if (m_document->textWidth() != width())
        m_document->setTextWidth(width());
    QPainter painter(this);
    draw(painter, *m_document, m_background, palette().color(QPalette::Text), event->rect());
}

void StepCanvas::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_document && m_document->textWidth() != width())
        m_document->setTextWidth(width());
}

void StepCanvas::mouseMoveEvent(QMouseEvent *event)
{
    const QString link = linkAt(event->position());
    setCursor(link.isEmpty() ? Qt::ArrowCursor : Qt::PointingHandCursor);
    // Only a move onto another link reports: a relayout under a still cursor must not refocus.
    if (link != m_hoveredLink) {
        m_hoveredLink = link;
        emit linkHovered(link);
    }
    QWidget::mouseMoveEvent(event);
}

void StepCanvas::mousePressEvent(QMouseEvent *event)
{
    const QString link = linkAt(event->position());
    if (event->button() == Qt::LeftButton && !link.isEmpty()) {
        emit linkClicked(link);
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void StepCanvas::leaveEvent(QEvent *event)
{
    if (!m_hoveredLink.isEmpty()) {
        m_hoveredLink.clear();
        emit linkHovered(QString());
    }
    QWidget::leaveEvent(event);
}

QString StepCanvas::linkAt(const QPointF &point) const
{
    return m_document ? m_document->documentLayout()->anchorAt(point) : QString();
}

} // namespace attn::ui
