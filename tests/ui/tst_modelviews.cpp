// The views of a real model: the layers × heads grid (click to open a head), the attention rollout
// as a heatmap and as arrows, the per-head statistics panel and the next-token predictions.
#include "testutils.h"
#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "checkpoint/headstatisticspanel.h"
#include "checkpoint/modelcontroller.h"
#include "checkpoint/modelview.h"
#include "checkpoint/predictionspanel.h"
#include "checkpoint/rolloutheatmapview.h"
#include "checkpoint/rolloutview.h"
#include "views/colormap/colormap.h"
#include "views/flow/flowview.h"
#include "views/heatmap/headgridview.h"
#include "viewwiring.h"

#include "core/transformer/gpt2predictions.h"

#include <QHeaderView>
#include <QPainter>
#include <QRegularExpression>
#include <QTableView>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::gpt2Fixture;

// Abnar & Zuidema's rollout written out plainly: per layer the mean over heads, half of it plus
// half the identity, rows renormalised, multiplied onto the rollout so far.
Matrix handRollout(const AttentionResult &result)
{
    const int n = result.tokenCount();
    Matrix rollout = Matrix::Identity(n, n);
    for (const LayerResult &layer : result.layers) {
        Matrix a = Matrix::Zero(n, n);
        for (const HeadResult &head : layer.heads)
            a += head.weights;
        a /= float(layer.heads.size());
        Matrix residual = 0.5f * a + 0.5f * Matrix::Identity(n, n);
        for (int i = 0; i < n; ++i)
            residual.row(i) /= residual.row(i).sum();
        rollout = (residual * rollout).eval();
    }
    return rollout;
}

bool isBlank(const QImage &image)
{
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            if (image.pixel(x, y) != first)
                return false;
    return true;
}

struct Fixture
{
    AttentionDocument document;
    FocusModel focus;
    ViewOptionsModel options;
    ModelController controller{&document};

    bool open(const QString &folder, const QString &sentence)
    {
        document.setSentence(sentence);
        if (!controller.openNow(gpt2Fixture(folder)).ok())
            return false;
        document.computeNow();
        return document.result() && document.result()->modelName == folder;
    }
};

} // namespace

class TestModelViews : public QObject
{
    Q_OBJECT

private slots:
    void modelViewShowsEveryLayerAndHead()
    {
        Fixture f;
        QVERIFY(f.open(QStringLiteral("small-f32"), QStringLiteral("The cat sat on the mat.")));
        ModelView view;
        wireView(&view, &f.document, &f.focus, &f.options);
        view.resize(1000, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        // small-f32: 3 layers × 4 heads, one row per layer.
        const std::vector<HeadRef> shown = view.grid()->shownHeads();
        QCOMPARE(int(shown.size()), 12);
        const HeadGridGeometry g = view.grid()->currentLayout();
        QCOMPARE(g.columns, 4);
        QCOMPARE(g.gridRows, 3);
        QVERIFY(g.tileSize >= ModelView::minimumTileSide - 1);

        for (const HeadRef target : {HeadRef{2, 3}, HeadRef{1, 0}, HeadRef{0, 2}}) {
            const auto tile = std::find_if(g.tiles.begin(), g.tiles.end(), [&](const HeadTile &t) { return t.ref == target; });
            QVERIFY(tile != g.tiles.end());
            QTest::mouseClick(view.grid(), Qt::LeftButton, {}, tile->captionRect.center().toPoint());
            QCOMPARE(f.focus.focus().layer, target.layer);
            QCOMPARE(f.focus.focus().head, target.head);
        }
        // Rows are layers: head 0 of layer 2 sits below head 0 of layer 0, in the same column.
        const auto at = [&](int l, int h) {
            return std::find_if(g.tiles.begin(), g.tiles.end(), [&](const HeadTile &t) { return t.ref == HeadRef{l, h}; })
                ->frame();
        };
        QVERIFY(at(2, 0).top() > at(0, 0).bottom());
        QCOMPARE(at(2, 0).left(), at(0, 0).left());
        QVERIFY(at(0, 3).left() > at(0, 0).right());

        // Clicking a cell of a thumbnail opens that head and pins the pair.
        const auto tile = std::find_if(g.tiles.begin(), g.tiles.end(), [](const HeadTile &t) { return t.ref == HeadRef{1, 2}; });
        QTest::mouseClick(view.grid(), Qt::LeftButton, {}, tile->matrix.cellRect(5, 2).center().toPoint());
        QCOMPARE(f.focus.focus().layer, 1);
        QCOMPARE(f.focus.focus().head, 2);
        QCOMPARE(f.focus.focus().query, 5);
        QCOMPARE(f.focus.focus().key, 2);
        QVERIFY(f.focus.focus().pinned);

        // Exported as "model": the whole sheet.
        QCOMPARE(view.exportName(), QStringLiteral("model"));
        const QSize size = view.contentSize();
        QVERIFY(size.width() > 200 && size.height() > 150);
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&image);
        view.paintContent(painter, size, false);
        painter.end();
        QVERIFY(!isBlank(image));
        QVERIFY(view.exportTitle().contains(QStringLiteral("small-f32")));
    }

    void rolloutHeatmapIsTheRollout()
    {
        Fixture f;
        QVERIFY(f.open(QStringLiteral("small-f32"), QStringLiteral("The cat sat on the mat. The cat")));
        RolloutView view;
        wireView(&view, &f.document, &f.focus, &f.options);
        const ResultPtr result = f.document.result();
        const Matrix expected = handRollout(*result);
        const Matrix &shown = view.rollout();
        QCOMPARE(shown.rows(), result->tokenCount());
        QVERIFY((shown - expected).cwiseAbs().maxCoeff() < 1e-5f);
        for (int i = 0; i < shown.rows(); ++i) {
            QVERIFY(std::abs(shown.row(i).sum() - 1.f) < 1e-5f);
            for (int j = i + 1; j < shown.cols(); ++j)
                QCOMPARE(shown(i, j), 0.f);
        }

        // Each cell has the colour map's colour for its rollout value.
        RolloutHeatmapView *heatmap = view.heatmap();
        const QSize size(700, 640);
        heatmap->resize(size);
        QImage image(size, QImage::Format_RGB32);
        QPainter painter(&image);
        heatmap->paintContent(painter, size, false);
        painter.end();
        QVERIFY(!isBlank(image));
        const HeatmapGeometry g = heatmap->layoutFor(QSizeF(size));
        for (const auto &[row, col] : {std::pair{0, 0}, std::pair{5, 2}, std::pair{9, 9}, std::pair{9, 0}}) {
            const QPoint corner = g.cellRect(row, col).topLeft().toPoint() + QPoint(2, 2);
            QCOMPARE(image.pixel(corner), colorAt(ColorMapId::Viridis, expected(row, col)));
        }
        const QString tip = heatmap->toolTipAt(g.cellRect(5, 2).center());
        QVERIFY(tip.contains(QStringLiteral("rollout")));
        // The tooltip's full-precision share: within float rounding of the hand rollout.
        const QRegularExpressionMatch share = QRegularExpression(QStringLiteral("\\(([0-9.e-]+)\\) of what")).match(tip);
        QVERIFY2(share.hasMatch(), qPrintable(tip));
        QVERIFY2(std::abs(share.captured(1).toDouble() - double(expected(5, 2))) < 2e-6, qPrintable(tip));
        QCOMPARE(view.exportName(), QStringLiteral("rollout"));

        // The colour scale reaches the rollout too: per row, each row's strongest cell takes the top colour.
        ViewOptions perRow = f.options.options();
        perRow.colorScale = ColorScale::Row;
        f.options.setOptions(perRow);
        QImage scaled(size, QImage::Format_RGB32);
        QPainter scaledPainter(&scaled);
        heatmap->paintContent(scaledPainter, size, false);
        scaledPainter.end();
        const HeatmapGeometry sg = heatmap->layoutFor(QSizeF(size));
        for (int row : {3, 9}) {
            Eigen::Index strongest = 0;
            expected.row(row).maxCoeff(&strongest);
            const QPoint corner = sg.cellRect(row, int(strongest)).topLeft().toPoint() + QPoint(2, 2);
            QCOMPARE(scaled.pixel(corner), colorAt(ColorMapId::Viridis, 1.0));
        }
        f.options.setOptions(ViewOptions{});

        // Hovering a cell moves the shared focus.
        view.resize(700, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const HeatmapGeometry shownGeometry = heatmap->layoutFor(QSizeF(heatmap->size()));
        QTest::mouseMove(heatmap, shownGeometry.cellRect(6, 1).center().toPoint());
        QCOMPARE(f.focus.focus().query, 6);
        QCOMPARE(f.focus.focus().key, 1);
    }

    void rolloutArrowsDrawTheRollout()
    {
        Fixture f;
        QVERIFY(f.open(QStringLiteral("tiny-f32"), QStringLiteral("The cat sat on the mat.")));
        ViewOptions options = f.options.options();
        options.flowThreshold = 0.1;
        options.flowTopK = 0; // every pair above the threshold
        options.flowHeads = FlowHeads::All; // the arrows always show their one "head"
        f.options.setOptions(options);
        RolloutView view;
        wireView(&view, &f.document, &f.focus, &f.options);
        // Hidden, the arrows wait (a keystroke must not lay out a diagram behind another tab).
        QVERIFY(view.arrows()->shownEdges(false).empty());
        view.show();
        const Matrix expected = handRollout(*f.document.result());

        const std::vector<FlowEdge> &edges = view.arrows()->shownEdges(false);
        int above = 0;
        for (int i = 0; i < expected.rows(); ++i)
            for (int j = 0; j < expected.cols(); ++j)
                above += expected(i, j) >= 0.1f ? 1 : 0;
        QCOMPARE(int(edges.size()), above);
        for (const FlowEdge &edge : edges)
            QVERIFY(std::abs(edge.weight - expected(edge.query, edge.key)) < 1e-5f);

        // The arrows follow the shared focus, and hovering them moves it.
        f.focus.setHead(1);
        f.focus.hover(4, -1);
        QCOMPARE(view.arrows()->currentFilter().token, 4);
        QCOMPARE(view.arrows()->currentFilter().heads, std::vector<int>{0});
        view.resize(700, 700);
        view.show();
        view.findChild<QTabWidget *>()->setCurrentIndex(1);
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.arrows()->isVisible());
        const FlowGeometry g = view.arrows()->geometryFor(view.arrows()->size());
        QTest::mouseMove(view.arrows(), g.tokenRect(2, TokenRole::Query).center().toPoint());
        QCOMPARE(f.focus.focus().query, 2);
        QCOMPARE(f.focus.focus().head, 1); // the shared head is not the arrows' one head
    }

    void rolloutOfTheToyModel()
    {
        AttentionDocument document;
        FocusModel focus;
        ViewOptionsModel options;
        document.setSentence(QStringLiteral("the cat sat"));
        document.computeNow();
        RolloutView view;
        wireView(&view, &document, &focus, &options);
        QVERIFY((view.rollout() - handRollout(*document.result())).cwiseAbs().maxCoeff() < 1e-6f);
    }

    void predictionsForTheFocusedPosition()
    {
        Fixture f;
        QVERIFY(f.open(QStringLiteral("tiny-f32"), QStringLiteral("The cat sat on the mat.")));
        PredictionsPanel panel(&f.document, &f.focus);
        panel.refreshNow();
        const ResultPtr result = f.document.result();
        auto check = [&](int position) {
            QCOMPARE(panel.shownPosition(), position);
            const std::vector<NextTokenPrediction> &shown = panel.shownPredictions();
            QCOMPARE(int(shown.size()), PredictionsPanel::count);
            // The reference: every logit of that position, softmaxed and ranked here.
            const RowVector logits = f.controller.model()->logits(result->finalHidden.row(position).data());
            std::vector<int> order(size_t(logits.size()));
            std::iota(order.begin(), order.end(), 0);
            std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return logits[a] > logits[b]; });
            double sum = 0;
            for (int i = 0; i < logits.size(); ++i)
                sum += std::exp(double(logits[i]) - double(logits[order[0]]));
            for (int rank = 0; rank < 3; ++rank) {
                QCOMPARE(shown[size_t(rank)].id, order[size_t(rank)]);
                const double p = std::exp(double(logits[order[size_t(rank)]]) - double(logits[order[0]])) / sum;
                QVERIFY(std::abs(shown[size_t(rank)].probability - p) < 1e-5);
            }
            QCOMPARE(panel.table()->rowCount(), PredictionsPanel::count);
        };
        check(7); // nothing focused: after the last token
        f.focus.hover(2, 4);
        panel.refreshNow();
        check(2);

        f.controller.close();
        f.document.computeNow();
        panel.refreshNow();
        QCOMPARE(panel.shownPosition(), -1);
        QCOMPARE(panel.table()->rowCount(), 0);
    }

    void statisticsPanelOpensTheClickedHead()
    {
        Fixture f;
        QVERIFY(f.open(QStringLiteral("small-f32"), QStringLiteral("The cat sat on the mat. The cat sat on the mat.")));
        HeadStatisticsPanel panel(&f.document, &f.controller, &f.focus);
        panel.resize(600, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        HeadStatisticsModel *model = panel.model();
        QCOMPARE(model->rowCount(), 12);
        // The induction scores came from the controller's probe.
        QVERIFY(model->rowAt(0).statistics.inductionScore.has_value());

        // Sort by the first-token column through the header, as a person would.
        QTableView *table = panel.table();
        const int x = table->horizontalHeader()->sectionViewportPosition(HeadStatisticsModel::FirstColumn) + 5;
        QTest::mouseClick(table->horizontalHeader()->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
        QCOMPARE(model->sortColumn(), int(HeadStatisticsModel::FirstColumn));

        const int row = model->rowOf(2, 1);
        const QRect rect = table->visualRect(model->index(row, HeadStatisticsModel::EntropyColumn));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(f.focus.focus().layer, 2);
        QCOMPARE(f.focus.focus().head, 1);

        // Focusing a head elsewhere selects its row.
        f.focus.setLayer(0);
        f.focus.setHead(3);
        QCOMPARE(table->currentIndex().row(), model->rowOf(0, 3));
    }
};

QTEST_MAIN(TestModelViews)
#include "tst_modelviews.moc"
