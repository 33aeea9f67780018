// Long inputs in the heatmaps: zoom and pan of the large view, the max-pooled overview, labels that
// never overlap, and head-grid captions that are never cut.

#include "viewtestutils.h"
#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "views/colormap/colormap.h"
#include "views/heatmap/headgridgeometry.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapgeometry.h"
#include "views/heatmap/heatmappainter.h"
#include "views/heatmap/heatmapstyle.h"
#include "views/heatmap/heatmapview.h"
#include "views/heatmap/heatmapzoom.h"
#include "views/heatmap/maxpool.h"
#include "viewwiring.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QNativeGestureEvent>
#include <QPointingDevice>
#include <QPainter>
#include <QTest>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

using namespace attn;
using namespace attn::ui;

namespace {

QString words(int count)
{
    QStringList list;
    for (int i = 0; i < count; ++i)
        list << QStringLiteral("w%1").arg(i);
    return list.join(QLatin1Char(' '));
}

// A document holding `tokens` words "w0 w1 …", computed, and the models a view is wired to.
struct Words
{
    explicit Words(int tokens)
    {
        document.setSentence(words(tokens));
        document.computeNow();
    }
    void wire(ResultView *view) { wireView(view, &document, &focus, &options); }
    float weight(int query, int key) const { return document.result()->layers[0].heads[0].weights(query, key); }

    AttentionDocument document;
    FocusModel focus;
    ViewOptionsModel options;
};

bool showExposed(QWidget &widget, QSize size)
{
    widget.resize(size);
    widget.show();
    return QTest::qWaitForWindowExposed(&widget);
}

void sendWheel(QWidget *widget, const QPointF &at, QPoint angle, Qt::KeyboardModifiers modifiers)
{
    QWheelEvent wheel(at, widget->mapToGlobal(at), QPoint(), angle, Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &wheel);
}

using testutils::Outline;
using testutils::shownLabels;
using testutils::shrunk;

// A 4,096-token result of one head: every weight 1/4096 but one, which is 1.
ResultPtr oneStrongCell(int strongQuery, int strongKey)
{
    constexpr int n = 4096;
    auto result = std::make_shared<AttentionResult>();
    result->text = QStringLiteral("synthetic");
    for (int i = 0; i < n; ++i)
        result->tokens.push_back(Token{QStringLiteral("t%1").arg(i)});
    result->config.heads = 1;
    result->layers.resize(1);
    HeadResult head;
    head.weights = Matrix::Constant(n, n, 1.0f / n); // (N, N)
    head.weights(strongQuery, strongKey) = 1.0f;
    head.scores = Matrix::Zero(n, n);
    result->layers[0].heads.push_back(std::move(head));
    return result;
}

} // namespace

class TestHeatmapZoom : public QObject
{
    Q_OBJECT

private slots:
    void wheelZoomKeepsTheCellUnderTheCursor_data();
    void wheelZoomKeepsTheCellUnderTheCursor();
    void hoverIsExactWhenZoomed();
    void visibleScaleFollowsTheZoom();
    void panClampsAtTheEdges();
    void keysZoomAndFit();
    void pinchZooms();
    void minimapShowsAndMovesTheViewport();
    void zoomIsViewStateAndExportsDrawTheWholeMatrix();

    void poolKeepsTheStrongestCell();
    void poolRespectsTheCausalMask();
    void overviewShowsOneStrongCellInFourThousand();

    void labelsNeverOverlap_data();
    void labelsNeverOverlap();
    void nineTokensShowNumbersAndTheWholeTitle();
    void gridCaptionsAreNeverElided_data();
    void gridCaptionsAreNeverElided();
    void gridLabelsFitAndDoNotOverlap();
};

void TestHeatmapZoom::wheelZoomKeepsTheCellUnderTheCursor_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("col");
    QTest::addColumn<QPointF>("within"); // where in the cell the cursor is, as fractions of its side
    QTest::addRow("top-left cell") << 0 << 0 << QPointF(0.3, 0.6);
    QTest::addRow("bottom-right cell") << 39 << 39 << QPointF(0.7, 0.2);
    QTest::addRow("middle") << 17 << 23 << QPointF(0.5, 0.5);
    QTest::addRow("left edge, low") << 31 << 0 << QPointF(0.1, 0.9);
    QTest::addRow("top edge, right") << 0 << 36 << QPointF(0.8, 0.4);
}

void TestHeatmapZoom::wheelZoomKeepsTheCellUnderTheCursor()
{
    QFETCH(int, row);
    QFETCH(int, col);
    QFETCH(QPointF, within);
    Words models(40);
    HeatmapView view;
    models.wire(&view);
    QVERIFY(showExposed(view, QSize(500, 500)));
    const HeatmapGeometry fit = view.layoutFor(QSizeF(500, 500));
    QCOMPARE(fit.rows, 40);
    const QRectF cell = fit.cellRect(row, col);
    const QPointF cursor = cell.topLeft() + QPointF(within.x() * cell.width(), within.y() * cell.height());

    double factor = 1;
    for (int step = 0; step < 6; ++step) { // in, one wheel notch at a time
        sendWheel(&view, cursor, QPoint(0, 120), Qt::ControlModifier);
        QVERIFY2(view.zoom().factor > factor, "each notch zooms in (up to the limit)");
        factor = view.zoom().factor;
        QCOMPARE(view.currentLayout().cellAt(cursor), std::optional<HeatmapCell>(HeatmapCell{row, col}));
        // The view hovers the cell it now shows under the cursor.
        QCOMPARE(models.focus.focus().query, row);
        QCOMPARE(models.focus.focus().key, col);
    }
    QVERIFY(view.currentLayout().cellSize > 3 * fit.cellSize);
    for (int step = 0; step < 6; ++step) { // and out again
        sendWheel(&view, cursor, QPoint(0, -120), Qt::ControlModifier);
        QCOMPARE(view.currentLayout().cellAt(cursor), std::optional<HeatmapCell>(HeatmapCell{row, col}));
        QCOMPARE(models.focus.focus().query, row);
        QCOMPARE(models.focus.focus().key, col);
    }
    QVERIFY(std::abs(view.zoom().factor - 1) < 1e-9);
    sendWheel(&view, cursor, QPoint(0, -120), Qt::ControlModifier); // never below the whole matrix
    QCOMPARE(view.zoom().factor, 1.0);
    QCOMPARE(view.currentLayout().cellSize, fit.cellSize);
}

void TestHeatmapZoom::hoverIsExactWhenZoomed()
{
    Words models(40);
    HeatmapView view;
    models.wire(&view);
    QVERIFY(showExposed(view, QSize(500, 500)));
    const HeatmapGeometry fit = view.layoutFor(QSizeF(500, 500));
    const double factor = 4;
    const QPointF offset(13.4, 21.7); // key, query at the viewport's corner
    view.setZoom(HeatmapZoom{factor, offset});
    QCOMPARE(view.zoom().offset, offset);
    const double side = fit.cellSize * factor;
    // Where cell (q, k) is, from the zoom's own definition rather than from the view's geometry.
    const auto pointIn = [&](int q, int k) {
        return fit.matrixRect().topLeft() + QPointF((k - offset.x() + 0.15) * side, (q - offset.y() + 0.15) * side);
    };
    const std::vector<std::pair<int, int>> cells{{22, 14}, {22, 20}, {25, 17}, {28, 14}, {24, 21}};
    for (const auto &[q, k] : cells) {
        const QPointF at = pointIn(q, k);
        QVERIFY(fit.matrixRect().contains(at));
        QTest::mouseMove(&view, at.toPoint());
        QCOMPARE(models.focus.focus().query, q);
        QCOMPARE(models.focus.focus().key, k);
        QVERIFY(view.toolTipAt(at).contains(QStringLiteral("\"w%1\" → \"w%2\"").arg(q).arg(k)));
    }
    // And the pixel there has the colour of that cell's weight.
    models.focus.clear();
    const QImage shown = view.grab().toImage();
    for (const auto &[q, k] : cells)
        QCOMPARE(shown.pixel(pointIn(q, k).toPoint()), colorAt(ColorMapId::Viridis, models.weight(q, k)));
}

void TestHeatmapZoom::panClampsAtTheEdges()
{
    Words models(40);
    HeatmapView view;
    models.wire(&view);
    QVERIFY(showExposed(view, QSize(500, 500)));
    const QPointF inside = view.layoutFor(QSizeF(500, 500)).matrixRect().center();

    // At fit there is nothing to pan: the wheel is left to the enclosing pane.
    sendWheel(&view, inside, QPoint(0, -120), {});
    QCOMPARE(view.zoom(), HeatmapZoom());

    view.setZoom(HeatmapZoom{4, QPointF(0, 0)}); // 10 of 40 rows and columns in view
    QPointF last = view.zoom().offset;
    for (int notch = 0; notch < 60; ++notch) { // the wheel scrolls down, then stops at the bottom
        sendWheel(&view, inside, QPoint(0, -120), {});
        QVERIFY(view.zoom().offset.y() >= last.y());
        last = view.zoom().offset;
    }
    QCOMPARE(view.zoom().offset, QPointF(0, 30));
    HeatmapGeometry g = view.currentLayout();
    QCOMPARE(g.visibleRows().end, 40);
    QVERIFY(std::abs(g.cellRect(39, 0).bottom() - g.visibleRect().bottom()) < 1e-6);

    for (int notch = 0; notch < 60; ++notch) // Shift+wheel: sideways, to the right edge
        sendWheel(&view, inside, QPoint(0, -120), Qt::ShiftModifier);
    QCOMPARE(view.zoom().offset, QPointF(30, 30));
    QCOMPARE(view.currentLayout().visibleColumns().end, 40);

    // A drag moves the content with the mouse and stops at the top-left corner; it pins nothing.
    QTest::mousePress(&view, Qt::LeftButton, {}, inside.toPoint());
    QTest::mouseMove(&view, (inside + QPointF(20, 20)).toPoint());
    QTest::mouseMove(&view, (inside + QPointF(240, 240)).toPoint());
    QTest::mouseRelease(&view, Qt::LeftButton, {}, (inside + QPointF(240, 240)).toPoint());
    QVERIFY(view.zoom().offset.x() < 30 && view.zoom().offset.y() < 30);
    QVERIFY(!models.focus.focus().pinned);
    QTest::mousePress(&view, Qt::MiddleButton, {}, inside.toPoint());
    QTest::mouseMove(&view, (inside + QPointF(2000, 2000)).toPoint());
    QTest::mouseRelease(&view, Qt::MiddleButton, {}, (inside + QPointF(2000, 2000)).toPoint());
    QCOMPARE(view.zoom().offset, QPointF(0, 0));
    g = view.currentLayout();
    QCOMPARE(g.visibleRows().begin, 0);
    QCOMPARE(g.visibleColumns().begin, 0);
    QCOMPARE(g.origin, g.visibleRect().topLeft());

    // A click without a drag still pins the cell under it.
    const QPointF at = g.cellRect(3, 5).center();
    QTest::mouseClick(&view, Qt::LeftButton, {}, at.toPoint());
    QVERIFY(models.focus.focus().pinned);
    QCOMPARE(models.focus.focus().query, 3);
    QCOMPARE(models.focus.focus().key, 5);

    // The same clamps without a widget.
    const HeatmapGeometry fit = view.layoutFor(QSizeF(500, 500));
    const HeatmapZoom twice{2, QPointF()};
    QCOMPARE(twice.pannedBy(fit, QPointF(-1e6, -1e6)).offset, QPointF(20, 20));
    QCOMPARE(twice.pannedBy(fit, QPointF(1e6, 1e6)).offset, QPointF(0, 0));
    const HeatmapZoom huge{1e9, QPointF()};
    QCOMPARE(huge.clamped(fit).factor, HeatmapZoom::maxFactor(fit));
    const HeatmapZoom broken{std::nan(""), QPointF(std::nan(""), 3)};
    QCOMPARE(broken.clamped(fit), HeatmapZoom());
}

void TestHeatmapZoom::keysZoomAndFit()
{
    Words models(40);
    HeatmapView view;
    models.wire(&view);
    QVERIFY(showExposed(view, QSize(500, 500)));
    models.focus.hover(30, 8);
    QTest::keyClick(&view, Qt::Key_Plus);
    QTest::keyClick(&view, Qt::Key_Equal); // + without Shift
    QVERIFY(view.zoom().factor > 2);
    HeatmapGeometry g = view.currentLayout();
    QVERIFY(g.visibleRect().contains(g.cellRect(30, 8).center())); // about the focused cell
    const double in = view.zoom().factor;
    QTest::keyClick(&view, Qt::Key_Minus);
    QVERIFY(view.zoom().factor < in);
    // Arrow keys walk the focus out of view: the view follows.
    for (int i = 0; i < 25; ++i)
        QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(models.focus.focus().key, 33);
    g = view.currentLayout();
    QVERIFY(g.visibleRect().contains(g.cellRect(30, 33).center()));
    QTest::keyClick(&view, Qt::Key_0);
    QCOMPARE(view.zoom(), HeatmapZoom());
}

void TestHeatmapZoom::pinchZooms()
{
    Words models(40);
    HeatmapView view;
    models.wire(&view);
    QVERIFY(showExposed(view, QSize(500, 500)));
    const QPointF at = view.currentLayout().cellRect(12, 30).center();
    const auto pinch = [&](Qt::NativeGestureType type, double value) {
        QNativeGestureEvent event(type, QPointingDevice::primaryPointingDevice(), 2, at, at, view.mapToGlobal(at), value,
                                  QPointF());
        QApplication::sendEvent(&view, &event);
    };
    pinch(Qt::ZoomNativeGesture, 0.5); // fingers apart: 1.5 times larger
    QVERIFY(std::abs(view.zoom().factor - 1.5) < 1e-9);
    pinch(Qt::ZoomNativeGesture, 1.0);
    QVERIFY(std::abs(view.zoom().factor - 3) < 1e-9);
    QCOMPARE(view.currentLayout().cellAt(at), std::optional<HeatmapCell>(HeatmapCell{12, 30}));
    pinch(Qt::SmartZoomNativeGesture, 0); // a two-finger double tap: back to the whole matrix
    QCOMPARE(view.zoom(), HeatmapZoom());
}

void TestHeatmapZoom::minimapShowsAndMovesTheViewport()
{
    Words models(40);
    HeatmapView view;
    models.wire(&view);
    QVERIFY(showExposed(view, QSize(500, 500)));
    QVERIFY(view.currentLayout().minimapRect.isEmpty()); // not at fit
    view.setZoom(HeatmapZoom{4, QPointF(10, 20)});
    const HeatmapGeometry g = view.currentLayout();
    QVERIFY(!g.minimapRect.isEmpty());
    QVERIFY(g.visibleRect().contains(g.minimapRect));
    // The window is a quarter of the map across, a quarter and half of it in.
    const QRectF window = g.minimapWindow();
    QVERIFY(std::abs(window.width() - g.minimapRect.width() / 4) < 1e-6);
    QVERIFY(std::abs(window.left() - (g.minimapRect.left() + g.minimapRect.width() / 4)) < 1e-6);
    QVERIFY(std::abs(window.top() - (g.minimapRect.top() + g.minimapRect.height() / 2)) < 1e-6);
    // The map is not a cell: hovering it focuses nothing, and the map is drawn over the cells.
    QCOMPARE(g.cellAt(g.minimapRect.center()), std::nullopt);
    const QImage shown = view.grab().toImage();
    const QPoint inMap = (g.minimapRect.topLeft() + QPointF(2, 2)).toPoint();
    QCOMPARE(shown.pixel(inMap), colorAt(ColorMapId::Viridis, models.weight(0, 0)));
    // A click on the map centres the viewport there.
    QTest::mouseClick(&view, Qt::LeftButton, {}, g.minimapRect.center().toPoint());
    const HeatmapGeometry moved = view.currentLayout();
    const QPointF middle((moved.visibleRect().center().x() - moved.origin.x()) / moved.cellSize,
                         (moved.visibleRect().center().y() - moved.origin.y()) / moved.cellSize);
    QVERIFY(std::abs(middle.x() - 20) < 0.6 && std::abs(middle.y() - 20) < 0.6);
    QVERIFY(!models.focus.focus().pinned);
}

void TestHeatmapZoom::zoomIsViewStateAndExportsDrawTheWholeMatrix()
{
    Words models(40);
    HeatmapView view;
    models.wire(&view);
    QVERIFY(showExposed(view, QSize(500, 500)));
    const int undoSteps = models.document.undoStack()->count();
    const QImage before = testutils::renderView(view, view.contentSize());
    view.zoomAt(view.currentLayout().cellRect(20, 20).center(), 5);
    QVERIFY(view.zoom().factor > 4);
    QCOMPARE(models.document.undoStack()->count(), undoSteps);
    QCOMPARE(testutils::renderView(view, view.contentSize()), before);
    // Another head of the same text keeps the place; another text starts at fit.
    models.focus.setHead(2);
    QVERIFY(view.zoom().factor > 4);
    models.document.setSentence(words(12));
    models.document.computeNow();
    QTRY_COMPARE(view.result()->tokenCount(), 12);
    QCOMPARE(view.zoom(), HeatmapZoom());
}

void TestHeatmapZoom::poolKeepsTheStrongestCell()
{
    // 8 × 8 values pooled to 3 × 3: cell i goes to ⌊(i + ½)·3/8⌋ = 0,0,0,1,1,2,2,2.
    Matrix values = Matrix::Constant(8, 8, 0.1f); // (8, 8)
    values(4, 6) = 0.9f;
    values(7, 0) = -0.95f;
    values(1, 1) = std::nanf("");
    const Matrix weights = poolByMaximum(values, {0, 8}, {0, 8}, 3, 3, false, false);
    QCOMPARE(weights.rows(), 3);
    QCOMPARE(weights(1, 2), 0.9f);
    QCOMPARE(weights(2, 0), 0.1f); // the largest, not the farthest from 0
    QCOMPARE(weights(0, 0), 0.1f); // NaN never wins
    const Matrix scores = poolByMaximum(values, {0, 8}, {0, 8}, 3, 3, false, true);
    QCOMPARE(scores(2, 0), -0.95f); // by magnitude, sign kept
    // A block: rows 4..7, columns 4..7 into 2 × 2.
    const Matrix block = poolByMaximum(values, {4, 8}, {4, 8}, 2, 2, false, false);
    QCOMPARE(block(0, 1), 0.9f);
    QCOMPARE(block(1, 1), 0.1f);
}

void TestHeatmapZoom::poolRespectsTheCausalMask()
{
    Matrix values = Matrix::Constant(4, 4, 0.5f); // (4, 4): masked cells hold a value that must not show
    values(0, 3) = 9.f;
    const Matrix pooled = poolByMaximum(values, {0, 4}, {2, 4}, 2, 1, true, false);
    // Rows 0–1 see keys ≤ their own index: nothing of columns 2–3 → no value.
    QVERIFY(std::isnan(pooled(0, 0)));
    QCOMPARE(pooled(1, 0), 0.5f);
}

void TestHeatmapZoom::overviewShowsOneStrongCellInFourThousand()
{
    const int strongQuery = 1234;
    const int strongKey = 3071;
    const ResultPtr result = oneStrongCell(strongQuery, strongKey);
    HeatmapView view;
    view.setResult(result);
    const QSize size(500, 500);
    const QImage image = testutils::renderView(view, size);
    const HeatmapGeometry g = view.layoutFor(QSizeF(size));
    QCOMPARE(g.rows, 4096);
    QVERIFY(g.cellSize < 0.2); // far below a pixel: every pixel covers dozens of cells
    QVERIFY(view.pooledImageBuildCount() > 0);

    const QRgb strong = colorAt(ColorMapId::Viridis, 1.0);
    const QRgb uniform = colorAt(ColorMapId::Viridis, 1.0 / 4096);
    QVERIFY(strong != uniform);
    // The strong cell's pixel (or, for rounding, a neighbour) has the strongest colour …
    const QPoint centre = g.cellRect(strongQuery, strongKey).center().toPoint();
    bool found = false;
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
            found = found || image.pixel(centre + QPoint(dx, dy)) == strong;
    QVERIFY2(found, "the one strong cell is visible in the overview");
    // … and only there: the matrix elsewhere is the uniform colour.
    const QRect matrix = g.matrixRect().toAlignedRect().adjusted(2, 2, -2, -2);
    int strongPixels = 0;
    for (int y = matrix.top(); y <= matrix.bottom(); ++y)
        for (int x = matrix.left(); x <= matrix.right(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            strongPixels += pixel == strong;
            if (pixel != strong && std::abs(x - centre.x()) > 2 && std::abs(y - centre.y()) > 2)
                QCOMPARE(pixel, uniform);
        }
    QVERIFY(strongPixels >= 1 && strongPixels <= 4);

    // Hover stays exact on the screen: a point of the strong cell names it.
    QVERIFY(showExposed(view, size));
    view.setZoom(HeatmapZoom{8, QPointF(strongKey - 200, strongQuery - 200)});
    const HeatmapGeometry zoomed = view.currentLayout();
    QVERIFY(zoomed.cellSize < 1);
    const QPointF at = zoomed.cellRect(strongQuery, strongKey).center();
    QCOMPARE(zoomed.cellAt(at), std::optional<HeatmapCell>(HeatmapCell{strongQuery, strongKey}));
    QVERIFY(view.toolTipAt(at).contains(QStringLiteral("\"t1234\" → \"t3071\": 100.0%")));
    const QImage shown = view.grab().toImage();
    found = false;
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
            found = found || shown.pixel(at.toPoint() + QPoint(dx, dy)) == strong;
    QVERIFY2(found, "zoomed in but still below a pixel a cell, the strong cell shows");

    // The head grid's tile, a few hundred pixels for 4,096 tokens, pools the same way.
    HeadGridView grid;
    grid.setResult(result);
    const QImage sheet = testutils::renderView(grid, QSize(360, 360));
    const HeadGridGeometry sheetLayout = grid.layoutFor(QSizeF(360, 360));
    QCOMPARE(int(sheetLayout.tiles.size()), 1);
    const QPoint inTile = sheetLayout.tiles[0].matrix.cellRect(strongQuery, strongKey).center().toPoint();
    found = false;
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
            found = found || sheet.pixel(inTile + QPoint(dx, dy)) == strong;
    QVERIFY2(found, "the grid's tile shows the strong cell");
}

void TestHeatmapZoom::labelsNeverOverlap_data()
{
    QTest::addColumn<int>("tokens");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<int>("focus"); // the focused row and column, or −1
    for (int n : {9, 34, 320}) {
        QTest::addRow("%d tokens", n) << n << 1.0 << -1;
        QTest::addRow("%d tokens, focus", n) << n << 1.0 << n / 2 + 1;
        QTest::addRow("%d tokens, zoomed, focus", n) << n << 3.0 << n / 2 + 1;
    }
}

void TestHeatmapZoom::labelsNeverOverlap()
{
    QFETCH(int, tokens);
    QFETCH(double, zoom);
    QFETCH(int, focus);
    Words models(tokens);
    HeatmapView view;
    models.wire(&view);
    view.resize(500, 500);
    const HeatmapGeometry fit = view.layoutFor(QSizeF(500, 500));
    const HeatmapGeometry g =
        HeatmapZoom().zoomedAbout(fit, fit.cellRect(tokens / 2, tokens / 2).center(), zoom).apply(fit);
    QCOMPARE(g.rows, tokens);
    QVERIFY(g.rowLabelStride > 0 && g.columnLabelStride > 0);

    const std::vector<Outline> labels = shownLabels(g, focus, focus);
    QVERIFY(labels.size() >= 8);
    if (focus >= 0) { // the focused labels are among them
        QVERIFY(g.showsRowLabel(focus, focus));
        QVERIFY(g.showsColumnLabel(focus, focus));
    }
    const std::vector<std::pair<QString, QRectF>> others{{QStringLiteral("title"), g.titleRect},
                                                         {QStringLiteral("key caption"), g.keyCaptionRect},
                                                         {QStringLiteral("query caption"), g.queryCaptionRect},
                                                         {QStringLiteral("colour bar"), g.colorBarRect},
                                                         {QStringLiteral("matrix"), g.visibleRect()}};
    for (size_t i = 0; i < labels.size(); ++i) {
        for (size_t j = i + 1; j < labels.size(); ++j)
            QVERIFY2(!labels[i].area.intersects(labels[j].area),
                     qPrintable(labels[i].name + QStringLiteral(" overlaps ") + labels[j].name));
        for (const auto &[name, rect] : others)
            QVERIFY2(rect.isEmpty() || !labels[i].area.intersects(shrunk(rect)),
                     qPrintable(labels[i].name + QStringLiteral(" overlaps the ") + name));
        QVERIFY2(QRectF(0, 0, 500, 500).contains(labels[i].area.boundingRect()),
                 qPrintable(labels[i].name + QStringLiteral(" is cut by the widget's edge")));
    }
}

void TestHeatmapZoom::nineTokensShowNumbersAndTheWholeTitle()
{
    Words models(9);
    HeatmapView view;
    models.wire(&view);
    const QSize size(480, 480); // about what the central heatmap gets in the first-start window
    const HeatmapGeometry g = view.layoutFor(QSizeF(size));
    QCOMPARE(g.rowLabelStride, 1);
    QCOMPARE(g.columnLabelStride, 1);
    // The numbers are printed: the middle of a cell has more than the cell's own colour.
    const QImage image = testutils::renderView(view, size);
    for (const auto &[q, k] : std::vector<std::pair<int, int>>{{0, 0}, {4, 7}, {8, 8}}) {
        const QRect cell = g.cellRect(q, k).toAlignedRect().adjusted(3, 3, -3, -3);
        const QRgb fill = colorAt(ColorMapId::Viridis, models.weight(q, k));
        QCOMPARE(image.pixel(cell.topLeft()), fill);
        bool text = false;
        for (int y = cell.top(); y <= cell.bottom() && !text; ++y)
            for (int x = cell.left(); x <= cell.right() && !text; ++x)
                text = image.pixel(x, y) != fill;
        QVERIFY2(text, "the cell's value is printed in it");
    }
    // The title fits whole.
    const QFontMetricsF titleMetrics(HeatmapStyle::forWidget(view).titleFont);
    QVERIFY(titleMetrics.horizontalAdvance(view.exportTitle()) <= g.titleRect.width());

    // Narrow, the title is elided on screen and its tooltip is the whole title.
    QVERIFY(showExposed(view, QSize(260, 300)));
    const HeatmapGeometry narrow = view.currentLayout();
    QVERIFY(titleMetrics.horizontalAdvance(view.exportTitle()) > narrow.titleRect.width());
    const QPoint at = narrow.titleRect.center().toPoint();
    QHelpEvent help(QEvent::ToolTip, at, view.mapToGlobal(at));
    QVERIFY(QApplication::sendEvent(&view, &help));
    QCOMPARE(QToolTip::text(), view.exportTitle());
    QVERIFY(view.exportTitle().contains(QStringLiteral("w0 w1 w2 w3 w4 w5 w6 w7 w8")));
    QToolTip::hideText();
}

void TestHeatmapZoom::gridCaptionsAreNeverElided_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("fullNames");
    QTest::addRow("400 wide, dock") << QSize(400, 300) << true;
    QTest::addRow("400 wide, tall") << QSize(400, 700) << true;
    QTest::addRow("narrow") << QSize(180, 260) << false;
}

void TestHeatmapZoom::gridCaptionsAreNeverElided()
{
    QFETCH(QSize, size);
    QFETCH(bool, fullNames);
    Words models(9);
    QCOMPARE(models.document.result()->headCount(), 8);
    HeadGridView grid;
    models.wire(&grid);
    QVERIFY(showExposed(grid, size));
    const HeadGridGeometry g = grid.currentLayout();
    QCOMPARE(int(g.tiles.size()), 8);
    QFont captionFont = HeatmapStyle::forWidget(grid).labelFont;
    captionFont.setPixelSize(10); // the tiles' small font, bold
    captionFont.setBold(true);
    const QFontMetricsF metrics(captionFont);
    for (const HeadTile &tile : g.tiles) {
        const QString caption = grid.tileCaption(tile);
        QVERIFY2(!caption.contains(QChar(0x2026)), qPrintable(caption));
        QVERIFY2(caption.contains(QString::number(tile.ref.head)), qPrintable(caption));
        QVERIFY2(metrics.horizontalAdvance(caption) <= HeadGridView::captionTextRect(tile.captionRect).width(),
                 qPrintable(caption + QStringLiteral(" does not fit its tile")));
        if (fullNames)
            QCOMPARE(caption, QStringLiteral("head %1").arg(tile.ref.head));
        // The caption's tooltip names the head in full.
        QVERIFY(grid.toolTipAt(tile.captionRect.center()).startsWith(QStringLiteral("head %1 ").arg(tile.ref.head)));
    }
}

void TestHeatmapZoom::gridLabelsFitAndDoNotOverlap()
{
    for (int tokens : {9, 34}) {
        Words models(tokens);
        HeadGridView grid;
        models.wire(&grid);
        for (const QSize size : {QSize(400, 300), QSize(300, 420), QSize(500, 260)}) {
            const HeadGridGeometry g = grid.layoutFor(QSizeF(size));
            std::vector<Outline> labels;
            for (size_t t = 0; t < g.tiles.size(); ++t)
                for (const Outline &label : shownLabels(g.tiles[t].matrix, -1, -1))
                    labels.push_back({QStringLiteral("tile %1 %2").arg(t).arg(label.name), label.area});
            QVERIFY(!labels.empty());
            for (size_t i = 0; i < labels.size(); ++i) {
                for (size_t j = i + 1; j < labels.size(); ++j)
                    QVERIFY2(!labels[i].area.intersects(labels[j].area),
                             qPrintable(labels[i].name + QStringLiteral(" overlaps ") + labels[j].name));
                for (const HeadTile &tile : g.tiles)
                    QVERIFY2(!labels[i].area.intersects(shrunk(tile.captionRect)),
                             qPrintable(labels[i].name + QStringLiteral(" overlaps a caption")));
                QVERIFY2(QRectF(QPointF(0, 0), QSizeF(size)).contains(labels[i].area.boundingRect()),
                         qPrintable(labels[i].name + QStringLiteral(" is clipped")));
            }
            // Row labels are as long as their text: "0 w0" where thinned, not cut to ") w0".
            QFont small = HeatmapStyle::forWidget(grid).labelFont;
            small.setPixelSize(10);
            const QFontMetricsF metrics(small);
            const HeatmapGeometry &first = g.tiles.front().matrix;
            for (int row = 0; row < tokens; ++row)
                if (first.showsRowLabel(row)) {
                    const QString text =
                        heatmappaint::labelText(models.document.result()->tokens, row, first.rowLabelStride, metrics, 90);
                    QVERIFY2(metrics.horizontalAdvance(text) <= first.rowLabelRect(row).width(), qPrintable(text));
                }
        }
    }
}

// The visible scale colours what the zoomed view shows by its own range: zoomed into a corner
// whose largest weight is 0.05 (the head's is 0.9), that cell takes the top colour, as the head's
// 0.9 does at fit; the per-head scale leaves it low.
void TestHeatmapZoom::visibleScaleFollowsTheZoom()
{
    constexpr int n = 40;
    auto result = std::make_shared<AttentionResult>();
    result->text = QStringLiteral("synthetic");
    for (int i = 0; i < n; ++i)
        result->tokens.push_back(Token{QStringLiteral("t%1").arg(i)});
    result->config.heads = 1;
    result->layers.resize(1);
    HeadResult head;
    head.weights = Matrix::Constant(n, n, 0.01f); // (N, N)
    head.weights(30, 30) = 0.9f;
    head.weights(5, 5) = 0.05f;
    head.scores = Matrix::Zero(n, n);
    result->layers[0].heads.push_back(std::move(head));

    ViewOptionsModel options;
    ViewOptions o = options.options();
    o.colorScale = ColorScale::Visible;
    options.setOptions(o);
    HeatmapView view;
    view.setOptions(&options);
    view.setResult(result);
    QVERIFY(showExposed(view, QSize(500, 500)));
    auto pixelOf = [&view](int row, int col) {
        const QPoint at = view.currentLayout().cellRect(row, col).center().toPoint();
        return view.grab().toImage().pixel(at);
    };
    const QRgb top = pixelOf(30, 30); // at fit the visible block is the head: 0.9 is its top
    QVERIFY(pixelOf(5, 5) != top);

    view.setZoom(HeatmapZoom{4, QPointF(0, 0)}); // rows and columns 0–9
    QCOMPARE(view.currentLayout().visibleRows().end, 10);
    QCOMPARE(pixelOf(5, 5), top);

    o.colorScale = ColorScale::Head;
    options.setOptions(o);
    QVERIFY(pixelOf(5, 5) != top);
}

QTEST_MAIN(TestHeatmapZoom)
#include "tst_heatmapzoom.moc"
