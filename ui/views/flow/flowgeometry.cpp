#include "flowgeometry.h"

#include <QLineF>

#include <algorithm>
#include <cmath>
#include <limits>

namespace attn::ui {
namespace {

constexpr double labelGap = 8.0;       // between a column's labels and the lines
constexpr double minColumnGap = 200.0; // the lines' horizontal run, columns layout
constexpr double maxColumnGap = 420.0;
constexpr double minCellWidth = 28.0;  // arcs: a token box, even for "a"
constexpr double cellPadding = 6.0;
constexpr double arcBase = 14.0;       // arcs: height of the shortest arc ...
constexpr double arcPerPixel = 0.3;    // ... growing with the distance it spans ...
constexpr double arcCap = 180.0;       // ... up to this, so 512 tokens do not need a mile of height
constexpr double slotStep = 0.12;      // each further head slot is this much taller
constexpr double loopBase = 14.0;
constexpr double minArcScale = 0.5;
constexpr double anchorShare = 0.22;   // arcs leave/arrive this far (× box width) from the box centre
constexpr double loopShare = 0.10;

double pointSegmentDistance(const QPointF &p, const QPointF &a, const QPointF &b)
{
    const QPointF ab = b - a;
    const double length2 = QPointF::dotProduct(ab, ab);
    double t = length2 > 0.0 ? QPointF::dotProduct(p - a, ab) / length2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const QPointF nearest = a + t * ab;
    return std::hypot(p.x() - nearest.x(), p.y() - nearest.y());
}

} // namespace

QPointF FlowCurve::pointAt(double t) const
{
    if (straight)
        return p0 + t * (p3 - p0);
    const double u = 1.0 - t;
    return u * u * u * p0 + 3.0 * u * u * t * c1 + 3.0 * u * t * t * c2 + t * t * t * p3;
}

QPointF FlowCurve::endDirection() const
{
    QPointF d = p3 - (straight ? p0 : c2);
    if (!straight && d.isNull())
        d = p3 - c1;
    if (d.isNull())
        d = p3 - p0;
    const double length = std::hypot(d.x(), d.y());
    return length > 0.0 ? d / length : QPointF(1.0, 0.0);
}

QRectF FlowCurve::bounds() const
{
    const auto [minX, maxX] = std::minmax({p0.x(), c1.x(), c2.x(), p3.x()});
    const auto [minY, maxY] = std::minmax({p0.y(), c1.y(), c2.y(), p3.y()});
    if (straight)
        return QRectF(QPointF(std::min(p0.x(), p3.x()), std::min(p0.y(), p3.y())),
                      QPointF(std::max(p0.x(), p3.x()), std::max(p0.y(), p3.y())));
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

double FlowCurve::distanceTo(const QPointF &point) const
{
    if (straight)
        return pointSegmentDistance(point, p0, p3);
    // A flattened curve is exact enough for a few pixels of tolerance.
    constexpr int segments = 24;
    double best = std::numeric_limits<double>::max();
    QPointF previous = p0;
    for (int i = 1; i <= segments; ++i) {
        const QPointF next = pointAt(double(i) / segments);
        best = std::min(best, pointSegmentDistance(point, previous, next));
        previous = next;
    }
    return best;
}

FlowCurve FlowCurve::withoutEnd(double distance) const
{
    const auto distanceFromEnd = [this](double t) {
        const QPointF d = pointAt(t) - p3;
        return std::hypot(d.x(), d.y());
    };
    if (distance <= 0.0 || distanceFromEnd(0.0) <= distance)
        return *this;
    // Bisection on t: the distance to p3 falls along these curves (they never turn back on p3).
    double lo = 0.0;
    double hi = 1.0;
    for (int i = 0; i < 20; ++i) {
        const double mid = (lo + hi) / 2.0;
        (distanceFromEnd(mid) > distance ? lo : hi) = mid;
    }
    const double t = lo;
    FlowCurve part = *this;
    if (straight) {
        part.p3 = pointAt(t);
        part.c1 = p0 + (part.p3 - p0) / 3.0;
        part.c2 = p0 + 2.0 * (part.p3 - p0) / 3.0;
        return part;
    }
    // de Casteljau: the left piece of a cubic split at t.
    const QPointF a = p0 + t * (c1 - p0);
    const QPointF b = c1 + t * (c2 - c1);
    const QPointF c = c2 + t * (p3 - c2);
    const QPointF ab = a + t * (b - a);
    const QPointF bc = b + t * (c - b);
    part.c1 = a;
    part.c2 = ab;
    part.p3 = ab + t * (bc - ab);
    return part;
}

FlowGeometry::FlowGeometry(FlowLayout layout, std::vector<double> labelWidths, double lineHeight, double top,
                           std::vector<int> heads)
    : m_layout(layout), m_labelWidths(std::move(labelWidths)), m_lineHeight(std::max(1.0, lineHeight)),
      m_top(top), m_heads(std::move(heads))
{
    if (m_heads.empty())
        m_heads.push_back(0);
    const int maxHead = *std::max_element(m_heads.begin(), m_heads.end());
    m_slotOfHead.assign(std::size_t(std::max(0, maxHead) + 1), 0);
    for (std::size_t slot = 0; slot < m_heads.size(); ++slot)
        if (m_heads[slot] >= 0)
            m_slotOfHead[std::size_t(m_heads[slot])] = int(slot);

    const int n = tokenCount();
    m_rowHeight = std::max(m_lineHeight + 4.0, 14.0) + std::clamp(24.0 - n, 0.0, 16.0);
    m_cellGap = std::max(6.0, 48.0 - 2.5 * n);
    m_labelWidth = 40.0;
    for (double w : m_labelWidths)
        m_labelWidth = std::max(m_labelWidth, w);
    m_boxHeight = m_lineHeight + 8.0;
    m_cellWidth.resize(m_labelWidths.size());
    m_cellLeft.resize(m_labelWidths.size());
    m_rowWidth = 0.0;
    for (std::size_t i = 0; i < m_labelWidths.size(); ++i) {
        m_cellWidth[i] = std::max(minCellWidth, m_labelWidths[i] + 2.0 * cellPadding);
        m_rowWidth += m_cellWidth[i] + (i > 0 ? m_cellGap : 0.0);
    }
    const int lastSlot = int(m_heads.size()) - 1;
    m_maxArc = std::max(arcHeight(m_rowWidth, lastSlot), loopBase * (1.0 + slotStep * lastSlot));
    m_arcRoom = m_maxArc + m_lineHeight + 6.0;
    setSize(naturalSize());
}

QSizeF FlowGeometry::minimumSize() const
{
    const QSizeF natural = naturalSize();
    if (m_layout == FlowLayout::Columns)
        return natural;
    return {natural.width(), natural.height() - 2.0 * m_maxArc * (1.0 - minArcScale)};
}

QSizeF FlowGeometry::naturalSize() const
{
    const int n = tokenCount();
    if (m_layout == FlowLayout::Columns)
        return {2.0 * margin + 2.0 * m_labelWidth + 2.0 * labelGap + minColumnGap,
                m_top + m_lineHeight + 6.0 + n * m_rowHeight + margin};
    const double fullArcRoom = m_maxArc + m_lineHeight + 6.0;
    return {2.0 * margin + std::max(m_rowWidth, 120.0), m_top + 2.0 * fullArcRoom + m_boxHeight + margin};
}

void FlowGeometry::setSize(const QSizeF &size)
{
    m_size = size.expandedTo(minimumSize());
    if (m_layout == FlowLayout::Columns)
        layoutColumns();
    else
        layoutArcs();
}

void FlowGeometry::layoutColumns()
{
    const QSizeF natural = naturalSize();
    const double fixed = 2.0 * margin + 2.0 * m_labelWidth + 2.0 * labelGap;
    const double gap = std::clamp(m_size.width() - fixed, minColumnGap, maxColumnGap);
    m_leftX = margin + std::max(0.0, (m_size.width() - fixed - gap) / 2.0);
    m_lineStartX = m_leftX + m_labelWidth + labelGap;
    m_lineEndX = m_lineStartX + gap;
    m_firstRowY = m_top + m_lineHeight + 6.0 + std::max(0.0, (m_size.height() - natural.height()) / 2.0);
}

void FlowGeometry::layoutArcs()
{
    const double shortfall = naturalSize().height() - m_size.height();
    m_arcScale = m_maxArc > 0.0 && shortfall > 0.0 ? std::max(minArcScale, 1.0 - shortfall / (2.0 * m_maxArc)) : 1.0;
    m_arcRoom = m_maxArc * m_arcScale + m_lineHeight + 6.0;
    const QSizeF natural(naturalSize().width(), m_top + 2.0 * m_arcRoom + m_boxHeight + margin);
    double x = margin + std::max(0.0, (m_size.width() - natural.width()) / 2.0)
        + std::max(0.0, (120.0 - m_rowWidth) / 2.0);
    for (std::size_t i = 0; i < m_cellWidth.size(); ++i) {
        m_cellLeft[i] = x;
        x += m_cellWidth[i] + m_cellGap;
    }
    m_boxTop = m_top + m_arcRoom + std::max(0.0, (m_size.height() - natural.height()) / 2.0);
}

int FlowGeometry::slotOf(int head) const
{
    return head >= 0 && head < int(m_slotOfHead.size()) ? m_slotOfHead[std::size_t(head)] : 0;
}

double FlowGeometry::arcHeight(double span, int slot) const
{
    return std::min(arcBase + arcPerPixel * span, arcCap) * (1.0 + slotStep * slot) * m_arcScale;
}

QRectF FlowGeometry::tokenRect(int token, TokenRole role) const
{
    if (token < 0 || token >= tokenCount())
        return {};
    if (m_layout == FlowLayout::Columns) {
        const double x = role == TokenRole::Query ? m_leftX : m_lineEndX + labelGap;
        return {x, m_firstRowY + token * m_rowHeight, m_labelWidth, m_rowHeight};
    }
    return {m_cellLeft[std::size_t(token)], m_boxTop, m_cellWidth[std::size_t(token)], m_boxHeight};
}

QRectF FlowGeometry::columnCaptionRect(TokenRole role) const
{
    const double y = m_firstRowY - m_lineHeight - 6.0;
    switch (role) {
    case TokenRole::Query:
        return {m_leftX, y, m_labelWidth, m_lineHeight + 4.0};
    case TokenRole::Key:
        return {m_lineEndX + labelGap, y, m_labelWidth, m_lineHeight + 4.0};
    case TokenRole::Both:
        break;
    }
    return {m_lineStartX, y, m_lineEndX - m_lineStartX, m_lineHeight + 4.0};
}

double FlowGeometry::diagramBottom() const
{
    if (m_layout == FlowLayout::Columns)
        return m_firstRowY + tokenCount() * m_rowHeight;
    return m_boxTop + m_boxHeight + m_arcRoom;
}

FlowCurve FlowGeometry::curve(const FlowEdge &edge) const
{
    FlowCurve c;
    const int n = tokenCount();
    if (edge.query < 0 || edge.query >= n || edge.key < 0 || edge.key >= n)
        return c;
    if (m_layout == FlowLayout::Columns) {
        c.p0 = {m_lineStartX, m_firstRowY + (edge.query + 0.5) * m_rowHeight};
        c.p3 = {m_lineEndX, m_firstRowY + (edge.key + 0.5) * m_rowHeight};
        c.c1 = c.p0 + (c.p3 - c.p0) / 3.0;
        c.c2 = c.p0 + 2.0 * (c.p3 - c.p0) / 3.0;
        return c;
    }
    c.straight = false;
    const int slot = slotOf(edge.head);
    const auto q = std::size_t(edge.query);
    const auto k = std::size_t(edge.key);
    const double qCentre = m_cellLeft[q] + m_cellWidth[q] / 2.0;
    const double kCentre = m_cellLeft[k] + m_cellWidth[k] / 2.0;
    // A Bézier whose two control points sit at height h/0.75 peaks at exactly h.
    if (edge.query == edge.key) {
        const double a = loopShare * m_cellWidth[q];
        const double bulge = 0.25 * m_cellWidth[q];
        const double controlY = m_boxTop - loopBase * (1.0 + slotStep * slot) / 0.75;
        c.p0 = {qCentre - a, m_boxTop};
        c.c1 = {qCentre - a - bulge, controlY};
        c.c2 = {qCentre + a + bulge, controlY};
        c.p3 = {qCentre + a, m_boxTop};
    } else if (edge.query < edge.key) {
        const double from = qCentre + anchorShare * m_cellWidth[q];
        const double to = kCentre - anchorShare * m_cellWidth[k];
        const double controlY = m_boxTop - arcHeight(to - from, slot) / 0.75;
        c.p0 = {from, m_boxTop};
        c.c1 = {from, controlY};
        c.c2 = {to, controlY};
        c.p3 = {to, m_boxTop};
    } else {
        const double bottom = m_boxTop + m_boxHeight;
        const double from = qCentre - anchorShare * m_cellWidth[q];
        const double to = kCentre + anchorShare * m_cellWidth[k];
        const double controlY = bottom + arcHeight(from - to, slot) / 0.75;
        c.p0 = {from, bottom};
        c.c1 = {from, controlY};
        c.c2 = {to, controlY};
        c.p3 = {to, bottom};
    }
    return c;
}

std::vector<QPointF> FlowGeometry::labelAnchors(const FlowEdge &edge) const
{
    const FlowCurve c = curve(edge);
    if (m_layout == FlowLayout::Columns) {
        // Near the query first, where one query's lines are still apart.
        std::vector<QPointF> anchors;
        for (double t : {0.3, 0.7, 0.5, 0.15, 0.85})
            anchors.push_back(c.pointAt(t));
        return anchors;
    }
    const QPointF peak = c.pointAt(0.5);
    const double offset = m_lineHeight / 2.0 + 1.0;
    const bool below = edge.query > edge.key;
    return {below ? peak + QPointF(0.0, offset) : peak - QPointF(0.0, offset)};
}

FlowTokenHit FlowGeometry::tokenAt(const QPointF &point) const
{
    const int n = tokenCount();
    if (n == 0)
        return {};
    if (m_layout == FlowLayout::Columns) {
        const double rowF = (point.y() - m_firstRowY) / m_rowHeight;
        if (rowF < 0.0 || rowF >= n)
            return {};
        const int row = int(rowF);
        if (point.x() >= m_leftX && point.x() < m_lineStartX)
            return {row, TokenRole::Query};
        if (point.x() > m_lineEndX && point.x() <= m_lineEndX + labelGap + m_labelWidth)
            return {row, TokenRole::Key};
        return {};
    }
    if (point.y() < m_boxTop || point.y() >= m_boxTop + m_boxHeight)
        return {};
    const auto it = std::upper_bound(m_cellLeft.begin(), m_cellLeft.end(), point.x());
    if (it == m_cellLeft.begin())
        return {};
    const auto i = std::size_t(it - m_cellLeft.begin() - 1);
    if (point.x() >= m_cellLeft[i] + m_cellWidth[i])
        return {};
    return {int(i), TokenRole::Both};
}

int FlowGeometry::edgeAt(const std::vector<FlowEdge> &edges, const QPointF &point, double tolerance) const
{
    int best = -1;
    double bestDistance = tolerance;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const FlowCurve c = curve(edges[i]);
        if (!c.bounds().adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(point))
            continue;
        const double d = c.distanceTo(point);
        if (d <= bestDistance) {
            bestDistance = d;
            best = int(i);
        }
    }
    return best;
}

} // namespace attn::ui
