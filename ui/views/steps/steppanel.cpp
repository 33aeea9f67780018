#include "steppanel.h"

#include "stepcanvas.h"
#include "stephtml.h"


#include <QEvent>
#include <QPainter>
#include <QScrollArea>
#include <QTextDocument>
#include <QVBoxLayout>

#include <cmath>

namespace attn::ui {
namespace {

constexpr int pageMargin = 16;
constexpr int naturalWidth = 780; // exports: a comfortable line length for the maths

// setTextWidth() lays the whole document out again even when the width is the same.
void layOut(QTextDocument &document, qreal width)
{
    if (document.textWidth() != width)
        document.setTextWidth(width);
}

std::unique_ptr<QTextDocument> makeDocument(const StepContent &content, const StepTheme &theme, bool includeFocus)
{
    auto document = std::make_unique<QTextDocument>();
    document->setDocumentMargin(pageMargin);
    document->setUndoRedoEnabled(false);
    document->setDefaultStyleSheet(theme.styleSheet(includeFocus));
    QFont font(theme.sansFamily);
    font.setPixelSize(theme.pixelSize);
    document->setDefaultFont(font);
    document->setHtml(QStringLiteral("<html><body>") + content.html + QStringLiteral("</body></html>"));
    return document;
}

} // namespace

StepPanel::StepPanel(QWidget *parent)
    : ResultView(parent), m_scroll(new QScrollArea(this)), m_canvas(new StepCanvas)
{
    setObjectName(QStringLiteral("stepPanel"));
    m_canvas->setObjectName(QStringLiteral("stepCanvas"));
    m_scroll->setWidget(m_canvas);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);

    connect(m_canvas, &StepCanvas::linkHovered, this, &StepPanel::onLinkHovered);
    connect(m_canvas, &StepCanvas::linkClicked, this, &StepPanel::onLinkClicked);
    m_screenTheme = StepTheme::forPalette(palette());
}

StepPanel::~StepPanel()
{
    m_canvas->setDocument(nullptr); // the canvas outlives m_screen by a few lines of ~QWidget
}

QString StepPanel::exportTitle() const
{
    ensureCurrent();
    return m_content.title;
}

QSize StepPanel::contentSize() const
{
    QTextDocument &document = exportDocument(true);
    layOut(document, naturalWidth);
    return {naturalWidth, int(std::ceil(document.size().height()))};
}

void StepPanel::paintContent(QPainter &painter, const QSize &size, bool includeFocus) const
{
    const StepTheme light = StepTheme::light();
    QTextDocument &document = exportDocument(includeFocus);
    layOut(document, size.width());
    StepCanvas::draw(painter, document, light.background, light.text, QRectF(QPointF(0, 0), QSizeF(size)));
}

QString StepPanel::plainText() const
{
    ensureCurrent();
    return m_screen->toPlainText();
}

int StepPanel::shownQuery() const
{
    ensureCurrent();
    return m_content.query;
}

int StepPanel::shownKey() const
{
    ensureCurrent();
    return m_content.key;
}

QString StepPanel::toolTipAt(const QPoint &contentPoint) const
{
    QTextDocument &document = exportDocument(true);
    layOut(document, naturalWidth);
    return StepCanvas::toolTipAt(document, contentPoint);
}

QSize StepPanel::sizeHint() const
{
    return {560, 640};
}

void StepPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        m_screenTheme = StepTheme::forPalette(palette());
        if (!m_stale)
            applyScreenTheme();
    }
}

void StepPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    ensureCurrent();
}

void StepPanel::setPresetName(const QString &name)
{
    if (name == m_presetName)
        return;
    m_presetName = name;
    invalidate();
}

void StepPanel::onResultChanged()
{
    invalidate();
}

void StepPanel::onModelsChanged()
{
    onFocusChanged(focus());
}

void StepPanel::onFocusChanged(const Focus &focus)
{
    if (focus == m_shownFocus)
        return;
    m_shownFocus = focus;
    invalidate();
}

void StepPanel::onLinkHovered(const QString &link)
{
    int query = -1;
    int key = -1;
    if (focusModel() && stephtml::parseFocusLink(link, query, key))
        focusModel()->hover(query, key);
}

void StepPanel::onLinkClicked(const QString &link)
{
    int query = -1;
    int key = -1;
    if (focusModel() && stephtml::parseFocusLink(link, query, key))
        focusModel()->pin(query, key);
}

void StepPanel::invalidate()
{
    // Coalesced: a mouse sweeping over a heatmap moves the focus many times per frame; the
    // panel rebuilds once, after the other views have repainted.
    m_stale = true;
    if (!isVisible() || m_rebuildQueued)
        return;
    m_rebuildQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_rebuildQueued = false;
            ensureCurrent();
        },
        Qt::QueuedConnection);
}

void StepPanel::ensureCurrent() const
{
    if (!m_stale)
        return;
    StepRequest request;
    request.layer = m_shownFocus.layer;
    request.head = m_shownFocus.head;
    request.query = m_shownFocus.query;
    request.key = m_shownFocus.key;
    request.pinned = m_shownFocus.pinned;
    request.presetName = m_presetName;
    // A checkpoint's layers read the normed residual stream, not the embeddings.
    const ResultPtr shown = result();
    if (shown && m_shownFocus.layer >= 0 && m_shownFocus.layer < shown->layerCount()
        && shown->layers[size_t(m_shownFocus.layer)].input.size() > 0)
        request.layerInput = &shown->layers[size_t(m_shownFocus.layer)].input;
    m_content = StepWriter(shown.get(), request).write();
    m_exports[0].reset();
    m_exports[1].reset();
    m_stale = false;
    applyScreenTheme();
}

void StepPanel::applyScreenTheme() const
{
    // The canvas lets go of the old document before it is destroyed.
    std::unique_ptr<QTextDocument> next = makeDocument(m_content, m_screenTheme, true);
    m_canvas->setBackground(m_screenTheme.background);
    m_canvas->setDocument(next.get());
    m_screen = std::move(next);
}

QTextDocument &StepPanel::exportDocument(bool includeFocus) const
{
    ensureCurrent();
    std::unique_ptr<QTextDocument> &document = m_exports[includeFocus ? 1 : 0];
    if (!document)
        document = makeDocument(m_content, StepTheme::light(), includeFocus);
    return *document;
}

} // namespace attn::ui
