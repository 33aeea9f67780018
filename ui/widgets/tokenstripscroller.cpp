#include "tokenstripscroller.h"

#include "document/focus.h"
#include "tokenstrip.h"

#include <QLabel>
#include <QScrollBar>

namespace attn::ui {
namespace {

constexpr int kVisibleRows = 2; // a laptop has no room for more above the heatmap

} // namespace

TokenStripScroller::TokenStripScroller(TokenStrip *strip, FocusModel *focus, QWidget *parent)
    : QScrollArea(parent), m_strip(strip), m_badge(new QLabel(this))
{
    // A child of the scroll area, not of the viewport: it stays put above the chips as they scroll.
    m_badge->setAutoFillBackground(true);
    m_badge->setBackgroundRole(QPalette::ToolTipBase);
    m_badge->setForegroundRole(QPalette::ToolTipText);
    m_badge->setContentsMargins(6, 1, 6, 1);
    m_badge->setToolTip(tr("More tokens below: scroll the chips, or focus a token in any view"));
    m_badge->hide();
    setWidget(strip);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // New chips or another width: another count below the view.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &TokenStripScroller::updateBadge);
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this] {
        updateHeight();
        updateBadge();
    });
    connect(focus, &FocusModel::focusChanged, this, [this](const Focus &f) {
        // Follow a token focused elsewhere (a heatmap row, an arrow), not the one under the mouse here.
        const int token = f.query >= 0 ? f.query : f.key;
        if (token >= 0 && !m_strip->underMouse()) {
            const QRectF chip = m_strip->chipRect(token);
            if (!chip.isEmpty())
                ensureVisible(int(chip.center().x()), int(chip.center().y()), 0, int(chip.height()));
        }
    });
}

int TokenStripScroller::rowsHeight(int rows) const
{
    const int rowHeight = fontMetrics().height() + 6;
    return rows * rowHeight + (rows - 1) * 4 + 2;
}

QSize TokenStripScroller::sizeHint() const
{
    const int stripHeight = m_strip->heightForWidth(std::max(viewport()->width(), 100));
    return {400, std::min(stripHeight, rowsHeight(kVisibleRows))};
}

QSize TokenStripScroller::minimumSizeHint() const
{
    return {100, sizeHint().height()};
}

void TokenStripScroller::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    updateHeight();
    updateBadge();
}

void TokenStripScroller::updateHeight()
{
    // Fixed height for the rows the chips take (up to two): the input dock is as tall as it needs.
    const int wanted = sizeHint().height();
    if (height() != wanted) {
        setFixedHeight(wanted);
        updateGeometry();
    }
}

int TokenStripScroller::chipsBelowView() const
{
    const int bottom = verticalScrollBar()->value() + viewport()->height();
    int below = 0;
    for (int i = int(m_strip->tokens().size()) - 1; i >= 0; --i) {
        const QRectF chip = m_strip->chipRect(i);
        if (chip.isEmpty())
            continue; // beyond the chips laid out: the strip itself says "… and N more"
        if (chip.bottom() <= bottom)
            break;
        ++below;
    }
    return below;
}

QString TokenStripScroller::moreText() const
{
    const int below = chipsBelowView();
    return below > 0 ? tr("+%1 more").arg(below) : QString();
}

void TokenStripScroller::updateBadge()
{
    m_badge->setText(moreText());
    m_badge->setVisible(!m_badge->text().isEmpty());
    m_badge->adjustSize();
    const QRect view = viewport()->geometry();
    m_badge->move(view.right() - m_badge->width() - 1, view.bottom() - m_badge->height());
    m_badge->raise();
}

} // namespace attn::ui
