// The flow diagrams at real lengths and pane sizes: few arrows by default, labels that never
// collide, arcs that fit a low pane, a message when the threshold hides everything, an overview for
// long texts; and the causal mask respected by the arrows and by pinning.
#include "testutils.h"
#include "viewtestutils.h"
#include "checkpoint/modelcontroller.h"
#include "checkpoint/modelview.h"
#include "checkpoint/rolloutheatmapview.h"
#include "checkpoint/rolloutview.h"
#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "views/flow/flowgeometry.h"
#include "views/flow/flowview.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "viewwiring.h"

#include <QImage>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QtTest>

#include <algorithm>

using namespace attn;
using namespace attn::ui;

Q_DECLARE_METATYPE(attn::ui::FlowLayout)
Q_DECLARE_METATYPE(attn::ui::FlowHeads)

namespace {

struct Toy
{
    AttentionDocument document;
    FocusModel focus;
    ViewOptionsModel options; // the defaults, unless a test changes them

    explicit Toy(int words, bool causal = false)
    {
        document.loadPreset(QStringLiteral("cat-sat"));
        AttentionConfig config = document.config();
        config.causal = causal;
        document.setConfig(config);
        document.setSentence(testutils::sentenceOfWords(words));
        document.computeNow();
    }
    const AttentionResult &result() const { return *document.result(); }
    void setFlow(double threshold, int topK, FlowHeads heads = FlowHeads::Focused)
    {
        ViewOptions o = options.options();
        o.flowThreshold = threshold;
        o.flowTopK = topK;
        o.flowHeads = heads;
        options.setOptions(o);
    }
};

std::vector<QRectF> allRects(const FlowView::Labels &labels)
{
    std::vector<QRectF> rects;
    for (const FlowTokenLabel &label : labels.tokens)
        rects.push_back(label.rect);
    for (const FlowWeightLabel &label : labels.weights)
        rects.push_back(label.rect);
    if (!labels.focusedEdge.isEmpty())
        rects.push_back(labels.focusedEdge);
    if (!labels.message.isEmpty())
        rects.push_back(labels.message);
    return rects;
}

// The first pair of overlapping rectangles, as text; empty when none overlap.
QString firstOverlap(const std::vector<QRectF> &rects)
{
    for (std::size_t i = 0; i < rects.size(); ++i)
        for (std::size_t j = i + 1; j < rects.size(); ++j)
            if (rects[i].intersects(rects[j]))
                return QStringLiteral("%1: (%2,%3 %4×%5) and %6: (%7,%8 %9×%10)")
                    .arg(i).arg(rects[i].x()).arg(rects[i].y()).arg(rects[i].width()).arg(rects[i].height())
                    .arg(j).arg(rects[j].x()).arg(rects[j].y()).arg(rects[j].width()).arg(rects[j].height());
    return {};
}

int inkPixels(const QImage &image, const QRect &rect)
{
    const QRgb background = image.pixel(0, 0);
    int count = 0;
    for (int y = std::max(0, rect.top()); y <= std::min(image.height() - 1, rect.bottom()); ++y)
        for (int x = std::max(0, rect.left()); x <= std::min(image.width() - 1, rect.right()); ++x)
            count += image.pixel(x, y) != background ? 1 : 0;
    return count;
}

// What a scroll area with widgetResizable gives the view in a viewport of this size.
QSize atLeastMinimum(const FlowView &view, QSize size)
{
    size = size.expandedTo(view.minimumSizeHint());
    size.setHeight(std::max(size.height(), view.heightForWidth(size.width())));
    return size;
}

QImage render(const FlowView &view, const QSize &size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    view.paintContent(painter, size, true);
    painter.end();
    return image;
}

struct Decoder
{
    AttentionDocument document;
    FocusModel focus;
    ViewOptionsModel options;
    ModelController controller{&document};

    bool open(const QString &sentence)
    {
        document.setSentence(sentence);
        if (!controller.openNow(testutils::gpt2Fixture(QStringLiteral("small-f32"))).ok())
            return false;
        document.computeNow();
        if (!document.result() || !document.result()->config.causal)
            return false;
        focus.setCausal(true); // as the window does for every result it publishes
        return true;
    }
};

} // namespace

class TestFlowReadable : public QObject
{
    Q_OBJECT

private slots:
    // Top-k 3 by default: at 9 tokens at most 9 × 3 arrows, and exactly the keys that pass the
    // threshold, three at most per query; one weight label per query at the most.
    void defaultTopKIsThree()
    {
        QCOMPARE(ViewOptions{}.flowTopK, 3);
        Toy toy(9);
        QCOMPARE(toy.result().tokenCount(), 9);
        QCOMPARE(toy.options.options().flowTopK, 3);
        for (FlowLayout layout : {FlowLayout::Columns, FlowLayout::Arcs}) {
            FlowView view(layout);
            wireView(&view, &toy.document, &toy.focus, &toy.options);
            const std::vector<FlowEdge> &edges = view.shownEdges();
            QVERIFY(int(edges.size()) <= 9 * 3);
            const Matrix &w = toy.result().layers[0].heads[0].weights;
            int expected = 0;
            for (int q = 0; q < 9; ++q) {
                int passing = 0;
                for (int k = 0; k < 9; ++k)
                    passing += w(q, k) >= 0.05f ? 1 : 0;
                expected += std::min(passing, 3);
                QVERIFY(std::count_if(edges.begin(), edges.end(), [q](const FlowEdge &e) { return e.query == q; }) <= 3);
            }
            QCOMPARE(int(edges.size()), expected);
            QVERIFY(expected > 9); // more than one arrow per query: the test has something to thin

            const FlowView::Labels labels = view.labelsFor(view.sizeHint());
            QVERIFY(!labels.weights.empty());
            QVERIFY(int(labels.weights.size()) <= 9);
            std::vector<int> labelledQueries;
            for (const FlowWeightLabel &label : labels.weights)
                labelledQueries.push_back(edges[std::size_t(label.edge)].query);
            std::sort(labelledQueries.begin(), labelledQueries.end());
            QVERIFY(std::adjacent_find(labelledQueries.begin(), labelledQueries.end()) == labelledQueries.end());
        }
    }

    void labelsNeverOverlap_data()
    {
        QTest::addColumn<int>("tokens");
        QTest::addColumn<FlowLayout>("layout");
        QTest::addColumn<FlowHeads>("heads");
        QTest::addColumn<QSize>("size"); // empty: the view's natural size
        QTest::addColumn<int>("focus");  // 0 none, 1 a hovered token, 2 a hovered cell
        for (int n : {9, 34, 300})
            for (FlowLayout layout : {FlowLayout::Columns, FlowLayout::Arcs})
                for (const QSize &size : {QSize(600, 250), QSize(1000, 400), QSize()})
                    for (int focus : {0, 1, 2})
                        QTest::addRow("%d tokens, %s, %dx%d, focus %d", n,
                                      layout == FlowLayout::Columns ? "columns" : "arcs", size.width(),
                                      size.height(), focus)
                            << n << layout << FlowHeads::Focused << size << focus;
        QTest::addRow("9 tokens, all heads, arcs") << 9 << FlowLayout::Arcs << FlowHeads::All << QSize() << 0;
        QTest::addRow("34 tokens, all heads, columns") << 34 << FlowLayout::Columns << FlowHeads::All << QSize() << 1;
    }

    void labelsNeverOverlap()
    {
        QFETCH(int, tokens);
        QFETCH(FlowLayout, layout);
        QFETCH(FlowHeads, heads);
        QFETCH(QSize, size);
        QFETCH(int, focus);
        Toy toy(tokens);
        QCOMPARE(toy.result().tokenCount(), tokens);
        toy.setFlow(0.0, 3, heads); // every query has three arrows to label
        FlowView view(layout);
        wireView(&view, &toy.document, &toy.focus, &toy.options);
        if (focus == 1)
            toy.focus.hover(2, -1);
        else if (focus == 2)
            toy.focus.hover(3, 1);
        if (size.isEmpty())
            size = view.sizeHint();
        size = atLeastMinimum(view, size);

        const FlowView::Labels labels = view.labelsFor(size);
        const std::vector<QRectF> rects = allRects(labels);
        const QString overlap = firstOverlap(rects);
        QVERIFY2(overlap.isEmpty(), qPrintable(overlap));

        const bool overview = tokens > FlowGeometry::overviewTokenCount;
        const int sides = layout == FlowLayout::Columns ? 2 : 1;
        if (!overview) {
            QCOMPARE(int(labels.tokens.size()), tokens * sides); // every token named
            QVERIFY(!labels.weights.empty() || !labels.focusedEdge.isEmpty());
        } else {
            // Some tokens are named, not all, and the focused one always.
            QVERIFY(int(labels.tokens.size()) > sides);
            QVERIFY(int(labels.tokens.size()) < tokens * sides);
            const int focusedToken = focus == 1 ? 2 : 3; // the hovered token, the hovered pair's query
            if (focus > 0)
                QVERIFY(std::any_of(labels.tokens.begin(), labels.tokens.end(),
                                    [&](const FlowTokenLabel &l) { return l.token == focusedToken; }));
            if (focus == 0)
                QVERIFY(labels.weights.empty()); // an overview labels only what is focused
        }
        if (focus == 2)
            QVERIFY(!labels.focusedEdge.isEmpty()); // the hovered pair always has its number
        // Every label stays inside the area it is painted into.
        for (const QRectF &rect : rects)
            QVERIFY(QRectF(QPointF(0, 0), QSizeF(size)).contains(rect));
    }

    // Placement itself: labels asked for at one spot take the fallbacks or are left out.
    void placementAvoidsCollisions()
    {
        FlowGeometry g(FlowLayout::Columns, {30.0, 30.0, 30.0, 30.0}, 16.0, 40.0, {0});
        // Four edges from one query: their anchors crowd near the query.
        const std::vector<FlowEdge> edges{{0, 0, 0, 0.4f}, {0, 0, 1, 0.3f}, {0, 0, 2, 0.2f}, {0, 0, 3, 0.1f}};
        std::vector<FlowLabelRequest> requests;
        for (int i = 0; i < 4; ++i)
            requests.push_back({i, QSizeF(60.0, 16.0)});
        const std::vector<FlowWeightLabel> placed = g.placeWeightLabels(edges, requests);
        QVERIFY(!placed.empty());
        std::vector<QRectF> rects;
        for (const FlowWeightLabel &label : placed)
            rects.push_back(label.rect);
        for (int t = 0; t < 4; ++t) {
            rects.push_back(g.tokenRect(t, TokenRole::Query));
            rects.push_back(g.tokenRect(t, TokenRole::Key));
        }
        QVERIFY2(firstOverlap(rects).isEmpty(), qPrintable(firstOverlap(rects)));
        // A taken spot is respected.
        const QRectF first = placed.front().rect;
        const std::vector<FlowWeightLabel> again = g.placeWeightLabels(edges, {requests.front()}, {first});
        QVERIFY(again.empty() || !again.front().rect.intersects(first));
    }

    void arcsFitThePane_data()
    {
        QTest::addColumn<int>("tokens");
        QTest::addColumn<QSize>("pane");
        for (int n : {2, 9, 34, 300})
            for (const QSize &pane : {QSize(600, 250), QSize(1000, 320), QSize(1800, 600)})
                QTest::addRow("%d tokens in %dx%d", n, pane.width(), pane.height()) << n << pane;
    }

    // In a scroll area of a laptop's pane the arcs take its height (no vertical scrolling), and every
    // arc, arrow head, token and label is inside the widget: nothing below the tokens is cut off.
    void arcsFitThePane()
    {
        QFETCH(int, tokens);
        QFETCH(QSize, pane);
        Toy toy(tokens);
        toy.setFlow(0.0, 3);
        auto *view = new FlowView(FlowLayout::Arcs);
        wireView(view, &toy.document, &toy.focus, &toy.options);
        QScrollArea scroll;
        scroll.setWidgetResizable(true);
        scroll.setFrameShape(QFrame::NoFrame);
        scroll.setWidget(view);
        scroll.resize(pane);
        scroll.show();
        QVERIFY(QTest::qWaitForWindowExposed(&scroll));
        QTRY_COMPARE(view->height(), scroll.viewport()->height());
        QVERIFY(!scroll.verticalScrollBar()->isVisible());
        if (tokens != 34) // 34 tokens' row is wider than these panes and scrolls sideways
            QCOMPARE(view->width(), scroll.viewport()->width());

        const FlowGeometry g = view->geometryFor(view->size());
        const QRectF widget(QPointF(0, 0), QSizeF(view->size()));
        const std::vector<FlowEdge> &edges = view->shownEdges();
        QVERIFY(!edges.empty());
        double lowest = 0.0;
        for (const FlowEdge &edge : edges) {
            const FlowCurve c = g.curve(edge);
            for (int i = 0; i <= 20; ++i) {
                const QPointF p = c.pointAt(i / 20.0);
                lowest = std::max(lowest, p.y());
                QVERIFY2(widget.adjusted(2, 2, -2, -2).contains(p),
                         qPrintable(QStringLiteral("%1 → %2 at (%3, %4)").arg(edge.query).arg(edge.key).arg(p.x()).arg(p.y())));
            }
        }
        for (int t = 0; t < tokens; ++t)
            QVERIFY(widget.contains(g.tokenRect(t)));
        for (const QRectF &rect : allRects(view->labelsFor(view->size())))
            QVERIFY(widget.contains(rect));
        if (tokens > 2) // leftward arrows run below the tokens
            QVERIFY(lowest > g.tokenRect(0).bottom());
    }

    // Columns of a long text fit the pane's height too: an overview, not 6,000 pixels of rows.
    void columnsOverviewFitsThePane()
    {
        Toy toy(300);
        FlowView view(FlowLayout::Columns);
        wireView(&view, &toy.document, &toy.focus, &toy.options);
        QVERIFY(view.heightForWidth(600) <= 250);
        const QSize size = atLeastMinimum(view, QSize(600, 250));
        const FlowGeometry g = view.geometryFor(size);
        QVERIFY(g.isOverview());
        const QRectF widget(QPointF(0, 0), QSizeF(size));
        for (int t = 0; t < 300; ++t)
            QVERIFY(widget.contains(g.tokenRect(t, TokenRole::Query)) && widget.contains(g.tokenRect(t, TokenRole::Key)));
        // Hovering a token in the middle names it.
        toy.focus.hover(150, -1);
        const FlowView::Labels labels = view.labelsFor(size);
        QVERIFY(std::any_of(labels.tokens.begin(), labels.tokens.end(),
                            [](const FlowTokenLabel &l) { return l.token == 150 && l.role == TokenRole::Query; }));
    }

    void nothingReachesTheThreshold_data()
    {
        QTest::addColumn<FlowLayout>("layout");
        QTest::addRow("columns") << FlowLayout::Columns;
        QTest::addRow("arcs") << FlowLayout::Arcs;
    }

    void nothingReachesTheThreshold()
    {
        QFETCH(FlowLayout, layout);
        Toy toy(30);
        const float strongest = toy.result().layers[0].heads[0].weights.maxCoeff();
        QVERIFY(strongest < 0.99f);
        toy.setFlow(0.99, 3);
        FlowView view(layout);
        wireView(&view, &toy.document, &toy.focus, &toy.options);
        QVERIFY(view.shownEdges().empty());
        QVERIFY2(view.emptyMessage().contains(QStringLiteral("No arrow reaches the threshold 0.99")),
                 qPrintable(view.emptyMessage()));
        const QSize size = atLeastMinimum(view, QSize(700, 300));
        const FlowView::Labels labels = view.labelsFor(size);
        QVERIFY(!labels.message.isEmpty());
        QVERIFY(QRectF(QPointF(0, 0), QSizeF(size)).contains(labels.message));
        QVERIFY(inkPixels(render(view, size), labels.message.toAlignedRect()) > 50); // the words are drawn
        // A hovered pair still gets its arrow and number, clear of the message.
        for (const auto &[query, key] : {std::pair{0, 1}, std::pair{1, 0}, std::pair{20, 3}}) {
            toy.focus.hover(query, key);
            const std::vector<QRectF> rects = allRects(view.labelsFor(size));
            QVERIFY2(firstOverlap(rects).isEmpty(), qPrintable(firstOverlap(rects)));
        }
        toy.focus.clear();

        // Below the strongest weight there are arrows and no message.
        toy.setFlow(double(strongest) - 0.01, 3);
        QVERIFY(!view.shownEdges().empty());
        QVERIFY(view.emptyMessage().isEmpty());
        QVERIFY(view.labelsFor(size).message.isEmpty());
    }

    // Under a causal mask no arrow goes to a later token — with every pair asked for — and a focused
    // future pair draws no arrow either.
    void noArrowToTheFuture()
    {
        Toy toy(9, true);
        QVERIFY(toy.result().config.causal);
        toy.setFlow(0.0, 0, FlowHeads::All);
        for (FlowLayout layout : {FlowLayout::Columns, FlowLayout::Arcs}) {
            FlowView view(layout);
            wireView(&view, &toy.document, &toy.focus, &toy.options);
            const std::vector<FlowEdge> &edges = view.shownEdges();
            QVERIFY(!edges.empty());
            for (const FlowEdge &edge : edges)
                QVERIFY2(edge.key <= edge.query, qPrintable(QStringLiteral("%1 → %2").arg(edge.query).arg(edge.key)));
            // Every visible pair is there: N(N + 1)/2 per head.
            QCOMPARE(int(edges.size()), toy.result().headCount() * 9 * 10 / 2);
            toy.focus.hover(2, 6);
            QVERIFY(!view.focusedEdge().has_value());
            toy.focus.hover(6, 2);
            QVERIFY(view.focusedEdge().has_value());
            toy.focus.clear();
        }

        Decoder gpt2;
        QVERIFY(gpt2.open(QStringLiteral("The cat sat on the mat.")));
        FlowView arcs(FlowLayout::Arcs);
        wireView(&arcs, &gpt2.document, &gpt2.focus, &gpt2.options);
        gpt2.options.setOptions([&] {
            ViewOptions o = gpt2.options.options();
            o.flowThreshold = 0.0;
            o.flowTopK = 0;
            return o;
        }());
        QVERIFY(!arcs.shownEdges().empty());
        for (const FlowEdge &edge : arcs.shownEdges())
            QVERIFY(edge.key <= edge.query);
        gpt2.focus.hover(0, 3);
        QVERIFY(!arcs.focusedEdge().has_value());
    }

    void focusNeverPinsAMaskedCell()
    {
        FocusModel focus;
        focus.pin(1, 3);
        QVERIFY(focus.focus().pinned); // no mask: any cell
        focus.setCausal(true);
        QVERIFY(!focus.focus().pinned); // the mask came on: the future cell is let go
        focus.pin(1, 3);
        QVERIFY(!focus.focus().pinned);
        QCOMPARE(focus.focus().query, 1); // still shown, as a hover
        QCOMPARE(focus.focus().key, 3);
        focus.setFocus(Focus{0, 0, 2, 5, true});
        QVERIFY(!focus.focus().pinned);
        focus.pin(3, 1);
        QVERIFY(focus.focus().pinned);
        // The arrow keys stop at the diagonal.
        focus.pin(2, 2);
        focus.moveBy(0, 1, 9);
        QCOMPARE(focus.focus().key, 2);
        focus.moveBy(1, 1, 9);
        QCOMPARE(focus.focus().query, 3);
        QCOMPARE(focus.focus().key, 3);
    }

    // The report: clicking a thumbnail's future cell pinned it. Now it opens the head and
    // shows the cell without pinning; a visible cell still pins.
    void thumbnailClickOnMaskedCellDoesNotPin()
    {
        Decoder gpt2;
        QVERIFY(gpt2.open(QStringLiteral("The cat sat on the mat.")));
        ModelView view;
        wireView(&view, &gpt2.document, &gpt2.focus, &gpt2.options);
        view.resize(1000, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const HeadGridGeometry g = view.grid()->currentLayout();
        const auto tile = std::find_if(g.tiles.begin(), g.tiles.end(), [](const HeadTile &t) { return t.ref == HeadRef{1, 2}; });
        QVERIFY(tile != g.tiles.end());
        QTest::mouseClick(view.grid(), Qt::LeftButton, {}, tile->matrix.cellRect(2, 5).center().toPoint());
        QCOMPARE(gpt2.focus.focus().layer, 1);
        QCOMPARE(gpt2.focus.focus().head, 2);
        QVERIFY(!gpt2.focus.focus().pinned);
        QTest::mouseClick(view.grid(), Qt::LeftButton, {}, tile->matrix.cellRect(5, 2).center().toPoint());
        QVERIFY(gpt2.focus.focus().pinned);
        QCOMPARE(gpt2.focus.focus().query, 5);
        QCOMPARE(gpt2.focus.focus().key, 2);

        // The large heatmap likewise.
        HeatmapView heatmap;
        wireView(&heatmap, &gpt2.document, &gpt2.focus, &gpt2.options);
        heatmap.resize(500, 500);
        heatmap.show();
        QVERIFY(QTest::qWaitForWindowExposed(&heatmap));
        gpt2.focus.clear();
        QTest::mouseClick(&heatmap, Qt::LeftButton, {}, heatmap.currentLayout().cellRect(1, 4).center().toPoint());
        QVERIFY(!gpt2.focus.focus().pinned);
    }

    // The Model dock: every layer reachable in a small dock, by scrolling, at a readable tile size.
    void modelGridScrolls()
    {
        Decoder gpt2;
        QVERIFY(gpt2.open(QStringLiteral("The cat sat on the mat.")));
        ModelView view;
        wireView(&view, &gpt2.document, &gpt2.focus, &gpt2.options);
        view.resize(380, 260);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *scroll = view.findChild<QScrollArea *>();
        QVERIFY(scroll);
        QTRY_VERIFY(scroll->verticalScrollBar()->maximum() > 0);
        const HeadGridGeometry g = view.grid()->currentLayout();
        QCOMPARE(int(g.tiles.size()), 12);
        QVERIFY(g.tileSize >= ModelView::minimumTileSide - 1);
        const QRectF grid(QPointF(0, 0), QSizeF(view.grid()->size()));
        for (const HeadTile &tile : g.tiles)
            QVERIFY(grid.contains(tile.frame()));
        // Wider, the grid keeps its readable tiles and still holds every layer.
        view.resize(900, 260);
        QTRY_VERIFY(view.grid()->width() >= 850);
        const HeadGridGeometry wide = view.grid()->currentLayout();
        QVERIFY(wide.tileSize >= ModelView::minimumTileSide - 1);
        for (const HeadTile &tile : wide.tiles)
            QVERIFY(QRectF(QPointF(0, 0), QSizeF(view.grid()->size())).contains(tile.frame()));
    }

    // The rollout's title is elided to the view's width; its tooltip says it whole.
    void rolloutTitleInToolTip()
    {
        Decoder gpt2;
        QVERIFY(gpt2.open(QStringLiteral("The cat sat on the mat and looked at the dog.")));
        RolloutView view;
        wireView(&view, &gpt2.document, &gpt2.focus, &gpt2.options);
        const QString title = view.heatmap()->exportTitle();
        QVERIFY(title.startsWith(QStringLiteral("Attention rollout through 3")));
        QVERIFY2(view.heatmap()->toolTip().startsWith(title), qPrintable(view.heatmap()->toolTip()));
    }
};

QTEST_MAIN(TestFlowReadable)
#include "tst_flowreadable.moc"
