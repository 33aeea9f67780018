// The flow-arrow diagrams: which edges are drawn (threshold, top-k, hovered token), where things are
// (geometry and hit-testing without pixels), and what the two layouts paint.

#include "viewtestutils.h"
#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "views/colormap/colormap.h"
#include "views/flow/flowedgeselection.h"
#include "views/flow/flowgeometry.h"
#include "views/flow/flowview.h"
#include "viewwiring.h"

#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

using namespace attn;
using namespace attn::ui;

Q_DECLARE_METATYPE(attn::ui::FlowLayout)
Q_DECLARE_METATYPE(attn::ui::TokenRole)

namespace {

using EdgeKey = std::tuple<int, int, int>; // head, query, key

std::set<EdgeKey> keysOf(const std::vector<FlowEdge> &edges)
{
    std::set<EdgeKey> keys;
    for (const FlowEdge &e : edges)
        keys.insert({e.head, e.query, e.key});
    return keys;
}

// The reference selection, written the slow and obvious way: sort each whole row by weight
// (ties: lower key first), take the first k, drop what is below the threshold or zero.
std::set<EdgeKey> referenceEdges(const AttentionResult &result, const std::vector<int> &heads, double threshold,
                                 int topK, int token = -1, TokenRole role = TokenRole::Both)
{
    std::set<EdgeKey> keys;
    const int n = result.tokenCount();
    for (int h : heads) {
        const Matrix &w = result.layers[0].heads[std::size_t(h)].weights;
        for (int q = 0; q < n; ++q) {
            std::vector<int> order(static_cast<std::size_t>(n));
            for (int k = 0; k < n; ++k)
                order[std::size_t(k)] = k;
            std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return w(q, a) > w(q, b); });
            const int limit = topK > 0 ? std::min(topK, n) : n;
            for (int i = 0; i < limit; ++i) {
                const int k = order[std::size_t(i)];
                if (w(q, k) <= 0.f || double(w(q, k)) < threshold)
                    continue;
                const bool keep = token < 0 || (role == TokenRole::Query && q == token)
                    || (role == TokenRole::Key && k == token)
                    || (role == TokenRole::Both && (q == token || k == token));
                if (keep)
                    keys.insert({h, q, k});
            }
        }
    }
    return keys;
}

// Distance from p to a curve, measured on 2,000 straight pieces: the reference for hit-testing.
double denseDistance(const FlowCurve &curve, const QPointF &p)
{
    constexpr int pieces = 2000;
    double best = 1e300;
    QPointF a = curve.pointAt(0.0);
    for (int i = 1; i <= pieces; ++i) {
        const QPointF b = curve.pointAt(double(i) / pieces);
        const QPointF ab = b - a;
        const double length2 = ab.x() * ab.x() + ab.y() * ab.y();
        const double t = length2 > 0 ? std::clamp(((p.x() - a.x()) * ab.x() + (p.y() - a.y()) * ab.y()) / length2, 0.0, 1.0)
                                     : 0.0;
        best = std::min(best, std::hypot(p.x() - (a.x() + t * ab.x()), p.y() - (a.y() + t * ab.y())));
        a = b;
    }
    return best;
}

// Hue in degrees, or −1 for greys.
double hueOf(const QColor &colour)
{
    return colour.hsvHueF() < 0 ? -1.0 : colour.hsvHueF() * 360.0;
}

double hueDistance(double a, double b)
{
    const double d = std::fabs(a - b);
    return std::min(d, 360.0 - d);
}

int nonBackgroundPixels(const QImage &image, QRgb background)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            count += (line[x] & 0xffffff) != (background & 0xffffff) ? 1 : 0;
    }
    return count;
}

QImage render(const FlowView &view, const QSize &size, bool includeFocus = true)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    view.paintContent(painter, size, includeFocus);
    painter.end();
    return image;
}

// Of the 3×3 pixels around p, the most saturated: the one with the most ink of a line drawn there
// (antialiased lines spread over a couple of pixels, partly blended with the background).
QColor inkiestPixelNear(const QImage &image, const QPointF &p)
{
    QColor best;
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
            const QPoint at(int(std::floor(p.x())) + dx, int(std::floor(p.y())) + dy);
            if (!image.rect().contains(at))
                continue;
            const QColor c = image.pixelColor(at);
            if (!best.isValid() || c.hsvSaturationF() > best.hsvSaturationF())
                best = c;
        }
    return best;
}

struct Fixture
{
    AttentionDocument document;
    FocusModel focus;
    ViewOptionsModel options;
    bool ready = false;

    explicit Fixture(const QString &preset, double threshold = 0.0, int topK = 0, FlowHeads heads = FlowHeads::Focused)
    {
        document.loadPreset(preset);
        document.computeNow();
        ready = document.result() && document.result()->tokenCount() > 0;
        setOptions(threshold, topK, heads);
    }
    void setOptions(double threshold, int topK, FlowHeads heads)
    {
        ViewOptions o = options.options();
        o.flowThreshold = threshold;
        o.flowTopK = topK;
        o.flowHeads = heads;
        options.setOptions(o);
    }
};

void sendMouse(QWidget &widget, QEvent::Type type, const QPointF &local, Qt::MouseButton button = Qt::NoButton)
{
    QMouseEvent event(type, local, widget.mapToGlobal(local), button,
                      type == QEvent::MouseMove ? Qt::NoButton : Qt::MouseButtons(button), Qt::NoModifier);
    QCoreApplication::sendEvent(&widget, &event);
}

} // namespace

class TestFlow : public QObject
{
    Q_OBJECT

private slots:
    void scoreTableWeights();
    void threshold_data();
    void threshold();
    void topK_data();
    void topK();
    void tokenFilter_data();
    void tokenFilter();
    void allHeadsSelection();
    void columnsGeometry();
    void arcsGeometry();
    void edgeHitTesting_data();
    void edgeHitTesting();
    void curveSplitStaysOnCurve();
    void hoverTokenRestrictsEdges_data();
    void hoverTokenRestrictsEdges();
    void hoverEdgeFocusesCell();
    void clickPinsToken();
    void exportNames();
    void renderStrongEdge_data();
    void renderStrongEdge();
    void renderAllHeads_data();
    void renderAllHeads();
    void render512Tokens_data();
    void render512Tokens();
};

// The preset's weights, by hand: softmax(0.5, 0.3) = (e^0.2, 1) / (e^0.2 + 1) = 0.5498 / 0.4502.
void TestFlow::scoreTableWeights()
{
    Fixture f(QStringLiteral("seed-score-table"));
    QVERIFY(f.ready);
    const Matrix &w = f.document.result()->layers[0].heads[0].weights;
    const double big = std::exp(0.2) / (std::exp(0.2) + 1.0);
    QCOMPARE(w.rows(), 2);
    QVERIFY(std::fabs(w(0, 0) - big) < 1e-4);
    QVERIFY(std::fabs(w(0, 1) - (1.0 - big)) < 1e-4);
    QVERIFY(std::fabs(w(1, 0) - (1.0 - big)) < 1e-4);
    QVERIFY(std::fabs(w(1, 1) - big) < 1e-4);
}

void TestFlow::threshold_data()
{
    QTest::addColumn<double>("threshold");
    QTest::addColumn<QList<int>>("expected"); // flattened (query, key) pairs of head 0
    QTest::addRow("0 keeps all four") << 0.0 << QList<int>{0, 0, 0, 1, 1, 0, 1, 1};
    QTest::addRow("0.45 keeps all four (0.4502 ≥ 0.45)") << 0.45 << QList<int>{0, 0, 0, 1, 1, 0, 1, 1};
    QTest::addRow("0.5 keeps the diagonal") << 0.5 << QList<int>{0, 0, 1, 1};
    QTest::addRow("0.5498 keeps the diagonal") << 0.5498 << QList<int>{0, 0, 1, 1};
    QTest::addRow("0.56 hides everything") << 0.56 << QList<int>{};
}

void TestFlow::threshold()
{
    QFETCH(double, threshold);
    QFETCH(QList<int>, expected);
    Fixture f(QStringLiteral("seed-score-table"));
    QVERIFY(f.ready);
    FlowFilter filter;
    filter.heads = {0};
    filter.threshold = threshold;
    const std::vector<FlowEdge> edges = selectFlowEdges(*f.document.result(), 0, filter);
    QList<int> pairs;
    for (const FlowEdge &e : edges) {
        QCOMPARE(e.head, 0);
        pairs << e.query << e.key;
    }
    QCOMPARE(pairs, expected);

    // The view draws the same: threshold from the shared options.
    f.setOptions(threshold, 0, FlowHeads::Focused);
    FlowView view(FlowLayout::Columns);
    wireView(&view, &f.document, &f.focus, &f.options);
    QList<int> shown;
    for (const FlowEdge &e : view.shownEdges())
        shown << e.query << e.key;
    QCOMPARE(shown, expected);
}

void TestFlow::topK_data()
{
    QTest::addColumn<int>("head");
    QTest::addColumn<int>("topK");
    QTest::addColumn<double>("threshold");
    QTest::addRow("head 0, top 1") << 0 << 1 << 0.0;
    QTest::addRow("head 2, top 2") << 2 << 2 << 0.0;
    QTest::addRow("head 5, top 3, threshold 0.15") << 5 << 3 << 0.15;
    QTest::addRow("head 7, top 6 = all") << 7 << 6 << 0.0;
    QTest::addRow("head 7, top 10 > N") << 7 << 10 << 0.0;
    QTest::addRow("head 3, no limit, threshold 0.2") << 3 << 0 << 0.2;
}

void TestFlow::topK()
{
    QFETCH(int, head);
    QFETCH(int, topK);
    QFETCH(double, threshold);
    Fixture f(QStringLiteral("cat-sat"));
    QVERIFY(f.ready);
    const AttentionResult &result = *f.document.result();
    QCOMPARE(result.tokenCount(), 6);
    FlowFilter filter;
    filter.heads = {head};
    filter.threshold = threshold;
    filter.topK = topK;
    const std::vector<FlowEdge> edges = selectFlowEdges(result, 0, filter);
    QCOMPARE(keysOf(edges), referenceEdges(result, {head}, threshold, topK));
    if (topK > 0) {
        std::vector<int> perQuery(6, 0);
        for (const FlowEdge &e : edges)
            ++perQuery[std::size_t(e.query)];
        for (int count : perQuery)
            QVERIFY(count <= topK);
    }
    for (const FlowEdge &e : edges)
        QCOMPARE(e.weight, result.layers[0].heads[std::size_t(head)].weights(e.query, e.key));
}

void TestFlow::tokenFilter_data()
{
    QTest::addColumn<int>("token");
    QTest::addColumn<TokenRole>("role");
    QTest::addColumn<int>("topK");
    QTest::addRow("cat as query") << 1 << TokenRole::Query << 0;
    QTest::addRow("mat as key") << 5 << TokenRole::Key << 0;
    QTest::addRow("sat both") << 2 << TokenRole::Both << 0;
    QTest::addRow("strongest key of head 2's first query, as key, top 2") << -2 << TokenRole::Key << 2;
    QTest::addRow("The both, top 1") << 0 << TokenRole::Both << 1;
}

// A hovered token restricts the drawn edges to its own, and never brings back hidden ones.
void TestFlow::tokenFilter()
{
    QFETCH(int, token);
    QFETCH(TokenRole, role);
    QFETCH(int, topK);
    Fixture f(QStringLiteral("cat-sat"));
    QVERIFY(f.ready);
    const AttentionResult &result = *f.document.result();
    if (token == -2) {
        Eigen::Index strongest = 0;
        result.layers[0].heads[1].weights.row(0).maxCoeff(&strongest);
        QVERIFY(result.layers[0].heads[1].weights(0, strongest) >= 0.1f);
        token = int(strongest);
    }
    FlowFilter filter;
    filter.heads = {1, 4};
    filter.threshold = 0.1;
    filter.topK = topK;
    filter.token = token;
    filter.role = role;
    const std::vector<FlowEdge> edges = selectFlowEdges(result, 0, filter);
    QVERIFY(!edges.empty());
    QCOMPARE(keysOf(edges), referenceEdges(result, {1, 4}, 0.1, topK, token, role));
    for (const FlowEdge &e : edges) {
        if (role == TokenRole::Query)
            QCOMPARE(e.query, token);
        else if (role == TokenRole::Key)
            QCOMPARE(e.key, token);
        else
            QVERIFY(e.query == token || e.key == token);
    }
}

void TestFlow::allHeadsSelection()
{
    Fixture f(QStringLiteral("cat-sat"), 0.2, 2, FlowHeads::All);
    QVERIFY(f.ready);
    FlowView view(FlowLayout::Arcs);
    wireView(&view, &f.document, &f.focus, &f.options);
    const std::vector<int> heads{0, 1, 2, 3, 4, 5, 6, 7};
    QCOMPARE(keysOf(view.shownEdges()), referenceEdges(*f.document.result(), heads, 0.2, 2));
    // Grouped by head in order: the view batches one head at a time.
    const std::vector<FlowEdge> &edges = view.shownEdges();
    QVERIFY(std::is_sorted(edges.begin(), edges.end(),
                           [](const FlowEdge &a, const FlowEdge &b) { return a.head < b.head; }));
    std::set<int> seen;
    for (const FlowEdge &e : edges)
        seen.insert(e.head);
    QCOMPARE(int(seen.size()), 8);
}

// Positions by hand: label widths 30 and 50 → label column 50 wide (the minimum is 40), rows of
// lineHeight + 4 = 20 plus 24 − N (at most 16) for short inputs, a 200-pixel run between the
// columns, 12-pixel margins.
void TestFlow::columnsGeometry()
{
    FlowGeometry g(FlowLayout::Columns, {30.0, 50.0, 20.0}, 16.0, 100.0, {0});
    QCOMPARE(g.naturalSize(), QSizeF(12 + 50 + 8 + 200 + 8 + 50 + 12, 100 + 16 + 6 + 3 * 36 + 12));
    QCOMPARE(g.tokenRect(0, TokenRole::Query), QRectF(12, 122, 50, 36));
    QCOMPARE(g.tokenRect(2, TokenRole::Key), QRectF(12 + 50 + 8 + 200 + 8, 194, 50, 36));
    const FlowCurve c = g.curve({0, 0, 2, 0.5f});
    QVERIFY(c.straight);
    QCOMPARE(c.p0, QPointF(70, 140));
    QCOMPARE(c.p3, QPointF(270, 212));

    QCOMPARE(g.tokenAt({40, 135}).token, 0);
    QCOMPARE(g.tokenAt({40, 135}).role, TokenRole::Query);
    QCOMPARE(g.tokenAt({300, 200}).token, 2);
    QCOMPARE(g.tokenAt({300, 200}).role, TokenRole::Key);
    QCOMPARE(g.tokenAt({40, 160}).token, 1);
    QVERIFY(!g.tokenAt({150, 135}).isValid()); // between the columns: the lines, not a token
    QVERIFY(!g.tokenAt({40, 231}).isValid());  // below the last row
    QVERIFY(!g.tokenAt({40, 110}).isValid());  // the column captions

    // Long inputs get plain rows of lineHeight + 4.
    const FlowGeometry long40(FlowLayout::Columns, std::vector<double>(40, 30.0), 16.0, 0.0, {0});
    QCOMPARE(long40.tokenRect(1, TokenRole::Query).top() - long40.tokenRect(0, TokenRole::Query).top(), 20.0);

    // More room: the run between the columns grows (up to 420) and the diagram is centred.
    g.setSize({1000, 400});
    const QRectF left = g.tokenRect(0, TokenRole::Query);
    const QRectF right = g.tokenRect(0, TokenRole::Key);
    QCOMPARE(right.left() - left.right(), 8.0 + 420.0 + 8.0);
    QVERIFY(std::fabs((left.left() - 0.0) - (1000.0 - right.right())) < 1e-9);
}

void TestFlow::arcsGeometry()
{
    // Cells: max(28, width + 12) → 42, 28, 72; 48 − 2.5·N = 40.5 pixels apart (at least 6).
    FlowGeometry g(FlowLayout::Arcs, {30.0, 10.0, 60.0}, 16.0, 50.0, {0, 1});
    const QRectF a = g.tokenRect(0);
    const QRectF b = g.tokenRect(1);
    const QRectF c = g.tokenRect(2);
    QCOMPARE(a.width(), 42.0);
    QCOMPARE(b.width(), 28.0);
    QCOMPARE(c.width(), 72.0);
    QCOMPARE(b.left() - a.right(), 40.5);
    QCOMPARE(c.left() - b.right(), 40.5);
    const FlowGeometry long30(FlowLayout::Arcs, std::vector<double>(30, 30.0), 16.0, 0.0, {0});
    QCOMPARE(long30.tokenRect(1).left() - long30.tokenRect(0).right(), 6.0);
    QCOMPARE(a.top(), b.top());
    QCOMPARE(a.height(), 24.0);

    // Rightward arrows arc above the row, leftward below, loops sit on top of their token.
    const FlowCurve right = g.curve({0, 0, 2, 0.5f});
    const FlowCurve left = g.curve({0, 2, 0, 0.5f});
    const FlowCurve loop = g.curve({0, 1, 1, 0.5f});
    QVERIFY(right.pointAt(0.5).y() < a.top());
    QVERIFY(left.pointAt(0.5).y() > a.bottom());
    QVERIFY(loop.pointAt(0.5).y() < b.top());
    QVERIFY(b.contains(QPointF(loop.p0.x(), b.top() + 1)) && b.contains(QPointF(loop.p3.x(), b.top() + 1)));
    // Arrows leave the query's box and end on the key's box.
    QVERIFY(right.p0.x() > a.left() && right.p0.x() < a.right());
    QVERIFY(right.p3.x() > c.left() && right.p3.x() < c.right());
    QVERIFY(left.p0.x() > c.left() && left.p0.x() < c.right());
    QVERIFY(left.p3.x() > a.left() && left.p3.x() < a.right());
    // The arrow head points into the key's box: down for arcs above, up for arcs below.
    QVERIFY(right.endDirection().y() > 0.9);
    QVERIFY(left.endDirection().y() < -0.9);
    // A second head slot arcs higher than the first for the same pair.
    QVERIFY(g.curve({1, 0, 2, 0.5f}).pointAt(0.5).y() < right.pointAt(0.5).y());

    QCOMPARE(g.tokenAt(b.center()).token, 1);
    QCOMPARE(g.tokenAt(b.center()).role, TokenRole::Both);
    QVERIFY(!g.tokenAt({b.right() + 3.0, b.center().y()}).isValid()); // the gap between boxes
    QVERIFY(!g.tokenAt({b.center().x(), b.top() - 2.0}).isValid());
    QVERIFY(g.naturalSize().width() >= c.right() + 12.0);

    // A lower panel flattens the arcs instead of cutting them off: the highest arc above and the
    // lowest below stay inside the area.
    FlowGeometry low(FlowLayout::Arcs, {30.0, 10.0, 60.0}, 16.0, 50.0, {0, 1});
    const double fullArc = a.top() - g.curve({1, 0, 2, 0.5f}).pointAt(0.5).y();
    const double lower = low.naturalSize().height() - fullArc / 2;
    low.setSize({low.naturalSize().width(), lower});
    QCOMPARE(low.size().height(), lower);
    const double flatArc = low.tokenRect(0).top() - low.curve({1, 0, 2, 0.5f}).pointAt(0.5).y();
    QVERIFY2(flatArc < fullArc * 0.9 && flatArc >= fullArc * 0.5 - 1e-9, qPrintable(QString::number(flatArc / fullArc)));
    QVERIFY(low.curve({1, 0, 2, 0.5f}).pointAt(0.5).y() > 50.0);
    QVERIFY(low.curve({1, 2, 0, 0.5f}).pointAt(0.5).y() < lower);
    QCOMPARE(low.minimumSize().width(), 12.0 + 42.0 + 6.0 + 28.0 + 6.0 + 72.0 + 12.0); // the gaps give way
    QVERIFY(low.minimumSize().height() < low.naturalSize().height());
    low.setSize({10.0, 10.0}); // never below the minimum
    QCOMPARE(low.size(), low.minimumSize());
}

void TestFlow::edgeHitTesting_data()
{
    QTest::addColumn<FlowLayout>("layout");
    QTest::addRow("columns") << FlowLayout::Columns;
    QTest::addRow("arcs") << FlowLayout::Arcs;
}

void TestFlow::edgeHitTesting()
{
    QFETCH(FlowLayout, layout);
    const FlowGeometry g(layout, {30.0, 40.0, 25.0, 35.0}, 16.0, 40.0, {0});
    const std::vector<FlowEdge> edges{{0, 0, 3, 0.4f}, {0, 3, 1, 0.3f}, {0, 2, 2, 0.6f}, {0, 1, 2, 0.2f}};
    constexpr double tolerance = 4.0;
    int hits = 0;
    int misses = 0;
    // Points on, beside and away from every edge; the expected answer from dense sampling: the
    // nearest edge when it is within the tolerance (and clearly nearer than the next), else -1.
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const FlowCurve c = g.curve(edges[i]);
        for (double t = 0.05; t < 1.0; t += 0.1) {
            const QPointF on = c.pointAt(t);
            const QPointF d = c.pointAt(t + 0.001) - c.pointAt(t - 0.001);
            const QPointF normal = QPointF(-d.y(), d.x()) / std::hypot(d.x(), d.y());
            for (double offset : {0.0, 2.5, -3.0, 6.0, -9.0, 15.0}) {
                const QPointF p = on + offset * normal;
                std::vector<std::pair<double, int>> distances;
                for (std::size_t j = 0; j < edges.size(); ++j)
                    distances.emplace_back(denseDistance(g.curve(edges[j]), p), int(j));
                std::sort(distances.begin(), distances.end());
                const int got = g.edgeAt(edges, p, tolerance);
                if (distances[0].first > tolerance + 0.2) {
                    QCOMPARE(got, -1);
                    ++misses;
                } else if (distances[0].first < tolerance - 0.2 && distances[1].first > distances[0].first + 0.5) {
                    QCOMPARE(got, distances[0].second);
                    ++hits;
                }
            }
        }
    }
    QVERIFY(hits > 60);
    QVERIFY(misses > 30);
    QCOMPARE(g.edgeAt(edges, {-100.0, -100.0}), -1);
    QCOMPARE(g.edgeAt({}, g.curve(edges[0]).pointAt(0.5)), -1);
}

void TestFlow::curveSplitStaysOnCurve()
{
    const FlowGeometry g(FlowLayout::Arcs, {30.0, 40.0, 25.0}, 16.0, 0.0, {0});
    for (const FlowEdge &e : {FlowEdge{0, 0, 2, 1.f}, FlowEdge{0, 2, 0, 1.f}, FlowEdge{0, 1, 1, 1.f}}) {
        const FlowCurve c = g.curve(e);
        const FlowCurve body = c.withoutEnd(8.0);
        QCOMPARE(body.p0, c.p0);
        QVERIFY(std::fabs(std::hypot(body.p3.x() - c.p3.x(), body.p3.y() - c.p3.y()) - 8.0) < 0.01);
        for (double t : {0.1, 0.4, 0.8, 1.0})
            QVERIFY(denseDistance(c, body.pointAt(t)) < 0.05);
    }
}

void TestFlow::hoverTokenRestrictsEdges_data()
{
    QTest::addColumn<FlowLayout>("layout");
    QTest::addColumn<bool>("keySide");
    QTest::addColumn<TokenRole>("expectedRole");
    QTest::addRow("columns, left label: outgoing") << FlowLayout::Columns << false << TokenRole::Query;
    QTest::addRow("columns, right label: incoming") << FlowLayout::Columns << true << TokenRole::Key;
    QTest::addRow("arcs: both directions") << FlowLayout::Arcs << false << TokenRole::Both;
}

void TestFlow::hoverTokenRestrictsEdges()
{
    QFETCH(FlowLayout, layout);
    QFETCH(bool, keySide);
    QFETCH(TokenRole, expectedRole);
    Fixture f(QStringLiteral("cat-sat"), 0.1, 0, FlowHeads::All);
    QVERIFY(f.ready);
    FlowView view(layout);
    wireView(&view, &f.document, &f.focus, &f.options);
    view.resize(view.contentSize());
    const FlowGeometry g = view.geometryFor(view.size());
    const int token = 1; // "cat"
    const QRectF rect = g.tokenRect(token, keySide ? TokenRole::Key : TokenRole::Query);
    sendMouse(view, QEvent::MouseMove, rect.center());
    QCOMPARE(f.focus.focus().query, token);
    QCOMPARE(f.focus.focus().key, -1);
    QVERIFY(!f.focus.focus().pinned);

    const std::vector<int> heads{0, 1, 2, 3, 4, 5, 6, 7};
    const std::set<EdgeKey> expected = referenceEdges(*f.document.result(), heads, 0.1, 0, token, expectedRole);
    QVERIFY(!expected.empty());
    QCOMPARE(keysOf(view.shownEdges()), expected);
    // Exports without the focus show everything again.
    QCOMPARE(keysOf(view.shownEdges(false)), referenceEdges(*f.document.result(), heads, 0.1, 0));

    // Leaving the widget clears the hover and brings every edge back.
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(&view, &leave);
    QCOMPARE(f.focus.focus().query, -1);
    QCOMPARE(keysOf(view.shownEdges()), referenceEdges(*f.document.result(), heads, 0.1, 0));

    // A token focused from another view (a heatmap row): columns show its row, arcs both ways.
    f.focus.hover(2, -1);
    const TokenRole fromElsewhere = layout == FlowLayout::Columns ? TokenRole::Query : TokenRole::Both;
    QCOMPARE(keysOf(view.shownEdges()), referenceEdges(*f.document.result(), heads, 0.1, 0, 2, fromElsewhere));
}

void TestFlow::hoverEdgeFocusesCell()
{
    Fixture f(QStringLiteral("seed-score-table"), 0.0, 0, FlowHeads::Focused);
    QVERIFY(f.ready);
    for (FlowLayout layout : {FlowLayout::Columns, FlowLayout::Arcs}) {
        FlowView view(layout);
        wireView(&view, &f.document, &f.focus, &f.options);
        view.resize(view.contentSize());
        const FlowGeometry g = view.geometryFor(view.size());
        // "Hello" → "World": 0.4502 by hand (see scoreTableWeights).
        const QPointF on = g.curve({0, 0, 1, 0.45f}).pointAt(layout == FlowLayout::Columns ? 0.2 : 0.5);
        QCOMPARE(view.toolTipAt(on), QStringLiteral("head 0 · \"Hello\" → \"World\": 45.0%"));
        sendMouse(view, QEvent::MouseMove, on);
        QCOMPARE(f.focus.focus().query, 0);
        QCOMPARE(f.focus.focus().key, 1);
        const QPointF self = g.curve({0, 1, 1, 0.55f}).pointAt(layout == FlowLayout::Columns ? 0.8 : 0.5);
        QCOMPARE(view.toolTipAt(self), QStringLiteral("head 0 · \"World\" → \"World\": 55.0%"));
        sendMouse(view, QEvent::MouseMove, QPointF(2, 2)); // the title: nothing
        QVERIFY(!f.focus.focus().hasToken());
        QVERIFY(view.toolTipAt(QPointF(2, 2)).isEmpty());
    }
}

void TestFlow::clickPinsToken()
{
    Fixture f(QStringLiteral("cat-sat"), 0.1, 0, FlowHeads::Focused);
    QVERIFY(f.ready);
    FlowView view(FlowLayout::Arcs);
    wireView(&view, &f.document, &f.focus, &f.options);
    view.resize(view.contentSize());
    const FlowGeometry g = view.geometryFor(view.size());
    sendMouse(view, QEvent::MouseButtonPress, g.tokenRect(3).center(), Qt::LeftButton);
    QCOMPARE(f.focus.focus().query, 3);
    QVERIFY(f.focus.focus().pinned);
    // Hovering elsewhere no longer moves a pinned focus: the arrows of "on" stay.
    sendMouse(view, QEvent::MouseMove, g.tokenRect(0).center());
    QCOMPARE(f.focus.focus().query, 3);
    for (const FlowEdge &e : view.shownEdges())
        QVERIFY(e.query == 3 || e.key == 3);
    // Clicking the empty title area unpins.
    sendMouse(view, QEvent::MouseButtonPress, QPointF(2, 2), Qt::LeftButton);
    QVERIFY(!f.focus.focus().pinned);
    QVERIFY(!f.focus.focus().hasToken());
}

void TestFlow::exportNames()
{
    Fixture f(QStringLiteral("cat-sat"));
    QVERIFY(f.ready);
    FlowView columns(FlowLayout::Columns);
    wireView(&columns, &f.document, &f.focus, &f.options);
    FlowView arcs(FlowLayout::Arcs);
    wireView(&arcs, &f.document, &f.focus, &f.options);
    QCOMPARE(columns.exportName(), QStringLiteral("flow"));
    QCOMPARE(arcs.exportName(), QStringLiteral("arc"));
    f.focus.setHead(2);
    QCOMPARE(columns.exportTitle(), QStringLiteral("Head 2 — “The cat sat on the mat”"));
    f.setOptions(0.05, 0, FlowHeads::All);
    QCOMPARE(arcs.exportTitle(), QStringLiteral("All 8 heads — “The cat sat on the mat”"));
}

void TestFlow::renderStrongEdge_data()
{
    QTest::addColumn<FlowLayout>("layout");
    QTest::addColumn<int>("head");
    QTest::addRow("columns") << FlowLayout::Columns << 0;
    QTest::addRow("arcs") << FlowLayout::Arcs << 0;
}

// Threshold 0.5 leaves the diagonal (0.5498 each): the midpoint of "Hello" → "Hello" is drawn in
// head 0's colour (blended with the white export background, which keeps the hue).
void TestFlow::renderStrongEdge()
{
    QFETCH(FlowLayout, layout);
    QFETCH(int, head);
    Fixture f(QStringLiteral("seed-score-table"), 0.5, 0, FlowHeads::Focused);
    QVERIFY(f.ready);
    FlowView view(layout);
    wireView(&view, &f.document, &f.focus, &f.options);
    const QSize size = view.contentSize();
    QVERIFY(size.width() > 100 && size.height() > 60);
    const QImage image = render(view, size, false);
    QVERIFY(nonBackgroundPixels(image, qRgb(255, 255, 255)) > 500);

    const FlowGeometry g = view.geometryFor(size);
    const QColor wanted = headColor(head);
    for (int token = 0; token < 2; ++token) {
        const QPointF mid = g.curve({head, token, token, 0.55f}).pointAt(0.5);
        const QColor got = inkiestPixelNear(image, mid);
        QVERIFY2(got.isValid() && hueDistance(hueOf(got), hueOf(wanted)) < 12.0,
                 qPrintable(QStringLiteral("pixel %1 vs head colour %2").arg(got.name(), wanted.name())));
        QVERIFY(got.hsvSaturationF() > 0.25);
    }
    // The hidden off-diagonal edges leave their midpoints white (columns: they would cross in the
    // middle; arcs: "Hello" → "World" would peak above the row).
    const QPointF hidden = g.curve({head, 0, 1, 0.45f}).pointAt(0.5);
    QCOMPARE(image.pixelColor(hidden.toPoint()), QColor(Qt::white));
}

void TestFlow::renderAllHeads_data()
{
    QTest::addColumn<FlowLayout>("layout");
    QTest::addRow("columns") << FlowLayout::Columns;
    QTest::addRow("arcs") << FlowLayout::Arcs;
}

// All heads at once, each query's strongest key per head: along each head's edges, at a spot that
// no other drawn edge (by dense sampling) nor weight label comes near, the pixel has that head's colour.
void TestFlow::renderAllHeads()
{
    QFETCH(FlowLayout, layout);
    Fixture f(QStringLiteral("cat-sat"), 0.0, 1, FlowHeads::All);
    QVERIFY(f.ready);
    FlowView view(layout);
    wireView(&view, &f.document, &f.focus, &f.options);
    const QSize size = view.contentSize() + QSize(400, 0); // room: the columns spread apart
    const QImage image = render(view, size, false);
    QVERIFY(nonBackgroundPixels(image, qRgb(255, 255, 255)) > 2000);
    const FlowGeometry g = view.geometryFor(size);
    const std::vector<FlowEdge> &drawn = view.shownEdges(false);
    QCOMPARE(int(drawn.size()), 8 * 6);
    std::set<int> checkedHeads;
    for (const FlowEdge &edge : drawn) {
        if (checkedHeads.count(edge.head))
            continue;
        const FlowCurve c = g.curve(edge);
        for (double t = 0.15; t < 0.86; t += 0.05) {
            const QPointF p = c.pointAt(t);
            // Away from every other edge and from every spot a weight label may take.
            const bool alone = std::none_of(drawn.begin(), drawn.end(), [&](const FlowEdge &e) {
                if (!(e == edge) && denseDistance(g.curve(e), p) < 5.0)
                    return true;
                const std::vector<QPointF> spots = g.labelAnchors(e);
                return std::any_of(spots.begin(), spots.end(), [&](const QPointF &a) {
                    return std::fabs(a.x() - p.x()) < 26.0 && std::fabs(a.y() - p.y()) < 12.0;
                });
            });
            if (!alone)
                continue;
            const QColor wanted = headColor(edge.head);
            const QColor got = inkiestPixelNear(image, p);
            QVERIFY2(got.hsvSaturationF() > 0.06 && hueDistance(hueOf(got), hueOf(wanted)) < 15.0,
                     qPrintable(QStringLiteral("head %1: pixel %2 vs %3").arg(edge.head).arg(got.name(), wanted.name())));
            checkedHeads.insert(edge.head);
            break;
        }
    }
    // Several heads of this preset draw the very same pairs (every query → "The"), which hide each
    // other; at least three heads have a spot of their own in either layout.
    QVERIFY2(checkedHeads.size() >= 3, qPrintable(QString::number(checkedHeads.size())));
}

void TestFlow::render512Tokens_data()
{
    QTest::addColumn<FlowLayout>("layout");
    QTest::addRow("columns") << FlowLayout::Columns;
    QTest::addRow("arcs") << FlowLayout::Arcs;
}

void TestFlow::render512Tokens()
{
    QFETCH(FlowLayout, layout);
    Fixture f(QStringLiteral("cat-sat"), 0.0, 5, FlowHeads::Focused);
    QVERIFY(f.ready);
    f.document.setSentence(testutils::sentenceOfWords(512));
    f.document.computeNow();
    QCOMPARE(f.document.result()->tokenCount(), 512);
    FlowView view(layout);
    wireView(&view, &f.document, &f.focus, &f.options);
    QCOMPARE(int(view.shownEdges().size()), 512 * 5);

    // An overview: the content still grows with the tokens (columns: 4 pixels a row, arcs: 5 a
    // token), but the view lays out into far less.
    const QSize size = view.contentSize();
    if (layout == FlowLayout::Columns)
        QVERIFY(size.height() > 512 * 3);
    else
        QVERIFY(size.width() > 512 * 4);
    QVERIFY(view.minimumSizeHint().height() < 400 && view.minimumSizeHint().width() < 800);

    // A viewport-sized window onto the middle of the diagram, as a scroll area would paint it.
    const QRect viewport(std::max(0, size.width() / 2 - 600), std::max(0, size.height() / 2 - 400), 1200, 800);
    QImage image(viewport.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.translate(-viewport.topLeft());
    painter.setClipRect(viewport);
    view.paintContent(painter, size, true);
    painter.end();
    QVERIFY(nonBackgroundPixels(image, qRgb(255, 255, 255)) > 5000);

    // All eight heads at once still selects and paints.
    f.setOptions(0.0, 5, FlowHeads::All);
    QCOMPARE(int(view.shownEdges().size()), 8 * 512 * 5);
    const QImage all = render(view, QSize(std::min(size.width(), 1600), std::min(size.height(), 1600)));
    QVERIFY(nonBackgroundPixels(all, qRgb(255, 255, 255)) > 5000);
}

QTEST_MAIN(TestFlow)
#include "tst_flow.moc"
