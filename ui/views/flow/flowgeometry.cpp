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
constexpr double minCellGap = 6.0;
constexpr double arcBase = 14.0;       // arcs: height of the shortest arc ...
constexpr double arcPerPixel = 0.3;    // ... growing with the distance it spans ...
constexpr double arcCap = 180.0;       // ... approaching this, so 512 tokens do not need a mile of height
constexpr double minArcLimit = 20.0;   // a low pane flattens the arcs down to this before it scrolls
constexpr double slotStep = 0.12;      // each further head slot is this much taller
constexpr double loopBase = 14.0;
constexpr double overviewCell = 5.0;        // arcs overview: natural width of a token's tick ...
constexpr double maxOverviewCell = 14.0;    // ... and the widest it grows to in a wide pane
constexpr double overviewRow = 4.0;         // columns overview: natural row height
constexpr double minOverviewDiagram = 120.0; // an overview's rows or row of ticks, at the least
constexpr double overviewLabelGap = 16.0;   // at least this between an overview's token labels
constexpr double anchorShare = 0.22;   // arcs leave/arrive this far (× box width) from the box centre
constexpr double loopShare = 0.10;

// A height that grows like h while h is well below the limit and never reaches it: long arcs
// flatten towards the limit while short ones keep their shape, so their order by span survives.
double softCap(double h, double limit)
{
    return limit > 0.0 ? limit * (1.0 - std::exp(-h / limit)) : 0.0;
}

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
    m_naturalRowHeight = isOverview() ? overviewRow : std::max(m_lineHeight + 4.0, 14.0) + std::clamp(24.0 - n, 0.0, 16.0);
    m_rowHeight = m_naturalRowHeight;
    m_naturalGap = isOverview() ? 0.0 : std::max(minCellGap, 48.0 - 2.5 * n);
    m_labelWidth = 40.0;
    for (double w : m_labelWidths)
        m_labelWidth = std::max(m_labelWidth, w);
    m_boxHeight = m_lineHeight + 8.0;
    setCellWidths(overviewCell, m_naturalGap);
    m_arcLimit = arcCap;
    setSize(naturalSize());
}

void FlowGeometry::setCellWidths(double overviewCellWidth, double gap)
{
    m_cellGap = gap;
    m_cellWidth.resize(m_labelWidths.size());
    m_cellLeft.resize(m_labelWidths.size());
    m_rowWidth = 0.0;
    for (std::size_t i = 0; i < m_labelWidths.size(); ++i) {
        m_cellWidth[i] = isOverview() ? overviewCellWidth : std::max(minCellWidth, m_labelWidths[i] + 2.0 * cellPadding);
        m_rowWidth += m_cellWidth[i] + (i > 0 ? m_cellGap : 0.0);
    }
}

double FlowGeometry::maxArcFor(double limit) const
{
    const double slotFactor = 1.0 + slotStep * (int(m_heads.size()) - 1);
    return std::max(softCap(arcBase + arcPerPixel * m_rowWidth, limit), softCap(loopBase, limit)) * slotFactor;
}

double FlowGeometry::arcsHeightFor(double limit) const
{
    return m_top + 2.0 * (maxArcFor(limit) + m_lineHeight + 6.0) + m_boxHeight + margin;
}

double FlowGeometry::columnsHeightFor(double rowHeight) const
{
    return m_top + m_lineHeight + 6.0 + tokenCount() * rowHeight + margin;
}

QSizeF FlowGeometry::minimumSize() const
{
    if (m_layout == FlowLayout::Columns) {
        const double width = 2.0 * margin + 2.0 * m_labelWidth + 2.0 * labelGap + minColumnGap;
        if (!isOverview())
            return {width, columnsHeightFor(m_naturalRowHeight)};
        return {width, m_top + m_lineHeight + 6.0 + minOverviewDiagram + margin};
    }
    FlowGeometry flat = *this; // the lowest arcs over the narrowest row
    flat.setCellWidths(overviewCell, std::min(minCellGap, m_naturalGap));
    if (isOverview())
        flat.m_rowWidth = minOverviewDiagram * 2.0;
    return {2.0 * margin + std::max(flat.m_rowWidth, 120.0), flat.arcsHeightFor(minArcLimit)};
}

QSizeF FlowGeometry::naturalSize() const
{
    if (m_layout == FlowLayout::Columns)
        return {2.0 * margin + 2.0 * m_labelWidth + 2.0 * labelGap + minColumnGap, columnsHeightFor(m_naturalRowHeight)};
    FlowGeometry natural = *this;
    natural.setCellWidths(overviewCell, m_naturalGap);
    return {2.0 * margin + std::max(natural.m_rowWidth, 120.0), natural.arcsHeightFor(arcCap)};
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
    const double fixed = 2.0 * margin + 2.0 * m_labelWidth + 2.0 * labelGap;
    const double gap = std::clamp(m_size.width() - fixed, minColumnGap, maxColumnGap);
    m_leftX = margin + std::max(0.0, (m_size.width() - fixed - gap) / 2.0);
    m_lineStartX = m_leftX + m_labelWidth + labelGap;
    m_lineEndX = m_lineStartX + gap;
    m_rowHeight = m_naturalRowHeight;
    if (isOverview()) {
        // The rows share the height, up to the full height of a label's line.
        const double room = m_size.height() - columnsHeightFor(0.0);
        m_rowHeight = std::clamp(room / tokenCount(), 1e-3, std::max(m_lineHeight + 4.0, 14.0));
    }
    m_firstRowY = m_top + m_lineHeight + 6.0 + std::max(0.0, (m_size.height() - columnsHeightFor(m_rowHeight)) / 2.0);
}

void FlowGeometry::layoutArcs()
{
    const double room = m_size.width() - 2.0 * margin;
    if (isOverview()) {
        setCellWidths(std::clamp(room / tokenCount(), 1e-3, maxOverviewCell), 0.0);
    } else {
        // The gaps give way first, so that a short text fits a narrow pane.
        double boxes = 0.0;
        for (double w : m_labelWidths)
            boxes += std::max(minCellWidth, w + 2.0 * cellPadding);
        const double gap = tokenCount() > 1 ? (room - boxes) / (tokenCount() - 1) : m_naturalGap;
        setCellWidths(overviewCell, std::clamp(gap, std::min(minCellGap, m_naturalGap), m_naturalGap));
    }
    // The highest limit whose arcs fit the height: arcsHeightFor grows with the limit.
    double limit = arcCap;
    if (arcsHeightFor(arcCap) > m_size.height()) {
        double lo = minArcLimit;
        double hi = arcCap;
        for (int i = 0; i < 30; ++i) {
            const double mid = (lo + hi) / 2.0;
            (arcsHeightFor(mid) <= m_size.height() ? lo : hi) = mid;
        }
        limit = lo;
    }
    m_arcLimit = limit;
    m_arcRoom = maxArcFor(m_arcLimit) + m_lineHeight + 6.0;
    const double height = arcsHeightFor(m_arcLimit);
    double x = margin + std::max(0.0, (m_size.width() - 2.0 * margin - std::max(m_rowWidth, 120.0)) / 2.0)
        + std::max(0.0, (120.0 - m_rowWidth) / 2.0);
    for (std::size_t i = 0; i < m_cellWidth.size(); ++i) {
        m_cellLeft[i] = x;
        x += m_cellWidth[i] + m_cellGap;
    }
    m_boxTop = m_top + m_arcRoom + std::max(0.0, (m_size.height() - height) / 2.0);
}

int FlowGeometry::slotOf(int head) const
{
    return head >= 0 && head < int(m_slotOfHead.size()) ? m_slotOfHead[std::size_t(head)] : 0;
}

double FlowGeometry::arcHeight(double span, int slot) const
{
    return softCap(arcBase + arcPerPixel * span, m_arcLimit) * (1.0 + slotStep * slot);
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

QRectF FlowGeometry::tokenLabelRect(int token, TokenRole role) const
{
    const QRectF slot = tokenRect(token, role);
    if (!isOverview())
        return slot;
    if (m_layout == FlowLayout::Columns) {
        const double height = std::max(m_lineHeight + 4.0, 14.0);
        const double top = std::clamp(slot.center().y() - height / 2.0, m_firstRowY,
                                      std::max(m_firstRowY, m_firstRowY + tokenCount() * m_rowHeight - height));
        return {slot.left(), top, slot.width(), height};
    }
    const double width = m_labelWidths[std::size_t(token)] + 4.0;
    const double rowLeft = m_cellLeft.front();
    const double rowRight = std::max(rowLeft + width, m_cellLeft.back() + m_cellWidth.back());
    const double left = std::clamp(slot.center().x() - width / 2.0, rowLeft, rowRight - width);
    return {left, slot.top(), width, slot.height()};
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

QRectF FlowGeometry::messageRect() const
{
    // A few lines at the top, leaving room for the focused pair's arrow and label.
    const double lines = 3.0 * m_lineHeight + 4.0;
    if (m_layout == FlowLayout::Columns)
        return {m_lineStartX + 4.0, m_firstRowY, m_lineEndX - m_lineStartX - 8.0, lines};
    const double width = std::min(m_size.width() - 2.0 * margin, 520.0);
    return {margin, m_boxTop - m_arcRoom, width, std::min(lines, m_arcRoom - 2.0)};
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
        const double controlY = m_boxTop - softCap(loopBase, m_arcLimit) * (1.0 + slotStep * slot) / 0.75;
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
    // Outside the peak first, where no shorter arc runs; then just inside it.
    const QPointF peak = c.pointAt(0.5);
    const double offset = m_lineHeight / 2.0 + 1.0;
    const QPointF outward = edge.query > edge.key ? QPointF(0.0, offset) : QPointF(0.0, -offset);
    return {peak + outward, peak - outward};
}

std::vector<FlowTokenLabel> FlowGeometry::tokenLabels(const std::vector<int> &emphasised) const
{
    std::vector<FlowTokenLabel> labels;
    const int n = tokenCount();
    const std::vector<TokenRole> sides = m_layout == FlowLayout::Columns
        ? std::vector<TokenRole>{TokenRole::Query, TokenRole::Key}
        : std::vector<TokenRole>{TokenRole::Both};
    for (const TokenRole side : sides) {
        if (!isOverview()) {
            for (int t = 0; t < n; ++t)
                labels.push_back({t, side, tokenRect(t, side)});
            continue;
        }
        // Greedy: the emphasised tokens, then every token in reading order where it fits.
        std::vector<QRectF> placed;
        std::vector<char> done(std::size_t(n), 0);
        const auto place = [&](int t) {
            if (t < 0 || t >= n || done[std::size_t(t)])
                return;
            done[std::size_t(t)] = 1;
            const QRectF rect = tokenLabelRect(t, side);
            // Kept apart, so that labels of tokens far from each other do not read as a phrase.
            const QRectF spaced = m_layout == FlowLayout::Arcs ? rect.adjusted(-overviewLabelGap, 0.0, overviewLabelGap, 0.0)
                                                               : rect.adjusted(0.0, -overviewLabelGap / 2.0, 0.0, overviewLabelGap / 2.0);
            if (std::any_of(placed.begin(), placed.end(), [&](const QRectF &r) { return r.intersects(spaced); }))
                return;
            placed.push_back(rect);
            labels.push_back({t, side, rect});
        };
        for (int t : emphasised)
            place(t);
        for (int t = 0; t < n; ++t)
            place(t);
    }
    return labels;
}

std::vector<FlowWeightLabel> FlowGeometry::placeWeightLabels(const std::vector<FlowEdge> &edges,
                                                             const std::vector<FlowLabelRequest> &requests,
                                                             std::vector<QRectF> taken) const
{
    // The tokens are never covered: their row (arcs) or their columns.
    if (tokenCount() > 0) {
        if (m_layout == FlowLayout::Arcs) {
            taken.emplace_back(0.0, m_boxTop, std::max(m_size.width(), m_rowWidth + 2.0 * margin), m_boxHeight);
        } else {
            const double height = tokenCount() * m_rowHeight;
            taken.emplace_back(m_leftX, m_firstRowY, m_labelWidth, height);
            taken.emplace_back(m_lineEndX + labelGap, m_firstRowY, m_labelWidth, height);
        }
    }
    const QRectF area(QPointF(0.0, m_top), QPointF(m_size.width(), m_size.height()));
    std::vector<FlowWeightLabel> placed;
    for (const FlowLabelRequest &request : requests) {
        if (request.edge < 0 || request.edge >= int(edges.size()))
            continue;
        for (const QPointF &anchor : labelAnchors(edges[std::size_t(request.edge)])) {
            QRectF rect(anchor - QPointF(request.size.width() / 2.0, request.size.height() / 2.0), request.size);
            // A label at the edge of the diagram moves in rather than off it.
            rect.moveLeft(std::clamp(rect.left(), area.left(), std::max(area.left(), area.right() - rect.width())));
            if (!area.contains(rect)
                || std::any_of(taken.begin(), taken.end(), [&](const QRectF &r) { return r.intersects(rect); }))
                continue;
            taken.push_back(rect);
            placed.push_back({request.edge, rect});
            break;
        }
    }
    return placed;
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
