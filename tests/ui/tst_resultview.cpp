// What every view shares (ResultView): it draws the result it is handed, follows the focus and the
// options models it is given and only those, says its message while it has no result, and needs no
// document for any of it. The rollout is a result like any other, drawn with the shared focus.
#include "checkpoint/modelview.h"
#include "checkpoint/rolloutheatmapview.h"
#include "checkpoint/rolloutresult.h"
#include "checkpoint/rolloutview.h"
#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "viewwiring.h"
#include "views/colormap/colormap.h"
#include "views/flow/flowview.h"
#include "views/heatmap/celltext.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "views/steps/steppanel.h"

#include "core/engine/attentionengine.h"
#include "core/engine/learnedmatrices.h"
#include "core/tokenizers/wordtokenizer.h"

#include <QPainter>
#include <QTabWidget>
#include <QTest>

#include <memory>

using namespace attn;
using namespace attn::ui;

namespace {

const QString kInput = QStringLiteral("the cat sat on the mat");

// A toy result made straight by the engine: no document anywhere.
ResultPtr computed(const QString &text, int heads, bool causal = false)
{
    AttentionLayerInput input;
    input.tokens = tokenizeWords(text);
    input.config.heads = heads;
    input.config.causal = causal;
    input.weights = LearnedMatrices::glorot(input.config);
    input.text = text;
    const Expected<ResultPtr> result = computeAttention(input);
    return result ? *result : nullptr;
}

std::unique_ptr<ResultView> makeView(const QString &kind)
{
    if (kind == QLatin1String("heatmap"))
        return std::make_unique<HeatmapView>();
    if (kind == QLatin1String("heads"))
        return std::make_unique<HeadGridView>();
    if (kind == QLatin1String("flow"))
        return std::make_unique<FlowView>(FlowLayout::Columns);
    if (kind == QLatin1String("arc"))
        return std::make_unique<FlowView>(FlowLayout::Arcs);
    if (kind == QLatin1String("steps"))
        return std::make_unique<StepPanel>();
    if (kind == QLatin1String("model"))
        return std::make_unique<ModelView>();
    if (kind == QLatin1String("rollout"))
        return std::make_unique<RolloutView>();
    return nullptr;
}

QImage render(const ResultView &view, const QSize &size = QSize(640, 480), bool includeFocus = true)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::black);
    QPainter painter(&image);
    view.paintContent(painter, size, includeFocus);
    return image;
}

bool isBlank(const QImage &image)
{
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            if (image.pixel(x, y) != first)
                return false;
    return true;
}

// Counts the paint events a widget gets: a view that repaints on a change was told about it.
class PaintCounter : public QObject
{
public:
    explicit PaintCounter(QWidget *widget) { widget->installEventFilter(this); }
    int count = 0;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return false;
    }
};

// The widget that paints: the view itself, or the part of a composite view that shows now.
QWidget *drawnPart(ResultView *view)
{
    if (auto *model = qobject_cast<ModelView *>(view))
        return model->grid();
    if (auto *rollout = qobject_cast<RolloutView *>(view))
        return rollout->heatmap();
    return view;
}

// One data row per kind of view (makeView's names).
void addKinds(std::initializer_list<const char *> kinds)
{
    QTest::addColumn<QString>("kind");
    for (const char *kind : kinds)
        QTest::newRow(kind) << QString::fromLatin1(kind);
}

// Shows a view and waits until the first paints are done, so later paints are the change's.
bool showSettled(QWidget &view)
{
    view.resize(640, 480);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        return false;
    QCoreApplication::processEvents();
    return true;
}

} // namespace

class TestResultView : public QObject
{
    Q_OBJECT

private slots:
    void drawsAResultWithoutADocument_data()
    {
        addKinds({"heatmap", "heads", "flow", "arc", "model", "rollout"});
    }

    void drawsAResultWithoutADocument()
    {
        QFETCH(QString, kind);
        const std::unique_ptr<ResultView> view = makeView(kind);
        const QImage empty = render(*view);
        const QSize emptySize = view->contentSize();

        const ResultPtr result = computed(kInput, 3);
        QVERIFY(result);
        view->setResult(result); // no focus model, no options model, no document
        QCOMPARE(view->result(), result);
        // The title quotes the result's own input.
        QVERIFY2(view->exportTitle().contains(kInput), qPrintable(view->exportTitle()));
        QVERIFY(view->contentSize() != emptySize);
        const QImage drawn = render(*view);
        QVERIFY(!isBlank(drawn));
        QVERIFY(drawn != empty);
    }

    void heatmapReportsTheResultsNumbers_data()
    {
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("focusHead");
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("col");
        QTest::addColumn<int>("shownHead");
        QTest::newRow("first head") << 3 << 0 << 1 << 2 << 0;
        QTest::newRow("last head") << 3 << 2 << 4 << 0 << 2;
        QTest::newRow("focus past the heads: clamped") << 2 << 5 << 5 << 5 << 1;
        QTest::newRow("one head") << 1 << 0 << 0 << 3 << 0;
    }

    void heatmapReportsTheResultsNumbers()
    {
        QFETCH(int, heads);
        QFETCH(int, focusHead);
        QFETCH(int, row);
        QFETCH(int, col);
        QFETCH(int, shownHead);

        FocusModel focus;
        focus.setHead(focusHead);
        HeatmapView view;
        view.setFocusModel(&focus);
        QCOMPARE(view.shownHead(), -1); // nothing to show yet
        const ResultPtr result = computed(kInput, heads);
        view.setResult(result);
        view.resize(640, 480);
        QCOMPARE(view.shownLayer(), 0);
        QCOMPARE(view.shownHead(), shownHead);

        const QPointF at = view.currentLayout().cellRect(row, col).center();
        const QString tip = view.toolTipAt(at);
        QCOMPARE(tip, cellToolTip(*result, 0, shownHead, row, col));
        const float weight = result->layers[0].heads[size_t(shownHead)].weights(row, col);
        QVERIFY2(tip.contains(formatPercent(weight)), qPrintable(tip));

        // The size follows the result's token count: a longer input is a larger figure.
        const QSize six = view.contentSize();
        view.setResult(computed(kInput + QStringLiteral(" and the dog sat on the log"), heads));
        QVERIFY(view.contentSize().width() > six.width());
    }

    void aNewFocusRepaintsAndMovesWhatIsShown_data()
    {
        addKinds({"heatmap", "heads", "flow", "arc", "model", "rollout"});
    }

    void aNewFocusRepaintsAndMovesWhatIsShown()
    {
        QFETCH(QString, kind);
        FocusModel focus;
        const std::unique_ptr<ResultView> view = makeView(kind);
        view->setFocusModel(&focus);
        view->setResult(computed(kInput, 3));
        QVERIFY(showSettled(*view));
        const QImage before = render(*view);

        PaintCounter paints(drawnPart(view.get()));
        focus.setHead(2);
        focus.pin(3, 1);
        QTRY_VERIFY(paints.count > 0);
        QVERIFY(render(*view) != before);

        if (auto *heatmap = qobject_cast<HeatmapView *>(view.get()); heatmap && kind == QLatin1String("heatmap"))
            QCOMPARE(heatmap->shownHead(), 2);
        if (auto *flow = qobject_cast<FlowView *>(view.get()))
            QCOMPARE(flow->currentFilter().heads, std::vector<int>{2});
    }

    void changedOptionsChangeTheDrawing_data()
    {
        addKinds({"heatmap", "heads", "model", "rollout"});
    }

    void changedOptionsChangeTheDrawing()
    {
        QFETCH(QString, kind);
        ViewOptionsModel options;
        const std::unique_ptr<ResultView> view = makeView(kind);
        view->setOptions(&options);
        view->setResult(computed(kInput, 2));
        QVERIFY(showSettled(*view));
        const QImage viridis = render(*view);

        PaintCounter paints(drawnPart(view.get()));
        ViewOptions o = options.options();
        QVERIFY(o.colorMap != ColorMapId::Magma);
        o.colorMap = ColorMapId::Magma;
        options.setOptions(o);
        QTRY_VERIFY(paints.count > 0);
        QVERIFY(render(*view) != viridis);
    }

    void heatmapCellsHaveTheOptionsColours()
    {
        ViewOptionsModel options;
        HeatmapView view;
        view.setOptions(&options);
        const ResultPtr result = computed(kInput, 1);
        view.setResult(result);
        const QSize size(640, 480);
        const HeatmapGeometry g = view.layoutFor(QSizeF(size));
        const float weight = result->layers[0].heads[0].weights(2, 3);
        for (ColorMapId map : {ColorMapId::Viridis, ColorMapId::Magma}) {
            ViewOptions o = options.options();
            o.colorMap = map;
            options.setOptions(o);
            const QImage image = render(view, size, false);
            QCOMPARE(image.pixel(g.cellRect(2, 3).topLeft().toPoint() + QPoint(2, 2)), colorAt(map, weight));
        }
    }

    void flowOptionsChangeTheEdges()
    {
        ViewOptionsModel options;
        FlowView view(FlowLayout::Arcs);
        view.setOptions(&options);
        view.setResult(computed(kInput, 2));
        ViewOptions o = options.options();
        o.flowThreshold = 0.0;
        o.flowTopK = 0;
        options.setOptions(o);
        const size_t every = view.shownEdges(false).size();
        QCOMPARE(int(every), 6 * 6); // six tokens, no mask: every pair
        o.flowTopK = 2;
        options.setOptions(o);
        QCOMPARE(int(view.shownEdges(false).size()), 6 * 2);
    }

    void withoutAResultTheMessageShows_data()
    {
        addKinds({"heatmap", "heads", "flow", "arc"});
    }

    void withoutAResultTheMessageShows()
    {
        QFETCH(QString, kind);
        const std::unique_ptr<ResultView> view = makeView(kind);
        const QImage placeholder = render(*view);
        view->setMessage(QStringLiteral("The input has 5000 tokens; at most 4096 are allowed."));
        QCOMPARE(view->message(), QStringLiteral("The input has 5000 tokens; at most 4096 are allowed."));
        const QImage message = render(*view);
        QVERIFY(message != placeholder);

        // A result is drawn whatever the message; taking it away brings the message back.
        view->setResult(computed(kInput, 2));
        const QImage drawn = render(*view);
        QVERIFY(drawn != message);
        view->setResult(nullptr);
        QVERIFY(!view->result());
        QCOMPARE(render(*view), message);
        if (auto *heatmap = qobject_cast<HeatmapView *>(view.get())) {
            QCOMPARE(heatmap->shownHead(), -1);
            QVERIFY(heatmap->toolTipAt(QPointF(320, 240)).isEmpty());
        }
        view->setMessage(QString()); // no message: the view's own invitation
        QCOMPARE(render(*view), placeholder);
    }

    void swappingTheFocusModelDisconnectsTheOldOne_data()
    {
        addKinds({"heatmap", "flow", "model", "rollout"});
    }

    void swappingTheFocusModelDisconnectsTheOldOne()
    {
        QFETCH(QString, kind);
        auto old = std::make_unique<FocusModel>();
        FocusModel next;
        const std::unique_ptr<ResultView> view = makeView(kind);
        view->setFocusModel(old.get());
        view->setResult(computed(kInput, 3));
        QVERIFY(showSettled(*view));
        view->setFocusModel(&next);
        QCOMPARE(view->focusModel(), &next);
        QCoreApplication::processEvents();

        PaintCounter paints(drawnPart(view.get()));
        const QImage before = render(*view);
        old->setHead(2);
        old->pin(4, 2);
        QCoreApplication::processEvents();
        QCOMPARE(paints.count, 0);
        QCOMPARE(render(*view), before);

        next.pin(4, 2);
        QTRY_VERIFY(paints.count > 0);
        QVERIFY(render(*view) != before);
        // The old model may go first; the view no longer knows it.
        old.reset();
        next.hover(1, 1);
        QCoreApplication::processEvents();
        QCOMPARE(view->focusModel(), &next);
    }

    void rolloutArrowsFollowTheSharedFocusWithoutADocument()
    {
        FocusModel focus;
        ViewOptionsModel options;
        ViewOptions o = options.options();
        o.flowThreshold = 0.05;
        options.setOptions(o);
        RolloutView view;
        view.setFocusModel(&focus);
        view.setOptions(&options);
        const ResultPtr result = computed(kInput, 3, true);
        view.setResult(result);

        // Both parts share the one focus and options: no second model, no second document.
        QCOMPARE(view.arrows()->focusModel(), &focus);
        QCOMPARE(view.arrows()->optionsModel(), &options);
        QCOMPARE(view.heatmap()->focusModel(), &focus);
        for (QObject *child : view.findChildren<QObject *>()) {
            QVERIFY(!qobject_cast<AttentionDocument *>(child));
            QVERIFY(!qobject_cast<FocusModel *>(child));
            QVERIFY(!qobject_cast<ViewOptionsModel *>(child));
        }
        // The heatmap draws the rollout as a one-layer, one-head result.
        const ResultPtr rollout = view.heatmap()->result();
        QVERIFY(rollout);
        QCOMPARE(rollout->layerCount(), 1);
        QCOMPARE(rollout->headCount(), 1);
        QCOMPARE(rollout->text, kInput);
        QVERIFY((rollout->layers[0].heads[0].weights - rolloutResult(*result)->rollout).cwiseAbs().maxCoeff() == 0.f);
        QCOMPARE(view.rollout().rows(), result->tokenCount());

        view.resize(700, 700);
        view.show();
        view.findChild<QTabWidget *>()->setCurrentIndex(1);
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        FlowView *arrows = view.arrows();
        QCOMPARE(arrows->result(), rollout);

        // The shared focus moves the arrows; the shared head is not the arrows' one head.
        focus.setHead(2);
        focus.hover(3, -1);
        QCOMPARE(arrows->currentFilter().token, 3);
        QCOMPARE(arrows->currentFilter().heads, std::vector<int>{0});
        for (const FlowEdge &edge : arrows->shownEdges(true))
            QCOMPARE(edge.query, 3);

        // And the arrows move the shared focus, leaving its head alone.
        const FlowGeometry g = arrows->geometryFor(arrows->size());
        QTest::mouseMove(arrows, g.tokenRect(1, TokenRole::Query).center().toPoint());
        QCOMPARE(focus.focus().query, 1);
        QCOMPARE(focus.focus().head, 2);
        const std::vector<FlowEdge> edges = arrows->shownEdges(true);
        QVERIFY(!edges.empty());
        QTest::mouseClick(arrows, Qt::LeftButton, {}, g.curve(edges.front()).pointAt(0.5).toPoint());
        QVERIFY(focus.focus().pinned);
        QVERIFY(focus.focus().hasCell());
        QCOMPARE(focus.focus().head, 2);

        // A new result reaches both parts.
        const ResultPtr longer = computed(kInput + QStringLiteral(" again"), 3, true);
        view.setResult(longer);
        QCOMPARE(view.heatmap()->result()->tokenCount(), longer->tokenCount());
        QCOMPARE(arrows->result()->tokenCount(), longer->tokenCount());
    }

    void wiringFollowsTheDocument()
    {
        AttentionDocument document;
        FocusModel focus;
        ViewOptionsModel options;
        HeatmapView heatmap;
        StepPanel steps;
        wireView(&heatmap, &document, &focus, &options);
        wireStepPanel(&steps, &document, &focus, &options);
        QCOMPARE(heatmap.focusModel(), &focus);
        QCOMPARE(heatmap.optionsModel(), &options);

        document.loadPreset(QStringLiteral("seed-hello-world"));
        document.computeNow();
        QVERIFY(document.result());
        QCOMPARE(heatmap.result(), document.result());
        QCOMPARE(steps.result(), document.result());
        QCOMPARE(heatmap.result()->text, document.sentence());
        QVERIFY(heatmap.message().isEmpty());

        // A failed computation is the views' message; the next result clears it.
        document.setSentence(QStringLiteral("a ").repeated(Limits::maxTokens + 10));
        document.computeNow();
        QVERIFY(!document.errorText().isEmpty());
        QCOMPARE(heatmap.message(), document.errorText());
        QCOMPARE(steps.message(), document.errorText());
        document.setSentence(kInput);
        document.computeNow();
        QVERIFY(heatmap.message().isEmpty());
        QCOMPARE(heatmap.result(), document.result());
        QCOMPARE(heatmap.result()->text, kInput);
    }
};

QTEST_MAIN(TestResultView)
#include "tst_resultview.moc"
