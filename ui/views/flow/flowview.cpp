#include "flowview.h"

#include "views/valueformat.h"

#include "views/colormap/colormap.h"
#include "views/heatmap/celltext.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>

namespace attn::ui {
namespace {

// Edges are drawn in batches: one pen per head and weight bucket, so 512 tokens × top-5 × 8 heads
// is a few hundred drawLines/drawPath calls rather than twenty thousand.
constexpr int weightBuckets = 20;
constexpr double maxLabelWidth = 140.0; // token labels are elided beyond this
constexpr int maxWeightLabels = 300; // candidates tried for a weight label, strongest first
constexpr double hitTolerance = 4.0;

// Width and opacity follow the weight; opacity through its square root, so that the weak edges of
// long inputs (1/N on average) stay visible while 0.5 and 1.0 still look different.
double strength(float weight)
{
    return std::sqrt(std::clamp(double(weight), 0.0, 1.0));
}
int bucketOf(float weight)
{
    return std::min(weightBuckets - 1, int(strength(weight) * weightBuckets));
}
double bucketStrength(int bucket)
{
    return (bucket + 0.5) / weightBuckets;
}
double alphaFor(double s)
{
    return 0.08 + 0.92 * s;
}
double widthFor(double s)
{
    return 0.6 + 3.4 * s * s; // linear in the weight
}
double arrowLength(double s)
{
    return 5.0 + 4.0 * s;
}

QColor withAlpha(QColor colour, double alpha)
{
    colour.setAlphaF(float(std::clamp(alpha, 0.0, 1.0)));
    return colour;
}

// Exports are read on paper and slides: always light, whatever the desktop uses.
QPalette lightPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Window, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(0xf4, 0xf4, 0xf4));
    palette.setColor(QPalette::Text, QColor(0x1a, 0x1a, 0x1a));
    palette.setColor(QPalette::WindowText, QColor(0x1a, 0x1a, 0x1a));
    palette.setColor(QPalette::PlaceholderText, QColor(0x5f, 0x5f, 0x5f));
    palette.setColor(QPalette::Mid, QColor(0xa0, 0xa0, 0xa0));
    palette.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    return palette;
}

// Tokens as a person reads them: BPE's leading spaces dropped, whitespace-only tokens made visible.
QString displayText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.isEmpty())
        return trimmed;
    return text.contains(QLatin1Char('\n')) ? QStringLiteral("↵") : QStringLiteral("␣");
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

// A head colour that reads as text on the background.
QColor labelColour(const QColor &head, const QPalette &palette)
{
    return isDark(palette) ? head.lighter(130) : head.darker(160);
}

// An arrow: the curve up to the arrow head's base (so the stroke does not poke through the head,
// and what is drawn stays exactly on the hit-tested curve), and the head ending at p3.
void addArrow(QPainterPath &path, QPainterPath &heads, const FlowCurve &curve, double length, double halfWidth)
{
    const FlowCurve body = curve.withoutEnd(length * 0.85);
    path.moveTo(body.p0);
    path.cubicTo(body.c1, body.c2, body.p3);
    const QPointF d = curve.endDirection();
    const QPointF normal(-d.y(), d.x());
    const QPointF base = curve.p3 - d * length;
    heads.moveTo(curve.p3);
    heads.lineTo(base + normal * (length * halfWidth));
    heads.lineTo(base - normal * (length * halfWidth));
    heads.closeSubpath();
}

} // namespace

FlowView::FlowView(FlowLayout layout, QWidget *parent) : ResultView(parent), m_layout(layout)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::ClickFocus);
    setAttribute(Qt::WA_OpaquePaintEvent); // paintContent fills the background itself
    QSizePolicy policy = sizePolicy();
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    m_font = font();
    m_font.setPixelSize(QFontInfo(font()).pixelSize());
}

QString FlowView::labelText(float weight) const
{
    // One format for every label of the picture, set by its strongest arrow: the seed's Hello World
    // reads 0.498 and 0.502, and no label says 0.094 beside another's 0.11.
    double largest = 0;
    for (const FlowEdge &edge : shownEdges(true))
        largest = std::max(largest, double(edge.weight));
    const int tokens = result() ? result()->tokenCount() : 0;
    return ValueFormat::forLargest(largest, ValueFormat::significantDigits(tokens)).format(weight);
}

QString FlowView::exportName() const
{
    return m_layout == FlowLayout::Columns ? QStringLiteral("flow") : QStringLiteral("arc");
}

// Heads and layers are counted from 0, as in every other view and on the command line.
QString FlowView::headName(int head) const
{
    return result() ? ui::headName(*result(), head) : tr("head %1").arg(head);
}

QString FlowView::exportTitle() const
{
    if (!result())
        return tr("Attention flow");
    const std::vector<int> shown = shownHeads();
    const bool all = options().flowHeads == FlowHeads::All && result()->headCount() > 1;
    const int head = shown.empty() ? 0 : shown.front();
    QString heads = layerHeadName(*result(), layerIndex(), head);
    if (all)
        heads = result()->layerCount() > 1 ? tr("Layer %1 · all %2 heads").arg(layerIndex()).arg(result()->headCount())
                                           : tr("All %1 heads").arg(result()->headCount());
    heads += filterSuffix(*result());

    // The input as typed; a result made without one (a test's, a benchmark's) reads its tokens.
    QString sentence = inputLine(80);
    if (sentence.isEmpty()) {
        QStringList words;
        for (const Token &token : result()->tokens)
            words << displayText(token.text);
        sentence = elidedLine(words.join(QLatin1Char(' ')), 80);
    }
    return QStringLiteral("%1 — “%2”").arg(heads, sentence);
}

void FlowView::onResultChanged()
{
    m_labelsValid = false;
    m_baseValid = false;
    m_roleToken = -1;
    contentChanged();
}

void FlowView::onOptionsChanged()
{
    m_baseValid = false;
    contentChanged();
}

void FlowView::onModelsChanged()
{
    m_lastFocus = focus();
    m_roleToken = -1;
    m_baseValid = false;
    contentChanged();
}

void FlowView::onFocusChanged(const Focus &focus)
{
    if (focus.query != m_roleToken || focus.hasCell())
        m_roleToken = -1; // the token was focused elsewhere: fall back to the default role
    const bool headsFollowFocus = options().flowHeads == FlowHeads::Focused;
    if (focus.layer != m_lastFocus.layer || (headsFollowFocus && focus.head != m_lastFocus.head))
        m_baseValid = false;
    if (focus.layer != m_lastFocus.layer || focus.head != m_lastFocus.head)
        updateGeometry(); // the title (and so the width) may change
    m_lastFocus = focus;
    update();
}

void FlowView::contentChanged()
{
    m_focusEdgesToken = -1;
    updateGeometry();
    update();
}

int FlowView::layerIndex() const
{
    if (!result() || result()->layerCount() == 0)
        return 0;
    const int layer = focus().layer;
    return std::clamp(layer, 0, result()->layerCount() - 1);
}

std::vector<int> FlowView::shownHeads() const
{
    std::vector<int> heads;
    if (!result() || result()->layerCount() == 0)
        return heads;
    const int count = result()->headCount();
    if (count == 0)
        return heads;
    if (options().flowHeads == FlowHeads::All) {
        for (int h = 0; h < count; ++h)
            heads.push_back(h);
    } else {
        heads.push_back(std::clamp(focus().head, 0, count - 1));
    }
    return heads;
}

FlowFilter FlowView::currentFilter(bool includeFocus) const
{
    FlowFilter filter;
    filter.heads = shownHeads();
    if (optionsModel()) {
        filter.threshold = options().flowThreshold;
        filter.topK = std::max(0, options().flowTopK);
    }
    if (includeFocus && focusModel() && result()) {
        const Focus &focus = this->focus();
        if (focus.hasToken() && !focus.hasCell() && focus.query < result()->tokenCount()) {
            filter.token = focus.query;
            if (focus.query == m_roleToken)
                filter.role = m_role;
            else
                filter.role = m_layout == FlowLayout::Columns ? TokenRole::Query : TokenRole::Both;
        }
    }
    return filter;
}

const std::vector<FlowEdge> &FlowView::shownEdges(bool includeFocus) const
{
    if (!m_baseValid) {
        m_baseEdges = result() ? selectFlowEdges(*result(), layerIndex(), currentFilter(false))
                               : std::vector<FlowEdge>{};
        m_baseValid = true;
        m_focusEdgesToken = -1;
    }
    if (!includeFocus)
        return m_baseEdges;
    const FlowFilter filter = currentFilter(true);
    if (filter.token < 0)
        return m_baseEdges;
    if (filter.token != m_focusEdgesToken || filter.role != m_focusEdgesRole) {
        // The token filter only restricts (see selectFlowEdges), so it can filter the cached edges.
        m_focusEdges.clear();
        for (const FlowEdge &edge : m_baseEdges) {
            const bool asQuery = edge.query == filter.token;
            const bool asKey = edge.key == filter.token;
            if ((filter.role == TokenRole::Query && asQuery) || (filter.role == TokenRole::Key && asKey)
                || (filter.role == TokenRole::Both && (asQuery || asKey)))
                m_focusEdges.push_back(edge);
        }
        m_focusEdgesToken = filter.token;
        m_focusEdgesRole = filter.role;
    }
    return m_focusEdges;
}

const std::vector<double> &FlowView::labelWidths() const
{
    if (!m_labelsValid) {
        m_labels.clear();
        m_labelWidths.clear();
        if (result()) {
            const QFontMetricsF metrics(m_font);
            QFont bold = m_font;
            bold.setBold(true);
            const QFontMetricsF boldMetrics(bold); // a focused token is drawn bold: room for that
            m_labels.reserve(result()->tokenCount());
            m_labelWidths.reserve(std::size_t(result()->tokenCount()));
            // An overview names only some tokens: their positions say how far apart they are.
            const bool numbered = result()->tokenCount() > FlowGeometry::overviewTokenCount;
            for (const Token &token : result()->tokens) {
                QString label = metrics.elidedText(displayText(token.text), Qt::ElideRight, maxLabelWidth);
                if (numbered)
                    label = QStringLiteral("%1 %2").arg(m_labels.size()).arg(label);
                m_labels << label;
                m_labelWidths.push_back(std::ceil(boldMetrics.horizontalAdvance(label)) + 6.0);
            }
        }
        m_labelsValid = true;
    }
    return m_labelWidths;
}

QFont FlowView::titleFont() const
{
    QFont font = m_font;
    font.setBold(true);
    font.setPixelSize(int(std::lround(m_font.pixelSize() * 1.15)));
    return font;
}

QFont FlowView::smallFont() const
{
    QFont font = m_font;
    font.setPixelSize(std::max(9, int(std::lround(m_font.pixelSize() * 0.85))));
    return font;
}

FlowView::Header FlowView::header(double width, bool includeFocus) const
{
    Header header;
    header.title = exportTitle();
    if (m_layout == FlowLayout::Columns)
        header.caption = tr("Each line runs from a query (left) to a key it attends to (right); "
                            "width and opacity follow the attention weight.");
    else
        header.caption = tr("Arrows run from each query to the keys it attends to (query → key): rightward above "
                            "the tokens, leftward below; loops are self-attention. Labels: attention weights.");
    if (optionsModel()) {
        const ViewOptions &options = this->options();
        header.filterLine = tr("Shown: weights ≥ %1").arg(options.flowThreshold, 0, 'g', 3);
        if (options.flowTopK > 0)
            header.filterLine += tr(", the %1 strongest per query").arg(options.flowTopK);
        const FlowFilter filter = currentFilter(includeFocus);
        if (filter.token >= 0 && result()) {
            const QString token = displayText(result()->tokens[std::size_t(filter.token)].text);
            header.filterLine += filter.role == TokenRole::Query ? tr("; only “%1” as query").arg(token)
                               : filter.role == TokenRole::Key   ? tr("; only “%1” as key").arg(token)
                                                                 : tr("; only the arrows of “%1”").arg(token);
        }
        if (options.flowHeads == FlowHeads::All && result() && result()->headCount() > 1)
            header.legendHeads = shownHeads();
    }
    const QFontMetricsF titleMetrics(titleFont());
    const QFontMetricsF metrics(m_font);
    double legendWidth = metrics.horizontalAdvance(tr("Heads:")) + 8.0;
    for (int head : header.legendHeads)
        legendWidth += 24.0 + metrics.horizontalAdvance(QString::number(head));
    header.width = 2.0 * FlowGeometry::margin
        + std::max({titleMetrics.horizontalAdvance(header.title), metrics.horizontalAdvance(header.filterLine),
                    header.legendHeads.empty() ? 0.0 : legendWidth});
    // The caption wraps rather than ends in "…": it is how to read the diagram. Its height does not
    // depend on the focus, so hovering never moves the diagram.
    header.textWidth = std::max(40.0, width - 2.0 * FlowGeometry::margin);
    header.captionHeight = metrics.boundingRect(QRectF(0.0, 0.0, header.textWidth, 1e6),
                                                Qt::AlignLeft | Qt::TextWordWrap, header.caption).height();
    header.height = FlowGeometry::margin + titleMetrics.lineSpacing() + 4.0 + header.captionHeight
        + metrics.lineSpacing() * (header.legendHeads.empty() ? 1.0 : 2.0) + 10.0;
    return header;
}

FlowGeometry FlowView::geometryWithTop(double top) const
{
    return FlowGeometry(m_layout, labelWidths(), QFontMetricsF(m_font).height(), top, shownHeads());
}

FlowGeometry FlowView::geometryFor(const QSize &size) const
{
    FlowGeometry geometry = geometryWithTop(header(size.width()).height);
    geometry.setSize(QSizeF(size));
    return geometry;
}

QSize FlowView::contentSize() const
{
    // Wide enough for the title and the diagram; the caption wraps within that.
    const double diagramWidth = geometryWithTop(0.0).naturalSize().width();
    const double width = std::ceil(std::max(diagramWidth, header(diagramWidth).width));
    const QSizeF natural = geometryWithTop(header(width).height).naturalSize();
    return QSize(int(width), int(std::ceil(natural.height())));
}

QSize FlowView::sizeHint() const
{
    return contentSize();
}

QSize FlowView::minimumSizeHint() const
{
    // The lowest it gets is with the caption on as few lines as it takes; heightForWidth() says
    // how much a given width needs.
    const double width = std::ceil(std::max(geometryWithTop(0.0).minimumSize().width(), 240.0));
    const QSizeF minimum = geometryWithTop(header(std::max(width, double(contentSize().width()))).height).minimumSize();
    return QSize(int(width), int(std::ceil(minimum.height())));
}

int FlowView::heightForWidth(int width) const
{
    return int(std::ceil(geometryWithTop(header(width).height).minimumSize().height()));
}

QPalette FlowView::paletteFor(const QPainter &painter) const
{
    return painter.device() == this ? palette() : lightPalette();
}

std::optional<FlowEdge> FlowView::focusedEdge() const
{
    if (!focusModel() || !result())
        return std::nullopt;
    const Focus &focus = this->focus();
    const int n = result()->tokenCount();
    if (!focus.hasCell() || focus.query >= n || focus.key >= n || isMasked(*result(), focus.query, focus.key))
        return std::nullopt;
    const std::vector<int> heads = shownHeads();
    int head = heads.size() == 1 ? heads.front() : focus.head;
    if (heads.size() > 1 && std::find(heads.begin(), heads.end(), m_hoverHead) != heads.end())
        head = m_hoverHead; // the edge under the mouse, not its twin in the focused head
    if (head < 0 || head >= result()->headCount())
        return std::nullopt;
    const HeadPtr shownHead = result()->head(layerIndex(), head);
    if (!shownHead || shownHead->weights.rows() != n || shownHead->weights.cols() != n)
        return std::nullopt;
    // Drawn even when the threshold hides it: the focused pair is what the person asked about. A
    // weight of 0 (a hidden key, a pair filtered out) has no arrow to draw.
    const float weight = shownHead->weights(focus.query, focus.key);
    if (!(weight > 0.f))
        return std::nullopt;
    return FlowEdge{head, focus.query, focus.key, weight};
}

QString FlowView::emptyMessage() const
{
    if (!result() || result()->tokenCount() == 0 || !shownEdges(false).empty())
        return {};
    float strongest = 0.f;
    for (int head : shownHeads())
        if (const HeadPtr shown = result()->head(layerIndex(), head); shown && shown->weights.size() > 0)
            strongest = std::max(strongest, shown->weights.maxCoeff());
    const QString threshold = QString::number(options().flowThreshold, 'f', 2);
    return tr("No arrow reaches the threshold %1 — lower it (the strongest weight here is %2).")
        .arg(threshold, labelText(strongest));
}

std::vector<int> FlowView::emphasisedTokens(bool includeFocus) const
{
    std::vector<int> tokens;
    if (!includeFocus || !focusModel())
        return tokens;
    const Focus &focus = this->focus();
    if (focus.query >= 0)
        tokens.push_back(focus.query);
    if (focus.key >= 0)
        tokens.push_back(focus.key);
    return tokens;
}

FlowView::Labels FlowView::labelsFor(const QSize &size, bool includeFocus) const
{
    if (!result() || result()->tokenCount() == 0 || shownHeads().empty())
        return {};
    return labelsFor(geometryFor(size), shownEdges(includeFocus), includeFocus);
}

FlowView::Labels FlowView::labelsFor(const FlowGeometry &geometry, const std::vector<FlowEdge> &edges,
                                     bool includeFocus) const
{
    Labels labels;
    labels.tokens = geometry.tokenLabels(emphasisedTokens(includeFocus));
    std::vector<QRectF> taken;
    for (const FlowTokenLabel &label : labels.tokens)
        taken.push_back(label.rect);

    const QFontMetricsF metrics(smallFont());
    const std::optional<FlowEdge> focused = includeFocus ? focusedEdge() : std::nullopt;
    if (edges.empty()) {
        labels.message = geometry.messageRect();
        taken.push_back(labels.message);
    }
    if (focused) {
        QFont bold = smallFont();
        bold.setBold(true);
        const QFontMetricsF boldMetrics(bold);
        const QSizeF box(boldMetrics.horizontalAdvance(labelText(focused->weight)) + 6.0, boldMetrics.height() + 2.0);
        const std::vector<FlowWeightLabel> placed = geometry.placeWeightLabels({*focused}, {{0, box}}, taken);
        if (!placed.empty()) {
            labels.focusedEdge = placed.front().rect;
            taken.push_back(labels.focusedEdge);
        }
    }

    if (edges.empty())
        return labels;

    // Which arrows are labelled, most important first: every arrow of a hovered or pinned token;
    // otherwise the strongest arrow of each query (of each head), strongest first — none in an
    // overview, where they could not be read.
    std::vector<int> chosen;
    const bool tokenFocused = currentFilter(includeFocus).token >= 0;
    if (tokenFocused) {
        for (int i = 0; i < int(edges.size()); ++i)
            chosen.push_back(i);
    } else if (!geometry.isOverview()) {
        for (int i = 0; i < int(edges.size()); ++i) {
            const FlowEdge &edge = edges[std::size_t(i)];
            if (!chosen.empty()) {
                const FlowEdge &best = edges[std::size_t(chosen.back())];
                if (best.head == edge.head && best.query == edge.query) {
                    if (edge.weight > best.weight)
                        chosen.back() = i;
                    continue;
                }
            }
            chosen.push_back(i);
        }
    }
    if (focused) // it has its own label, drawn with it
        chosen.erase(std::remove_if(chosen.begin(), chosen.end(),
                                    [&](int i) {
                                        const FlowEdge &edge = edges[std::size_t(i)];
                                        return edge.head == focused->head && edge.query == focused->query
                                            && edge.key == focused->key;
                                    }),
                     chosen.end());
    std::stable_sort(chosen.begin(), chosen.end(), [&](int a, int b) {
        return edges[std::size_t(a)].weight > edges[std::size_t(b)].weight;
    });
    if (int(chosen.size()) > maxWeightLabels)
        chosen.resize(std::size_t(maxWeightLabels));
    std::vector<FlowLabelRequest> requests;
    requests.reserve(chosen.size());
    for (int i : chosen)
        requests.push_back({i, QSizeF(metrics.horizontalAdvance(labelText(edges[std::size_t(i)].weight)) + 4.0,
                                      metrics.height())});
    labels.weights = geometry.placeWeightLabels(edges, requests, taken);
    return labels;
}

void FlowView::paintContent(QPainter &painter, const QSize &size, bool includeFocus) const
{
    const QPalette palette = paletteFor(painter);
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), size), palette.color(QPalette::Base));
    painter.setFont(m_font);
    const Header head = header(size.width(), includeFocus);
    paintHeader(painter, head, palette);

    if (!result() || result()->tokenCount() == 0 || shownHeads().empty()) {
        const QString message = messageOr(tr("Type a sentence to see where its tokens look."));
        painter.setPen(palette.color(QPalette::PlaceholderText));
        painter.drawText(QRectF(QPointF(0, head.height), QSizeF(size)).adjusted(FlowGeometry::margin, 0, 0, 0),
                         Qt::AlignLeft | Qt::AlignTop, message);
        painter.restore();
        return;
    }

    FlowGeometry geometry = geometryWithTop(head.height);
    geometry.setSize(QSizeF(size));
    QRectF clip(QPointF(0, 0), QSizeF(size));
    if (painter.hasClipping())
        clip = clip.intersected(painter.clipBoundingRect());
    const std::vector<FlowEdge> &edges = shownEdges(includeFocus);
    const Labels labels = labelsFor(geometry, edges, includeFocus);

    painter.setRenderHint(QPainter::Antialiasing, true);
    paintEdges(painter, geometry, edges, clip);
    paintTokens(painter, geometry, labels, clip, palette, includeFocus);
    paintWeightLabels(painter, labels, edges, palette);
    if (includeFocus)
        paintFocusedEdge(painter, geometry, labels.focusedEdge, palette);
    if (!labels.message.isEmpty())
        paintMessage(painter, labels.message, palette);
    painter.restore();
}

void FlowView::paintMessage(QPainter &painter, const QRectF &rect, const QPalette &palette) const
{
    painter.setFont(m_font);
    painter.setPen(palette.color(QPalette::Text));
    painter.drawText(rect, Qt::AlignCenter | Qt::TextWordWrap, emptyMessage());
}

void FlowView::paintHeader(QPainter &painter, const Header &header, const QPalette &palette) const
{
    const double x = FlowGeometry::margin;
    double y = FlowGeometry::margin;
    const QFont title = titleFont();
    const QFontMetricsF titleMetrics(title);
    const QFontMetricsF metrics(m_font);

    painter.setFont(title);
    painter.setPen(palette.color(QPalette::Text));
    painter.drawText(QPointF(x, y + titleMetrics.ascent()),
                     titleMetrics.elidedText(header.title, Qt::ElideRight, header.textWidth));
    y += titleMetrics.lineSpacing() + 4.0;

    painter.setFont(m_font);
    painter.setPen(palette.color(QPalette::PlaceholderText));
    painter.drawText(QRectF(x, y, header.textWidth, header.captionHeight), Qt::AlignLeft | Qt::TextWordWrap,
                     header.caption);
    y += header.captionHeight;
    painter.drawText(QPointF(x, y + metrics.ascent()),
                     metrics.elidedText(header.filterLine, Qt::ElideRight, header.textWidth));
    if (header.legendHeads.empty())
        return;

    // All heads: a swatch of each head's colour with its number.
    y += metrics.lineSpacing();
    const QString heads = tr("Heads:");
    painter.drawText(QPointF(x, y + metrics.ascent()), heads);
    double legendX = x + metrics.horizontalAdvance(heads) + 8.0;
    const double midY = y + metrics.ascent() - metrics.xHeight() / 2.0;
    for (int head : header.legendHeads) {
        painter.setPen(QPen(headColor(head), 4.0, Qt::SolidLine, Qt::FlatCap));
        painter.drawLine(QPointF(legendX, midY), QPointF(legendX + 14.0, midY));
        legendX += 18.0;
        const QString number = QString::number(head);
        painter.setPen(palette.color(QPalette::Text));
        painter.drawText(QPointF(legendX, y + metrics.ascent()), number);
        legendX += metrics.horizontalAdvance(number) + 6.0;
    }
}

void FlowView::paintEdges(QPainter &painter, const FlowGeometry &geometry, const std::vector<FlowEdge> &edges,
                          const QRectF &clip) const
{
    const bool arcs = m_layout == FlowLayout::Arcs;
    // An overview draws hairlines and small heads: hundreds of arrows share the pane.
    const double thinning = geometry.isOverview() ? 0.3 : 1.0;
    // Bounds grown by the widest pen and arrow head; a horizontal line has empty bounds otherwise.
    constexpr double reach = 10.0;
    std::array<std::vector<QLineF>, weightBuckets> lines;
    std::array<QPainterPath, weightBuckets> curves;
    std::array<QPainterPath, weightBuckets> arrows;

    // Strokes that would be at most about a device pixel wide are drawn as cosmetic hairlines: the
    // raster engine draws those directly instead of stroking and filling an outline, which is what
    // keeps thousands of long, weak lines (512 tokens) fast. Their opacity still follows the weight.
    const double deviceScale = std::sqrt(std::abs(painter.deviceTransform().determinant()));
    const auto penFor = [deviceScale](const QColor &colour, double width) {
        QPen pen(colour, width, Qt::SolidLine, Qt::FlatCap);
        if (width * deviceScale <= 1.3) {
            pen.setWidthF(1.0);
            pen.setCosmetic(true);
        }
        return pen;
    };

    const auto flush = [&](int head) {
        const QColor colour = headColor(head);
        for (int b = 0; b < weightBuckets; ++b) {
            const double s = bucketStrength(b);
            const QColor c = withAlpha(colour, alphaFor(s));
            if (!arcs) {
                if (lines[std::size_t(b)].empty())
                    continue;
                painter.setPen(penFor(c, widthFor(s) * thinning));
                painter.drawLines(lines[std::size_t(b)].data(), int(lines[std::size_t(b)].size()));
                lines[std::size_t(b)].clear();
                continue;
            }
            if (curves[std::size_t(b)].isEmpty())
                continue;
            painter.setPen(penFor(c, widthFor(s) * thinning));
            painter.setBrush(Qt::NoBrush);
            painter.drawPath(curves[std::size_t(b)]);
            painter.fillPath(arrows[std::size_t(b)], c);
            curves[std::size_t(b)].clear();
            arrows[std::size_t(b)].clear();
        }
    };

    // Edges come grouped by head; each head is drawn in one pass per bucket, weak buckets first.
    int head = edges.empty() ? 0 : edges.front().head;
    for (const FlowEdge &edge : edges) {
        if (edge.head != head) {
            flush(head);
            head = edge.head;
        }
        const FlowCurve c = geometry.curve(edge);
        if (!c.bounds().adjusted(-reach, -reach, reach, reach).intersects(clip))
            continue;
        const int b = bucketOf(edge.weight);
        if (!arcs) {
            lines[std::size_t(b)].emplace_back(c.p0, c.p3);
            continue;
        }
        addArrow(curves[std::size_t(b)], arrows[std::size_t(b)], c, arrowLength(bucketStrength(b)) * std::sqrt(thinning),
                 0.45);
    }
    flush(head);
}

void FlowView::paintWeightLabels(QPainter &painter, const Labels &labels, const std::vector<FlowEdge> &edges,
                                 const QPalette &palette) const
{
    // Coloured by head only when several heads share the diagram.
    const bool allHeads = shownHeads().size() > 1;
    painter.setFont(smallFont());
    QColor background = palette.color(QPalette::Base);
    background.setAlphaF(0.85f);
    for (const FlowWeightLabel &label : labels.weights) {
        const FlowEdge &edge = edges[std::size_t(label.edge)];
        painter.fillRect(label.rect, background);
        painter.setPen(allHeads ? labelColour(headColor(edge.head), palette) : palette.color(QPalette::Text));
        painter.drawText(label.rect, Qt::AlignCenter, labelText(edge.weight));
    }
    painter.setFont(m_font);
}

void FlowView::paintFocusedEdge(QPainter &painter, const FlowGeometry &geometry, const QRectF &labelRect,
                                const QPalette &palette) const
{
    const std::optional<FlowEdge> edge = focusedEdge();
    if (!edge)
        return;
    const FlowCurve c = geometry.curve(*edge);
    const double s = strength(edge->weight);
    const QColor colour = headColor(edge->head);

    QPainterPath path;
    QPainterPath arrow;
    if (m_layout == FlowLayout::Arcs) {
        addArrow(path, arrow, c, arrowLength(1.0), 0.5);
    } else {
        path.moveTo(c.p0);
        path.lineTo(c.p3);
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(withAlpha(palette.color(QPalette::Text), 0.85), widthFor(s) + 4.0, Qt::SolidLine,
                        Qt::RoundCap));
    painter.drawPath(path);
    painter.setPen(QPen(colour, widthFor(s) + 1.5, Qt::SolidLine, Qt::RoundCap));
    painter.drawPath(path);
    if (!arrow.isEmpty()) {
        painter.setPen(QPen(palette.color(QPalette::Text), 1.0));
        painter.setBrush(colour);
        painter.drawPath(arrow);
        painter.setBrush(Qt::NoBrush);
    }
    if (labelRect.isEmpty())
        return; // no free spot for its label: the tooltip has the number

    QFont font = smallFont();
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(QPen(colour, 1.0));
    painter.setBrush(palette.color(QPalette::Base));
    painter.drawRoundedRect(labelRect, 3.0, 3.0);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(palette.color(QPalette::Text));
    painter.drawText(labelRect, Qt::AlignCenter, labelText(edge->weight));
    painter.setFont(m_font);
}

void FlowView::paintTokens(QPainter &painter, const FlowGeometry &geometry, const Labels &labels, const QRectF &clip,
                           const QPalette &palette, bool includeFocus) const
{
    labelWidths();
    const Focus focus = includeFocus ? this->focus() : Focus{};
    const FlowFilter filter = currentFilter(includeFocus);
    const auto focusedAs = [&](int token, TokenRole side) {
        if (focus.hasCell())
            return side == TokenRole::Query ? token == focus.query
                 : side == TokenRole::Key   ? token == focus.key
                                            : (token == focus.query || token == focus.key);
        if (filter.token != token)
            return false;
        return side == TokenRole::Both || filter.role == TokenRole::Both || filter.role == side;
    };
    QColor highlight = palette.color(QPalette::Highlight);
    highlight.setAlphaF(0.25f);
    QFont bold = m_font;
    bold.setBold(true);
    const QColor border = palette.color(QPalette::Mid);
    const bool arcs = m_layout == FlowLayout::Arcs;

    if (!arcs) {
        painter.setFont(m_font);
        painter.setPen(palette.color(QPalette::PlaceholderText));
        painter.drawText(geometry.columnCaptionRect(TokenRole::Query), Qt::AlignRight | Qt::AlignVCenter,
                         tr("query"));
        painter.drawText(geometry.columnCaptionRect(TokenRole::Key), Qt::AlignLeft | Qt::AlignVCenter, tr("key"));
        painter.drawText(geometry.columnCaptionRect(TokenRole::Both), Qt::AlignCenter, tr("attends to →"));
    } else if (geometry.isOverview()) {
        // Every token a tick on the row's edges, so that where the arrows land stays readable.
        painter.setPen(QPen(border, 1.0));
        const double top = geometry.tokenRect(0).top();
        const double bottom = geometry.tokenRect(0).bottom();
        std::vector<QLineF> ticks;
        for (int t = 0; t < geometry.tokenCount(); ++t) {
            const double x = geometry.tokenRect(t).center().x();
            if (x < clip.left() - 1.0 || x > clip.right() + 1.0)
                continue;
            ticks.emplace_back(x, top, x, top + 3.0);
            ticks.emplace_back(x, bottom - 3.0, x, bottom);
        }
        painter.drawLines(ticks.data(), int(ticks.size()));
    }

    for (const FlowTokenLabel &label : labels.tokens) {
        const QRectF &rect = label.rect;
        if (!rect.intersects(clip))
            continue;
        const bool focused = focusedAs(label.token, label.role);
        if (arcs) {
            painter.setPen(QPen(focused ? palette.color(QPalette::Highlight) : border, focused ? 1.5 : 1.0));
            painter.setBrush(focused ? highlight : palette.color(QPalette::AlternateBase));
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4.0, 4.0);
            painter.setBrush(Qt::NoBrush);
        } else if (focused) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(highlight);
            painter.drawRoundedRect(rect, 3.0, 3.0);
            painter.setBrush(Qt::NoBrush);
        }
        painter.setFont(focused ? bold : m_font);
        painter.setPen(palette.color(QPalette::Text));
        const Qt::Alignment alignment = arcs                            ? Qt::AlignCenter
                                      : label.role == TokenRole::Query ? Qt::AlignRight | Qt::AlignVCenter
                                                                       : Qt::AlignLeft | Qt::AlignVCenter;
        painter.drawText(arcs ? rect : rect.adjusted(3.0, 0.0, -3.0, 0.0), alignment, m_labels.at(label.token));
    }
    painter.setFont(m_font);
}

QString FlowView::edgeToolTip(const FlowEdge &edge) const
{
    if (!result() || edge.query < 0 || edge.key < 0 || edge.query >= result()->tokenCount()
        || edge.key >= result()->tokenCount())
        return {};
    return QStringLiteral("%1 · \"%2\" → \"%3\": %4%")
        .arg(headName(edge.head), displayText(result()->tokens[std::size_t(edge.query)].text),
             displayText(result()->tokens[std::size_t(edge.key)].text),
             QString::number(double(edge.weight) * 100.0, 'f', 1));
}

QString FlowView::toolTipAt(const QPointF &point) const
{
    if (!result())
        return {};
    const FlowGeometry geometry = geometryFor(size());
    const FlowTokenHit hit = geometry.tokenAt(point);
    if (hit.isValid()) {
        const QString token = displayText(result()->tokens[std::size_t(hit.token)].text);
        switch (hit.role) {
        case TokenRole::Query:
            return tr("\"%1\" as query: where it looks (click to pin)").arg(token);
        case TokenRole::Key:
            return tr("\"%1\" as key: who looks at it (click to pin)").arg(token);
        case TokenRole::Both:
            break;
        }
        return tr("\"%1\": its arrows out (where it looks) and in (who looks at it); click to pin").arg(token);
    }
    const std::vector<FlowEdge> &edges = shownEdges(true);
    const int index = geometry.edgeAt(edges, point, hitTolerance);
    return index >= 0 ? edgeToolTip(edges[std::size_t(index)]) : QString();
}

bool FlowView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(QPointF(help->pos()));
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

void FlowView::paintEvent(QPaintEvent *event)
{
    QPainter painter(this);
    painter.setClipRect(event->rect());
    paintContent(painter, size(), true);
}

void FlowView::mouseMoveEvent(QMouseEvent *event)
{
    if (!focusModel() || !result())
        return;
    const FlowGeometry geometry = geometryFor(size());
    const QPointF point = event->position();
    const bool pinned = focus().pinned;
    const FlowTokenHit hit = geometry.tokenAt(point);
    if (hit.isValid()) {
        if (!pinned) {
            m_roleToken = hit.token;
            m_role = hit.role;
            m_hoverHead = -1;
        }
        focusModel()->hover(hit.token, -1);
        update(); // the side may change while the token stays the same
        return;
    }
    const std::vector<FlowEdge> &edges = shownEdges(true);
    const int index = geometry.edgeAt(edges, point, hitTolerance);
    if (index >= 0) {
        const FlowEdge &edge = edges[std::size_t(index)];
        if (!pinned && m_hoverHead != edge.head) {
            m_hoverHead = edge.head;
            update();
        }
        focusModel()->hover(edge.query, edge.key);
        return;
    }
    focusModel()->hover(-1, -1);
}

void FlowView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !focusModel() || !result()) {
        QWidget::mousePressEvent(event);
        return;
    }
    const FlowGeometry geometry = geometryFor(size());
    const QPointF point = event->position();
    const FlowTokenHit hit = geometry.tokenAt(point);
    if (hit.isValid()) {
        m_roleToken = hit.token;
        m_role = hit.role;
        focusModel()->pin(hit.token, -1);
        update();
        return;
    }
    const std::vector<FlowEdge> &edges = shownEdges(true);
    const int index = geometry.edgeAt(edges, point, hitTolerance);
    if (index >= 0) {
        const FlowEdge edge = edges[std::size_t(index)]; // a copy: focus changes rebuild the edges
        m_hoverHead = edge.head;
        if (result()->headCount() > 1) // one head: nothing to choose, the other views keep theirs
            focusModel()->setHead(edge.head);
        focusModel()->pin(edge.query, edge.key);
        return;
    }
    if (focus().pinned)
        focusModel()->clear();
}

void FlowView::leaveEvent(QEvent *event)
{
    if (focusModel())
        focusModel()->hover(-1, -1);
    QWidget::leaveEvent(event);
}

void FlowView::keyPressEvent(QKeyEvent *event)
{
    if (focusModel() && focusModel()->handleKey(event->key(), result() ? result()->tokenCount() : 0))
        event->accept();
    else
        QWidget::keyPressEvent(event);
}

void FlowView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        m_font = font();
        m_font.setPixelSize(QFontInfo(font()).pixelSize());
        m_labelsValid = false;
        contentChanged();
    } else if (event->type() == QEvent::PaletteChange) {
        update();
    }
    QWidget::changeEvent(event);
}

} // namespace attn::ui
