#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "views/colormap/colormap.h"
#include "views/heatmap/celltext.h"
#include "views/heatmap/headgridgeometry.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapgeometry.h"
#include "views/heatmap/heatmapview.h"
#include "viewwiring.h"

#include <QApplication>
#include <QHelpEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QToolTip>

#include <cmath>

using namespace attn;
using namespace attn::ui;

namespace {

// The seed's §2.3 numbers, typed in from the document (not taken from the engine): the rows of
// W_Q, W_K are the query and key vectors of "Hello" and "World", d_k = 3.
const double kQuery[2][3] = {{0.2, -0.1, 0.3}, {0.18, 0.15, 0.25}};
const double kKey[2][3] = {{0.1, 0.2, -0.1}, {0.12, 0.19, -0.08}};

double seedDot(int q, int k)
{
    return kQuery[q][0] * kKey[k][0] + kQuery[q][1] * kKey[k][1] + kQuery[q][2] * kKey[k][2];
}

double seedScore(int q, int k)
{
    return seedDot(q, k) / std::sqrt(3.0);
}

double seedWeight(int q, int k) // softmax over the two keys of row q
{
    const double a = std::exp(seedScore(q, 0));
    const double b = std::exp(seedScore(q, 1));
    return (k == 0 ? a : b) / (a + b);
}

QString number(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

// A cell tooltip split into its words and its numbers: "… 49.8% (weight W; score S = q·k D / √3)"
// gives the text with W, S and D replaced by "#", and the three numbers.
struct ToolTipNumbers
{
    QString pattern;
    double weight = std::nan("");
    double score = std::nan("");
    double dot = std::nan("");
};

ToolTipNumbers toolTipNumbers(QString tip)
{
    tip.replace(QChar(0x2212), QLatin1Char('-'));
    static const QRegularExpression numbers(QStringLiteral("\\(weight (\\S+); score (\\S+) = q·k (\\S+) "));
    const QRegularExpressionMatch match = numbers.match(tip);
    if (!match.hasMatch())
        return {tip};
    ToolTipNumbers result;
    result.weight = match.captured(1).toDouble();
    result.score = match.captured(2).toDouble();
    result.dot = match.captured(3).toDouble();
    result.pattern = tip.left(match.capturedStart()) + QStringLiteral("(weight #; score # = q·k # ")
                   + tip.mid(match.capturedEnd());
    return result;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

QImage render(const ExportableView &view, QSize size = {}, bool includeFocus = false)
{
    if (!size.isValid())
        size = view.contentSize();
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::magenta);
    QPainter painter(&image);
    view.paintContent(painter, size, includeFocus);
    return image;
}

// Shows `widget` at `size`; false when the window system never exposes it.
bool showExposed(QWidget &widget, QSize size)
{
    widget.resize(size);
    widget.show();
    return QTest::qWaitForWindowExposed(&widget);
}

// A point inside a cell but away from its centre, where a printed value could sit.
QPoint insideCorner(const QRectF &cell)
{
    return (cell.topLeft() + QPointF(cell.width() * 0.18, cell.height() * 0.18)).toPoint();
}

QString words(int count)
{
    QStringList list;
    for (int i = 0; i < count; ++i)
        list << QStringLiteral("w%1").arg(i);
    return list.join(QLatin1Char(' '));
}

// The models a view is wired to, the document holding `preset` computed.
struct ComputedPreset
{
    explicit ComputedPreset(const QString &preset)
    {
        document.loadPreset(preset);
        document.computeNow();
    }
    void wire(ResultView *view) { wireView(view, &document, &focus, &options); }

    AttentionDocument document;
    FocusModel focus;
    ViewOptionsModel options;
};

} // namespace

class TestHeatmap : public QObject
{
    Q_OBJECT

private slots:
    void geometryRoundTrip_data();
    void geometryRoundTrip();
    void geometryRejectsOutside();
    void labelStride_data();
    void labelStride();
    void labelsThinAndTurn();
    void gridGeometry_data();
    void gridGeometry();

    void tooltipFromHelpEvent_data();
    void tooltipFromHelpEvent();
    void tooltipSaysMaskedAndTemperature();
    void hoverAndClickMoveTheFocus();
    void keyboardMovesTheFocus();
    void renderedPixelsHaveTheMapColour();
    void scoresUseTheDivergingMap();
    void imagesAreCached();
    void fixedHeadForExport();

    void gridShowsEveryHead();
    void gridHoverFocusesHeadAndCell();
    void thousandTokensRender();
};

void TestHeatmap::geometryRoundTrip_data()
{
    QTest::addColumn<QSizeF>("size");
    QTest::addColumn<int>("n");
    QTest::addRow("2 tokens, large") << QSizeF(800, 600) << 2;
    QTest::addRow("6 tokens") << QSizeF(640, 480) << 6;
    QTest::addRow("50 tokens, small") << QSizeF(300, 220) << 50;
    QTest::addRow("1024 tokens") << QSizeF(1000, 900) << 1024;
}

void TestHeatmap::geometryRoundTrip()
{
    QFETCH(QSizeF, size);
    QFETCH(int, n);
    HeatmapMetrics metrics;
    metrics.titleHeight = 18;
    metrics.colorBarWidth = 50;
    const HeatmapGeometry g = HeatmapGeometry::fit(size, n, metrics);
    QCOMPARE(g.rows, n);
    QVERIFY(g.cellSize > 0);
    QVERIFY(g.cellSize <= metrics.maxCellSize);
    // Everything stays inside the space given.
    const QRectF bounds(QPointF(0, 0), size);
    QVERIFY(bounds.adjusted(-0.01, -0.01, 0.01, 0.01).contains(g.contentRect));
    QVERIFY(g.contentRect.contains(g.matrixRect()));
    QVERIFY(!g.colorBarRect.intersects(g.matrixRect()));
    const int step = std::max(1, n / 37);
    for (int row = 0; row < n; row += step) {
        for (int col = 0; col < n; col += step) {
            const QRectF cell = g.cellRect(row, col);
            QCOMPARE(g.cellAt(cell.center()), std::optional<HeatmapCell>(HeatmapCell{row, col}));
            QCOMPARE(g.cellAt(cell.topLeft() + QPointF(0.01, 0.01)), std::optional<HeatmapCell>(HeatmapCell{row, col}));
        }
    }
}

void TestHeatmap::geometryRejectsOutside()
{
    HeatmapGeometry g;
    g.rows = g.cols = 3;
    g.origin = QPointF(100, 50);
    g.cellSize = 20;
    QCOMPARE(g.cellRect(1, 2), QRectF(140, 70, 20, 20));
    QCOMPARE(g.cellAt(QPointF(99.9, 60)), std::nullopt);
    QCOMPARE(g.cellAt(QPointF(110, 49.9)), std::nullopt);
    QCOMPARE(g.cellAt(QPointF(160, 60)), std::nullopt); // right edge belongs to no cell
    QCOMPARE(g.cellAt(QPointF(159.9, 109.9)), std::optional<HeatmapCell>(HeatmapCell{2, 2}));
    QCOMPARE(g.cellAt(QPointF(std::nan(""), 60)), std::nullopt);
    QCOMPARE(g.rowRect(1), QRectF(100, 70, 60, 20));
    QCOMPARE(g.columnRect(0), QRectF(100, 50, 20, 60));
}

void TestHeatmap::labelStride_data()
{
    QTest::addColumn<double>("cell");
    QTest::addColumn<double>("spacing");
    QTest::addColumn<int>("stride");
    QTest::addRow("roomy") << 20.0 << 13.0 << 1;
    QTest::addRow("exact") << 13.0 << 13.0 << 1;
    QTest::addRow("half") << 6.5 << 13.0 << 2;
    QTest::addRow("2.6 → 5") << 5.0 << 13.0 << 5;
    QTest::addRow("13 → 20") << 1.0 << 13.0 << 20;
    QTest::addRow("1024 in 700 px") << 700.0 / 1024 << 13.65 << 20;
    QTest::addRow("no cell") << 0.0 << 13.0 << 0;
}

void TestHeatmap::labelStride()
{
    QFETCH(double, cell);
    QFETCH(double, spacing);
    QFETCH(int, stride);
    QCOMPARE(HeatmapGeometry::labelStride(cell, spacing), stride);
}

void TestHeatmap::labelsThinAndTurn()
{
    HeatmapMetrics metrics; // textHeight 14, labels 40 wide
    const HeatmapGeometry two = HeatmapGeometry::fit(QSizeF(800, 600), 2, metrics);
    QCOMPARE(two.columnLabelAngle, 0); // "Hello" fits a 64-px cell upright
    QCOMPARE(two.rowLabelStride, 1);
    const HeatmapGeometry forty = HeatmapGeometry::fit(QSizeF(800, 600), 40, metrics);
    QCOMPARE(forty.columnLabelAngle, 45);
    // At 45° neighbouring labels are cell·sin 45° apart: they need 1/sin 45° (+ a little) text
    // heights of cell, or one line of text overprints the next.
    QVERIFY(forty.columnLabelStride * forty.cellSize * std::sqrt(0.5) >= metrics.textHeight);
    QVERIFY((forty.columnLabelStride == 1) == (forty.cellSize >= metrics.textHeight * 1.45));
    const HeatmapGeometry many = HeatmapGeometry::fit(QSizeF(800, 600), 1024, metrics);
    QVERIFY(many.rowLabelStride > 1);
    QVERIFY(many.rowLabelStride * many.cellSize >= metrics.textHeight); // thinned labels never overlap
    QVERIFY(many.columnLabelStride * many.cellSize >= metrics.textHeight);
    QVERIFY(many.showsRowLabel(0));
    QVERIFY(!many.showsRowLabel(1));
    // Rotated labels start above their column and left of the colour bar's labels' reach.
    QVERIFY(forty.columnLabelAnchor(3).y() < forty.matrixRect().top());
}

void TestHeatmap::gridGeometry_data()
{
    QTest::addColumn<QSizeF>("size");
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("n");
    QTest::addRow("8 heads, dock") << QSizeF(360, 600) << 8 << 6;
    QTest::addRow("8 heads, wide") << QSizeF(1200, 400) << 8 << 6;
    QTest::addRow("1 head") << QSizeF(300, 300) << 1 << 2;
    QTest::addRow("144 heads") << QSizeF(1400, 1000) << 144 << 128;
}

void TestHeatmap::gridGeometry()
{
    QFETCH(QSizeF, size);
    QFETCH(int, heads);
    QFETCH(int, n);
    std::vector<HeadRef> refs;
    for (int h = 0; h < heads; ++h)
        refs.push_back(HeadRef{0, h});
    HeadGridMetrics metrics;
    metrics.colorBarWidth = 50;
    const HeadGridGeometry g = HeadGridGeometry::fit(size, n, refs, 0, metrics);
    QCOMPARE(int(g.tiles.size()), heads);
    QVERIFY(g.columns >= 1);
    QCOMPARE(g.gridRows, (heads + g.columns - 1) / g.columns);
    QVERIFY(QRectF(QPointF(0, 0), size).adjusted(-0.01, -0.01, 0.01, 0.01).contains(g.contentRect));
    for (int i = 0; i < heads; ++i) {
        const HeadTile &tile = g.tiles[size_t(i)];
        QCOMPARE(tile.ref.head, i);
        for (int j = i + 1; j < heads; ++j)
            QVERIFY(!tile.frame().intersects(g.tiles[size_t(j)].frame()));
        QVERIFY(!tile.frame().intersects(g.colorBarRect));
        const QPointF centre = tile.matrix.cellRect(n - 1, 0).center();
        const std::optional<HeadGridGeometry::Hit> hit = g.hitAt(centre);
        QVERIFY(hit.has_value());
        QCOMPARE(hit->tile, i);
        QCOMPARE(hit->cell, std::optional<HeatmapCell>(HeatmapCell{n - 1, 0}));
        // Labels only beside the first column and above the first row of tiles.
        QCOMPARE(tile.matrix.rowLabelStride > 0, i % g.columns == 0 && tile.matrix.rowLabelStride > 0);
        if (i % g.columns != 0)
            QCOMPARE(tile.matrix.rowLabelStride, 0);
        if (i >= g.columns)
            QCOMPARE(tile.matrix.columnLabelStride, 0);
    }
}

void TestHeatmap::tooltipFromHelpEvent_data()
{
    QTest::addColumn<int>("query");
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("percent");
    QTest::addRow("Hello → Hello") << 0 << 0 << QStringLiteral("49.8%"); // the seed rounds to 49.9%
    QTest::addRow("Hello → World") << 0 << 1 << QStringLiteral("50.2%");
    QTest::addRow("World → Hello") << 1 << 0 << QStringLiteral("49.9%");
    QTest::addRow("World → World") << 1 << 1 << QStringLiteral("50.1%");
}

void TestHeatmap::tooltipFromHelpEvent()
{
    QFETCH(int, query);
    QFETCH(int, key);
    QFETCH(QString, percent);

    ComputedPreset models(QStringLiteral("seed-hello-world"));
    HeatmapView view;
    models.wire(&view);
    QVERIFY(showExposed(view, QSize(640, 480)));

    const QStringList names{QStringLiteral("Hello"), QStringLiteral("World")};
    // Independent: percentages from the seed's vectors, formatted with one decimal.
    QCOMPARE(number(seedWeight(query, key) * 100, 1) + QLatin1Char('%'), percent);
    const QString expected = QStringLiteral("head 0 · \"%1\" → \"%2\": %3 (weight #; score # = q·k # / √3)")
                                 .arg(names[query], names[key], percent);

    const QPoint at = view.currentLayout().cellRect(query, key).center().toPoint();
    QHelpEvent help(QEvent::ToolTip, at, view.mapToGlobal(at));
    QVERIFY(QApplication::sendEvent(&view, &help));
    QCOMPARE(QToolTip::text(), view.toolTipAt(at));
    // Full precision: every number within float rounding of the seed's, far closer than any rounding
    // to three decimals (0.4984 shown as 0.498 would miss by 4e-4).
    const ToolTipNumbers tip = toolTipNumbers(view.toolTipAt(at));
    QCOMPARE(tip.pattern, expected);
    QVERIFY2(std::fabs(tip.weight - seedWeight(query, key)) < 1e-6, qPrintable(QString::number(tip.weight, 'g', 10)));
    QVERIFY2(std::fabs(tip.score - seedScore(query, key)) < 1e-8, qPrintable(QString::number(tip.score, 'g', 10)));
    QVERIFY2(std::fabs(tip.dot - seedDot(query, key)) < 1e-8, qPrintable(QString::number(tip.dot, 'g', 10)));
    QToolTip::hideText();

    // Hovering the same point focuses the same pair, in every view's shared models.focus.
    QTest::mouseMove(&view, at);
    QCOMPARE(models.focus.focus().query, query);
    QCOMPARE(models.focus.focus().key, key);
}

void TestHeatmap::tooltipSaysMaskedAndTemperature()
{
    AttentionDocument document;
    document.loadPreset(QStringLiteral("seed-hello-world"));
    AttentionConfig config = document.config();
    config.causal = true;
    config.temperature = 2.0;
    document.setConfig(config);
    document.computeNow();
    const ResultPtr result = document.result();
    QVERIFY(result);
    QCOMPARE(cellToolTip(*result, 0, 0, 0, 1),
             QStringLiteral("head 0 · \"Hello\" → \"World\": masked (causal: a token sees only itself and earlier tokens)"));
    // Row "World" sees both keys; with T = 2 the scores halve: softmax(s / 2) by hand.
    const double a = std::exp(seedScore(1, 0) / 2);
    const double b = std::exp(seedScore(1, 1) / 2);
    const QString expected = QStringLiteral("head 0 · \"World\" → \"Hello\": %1% (weight #; score # = q·k # / √3 / (T = 2))")
                                 .arg(number(a / (a + b) * 100, 1));
    const ToolTipNumbers tip = toolTipNumbers(cellToolTip(*result, 0, 0, 1, 0));
    QCOMPARE(tip.pattern, expected);
    QVERIFY(std::fabs(tip.weight - a / (a + b)) < 1e-6);
    QVERIFY(std::fabs(tip.score - seedScore(1, 0) / 2) < 1e-8);
    QVERIFY(std::fabs(tip.dot - seedDot(1, 0)) < 1e-8);
    QCOMPARE(cellToolTip(*result, 0, 0, 2, 0), QString()); // no such token
    QCOMPARE(cellToolTip(*result, 0, 5, 0, 0), QString()); // no such head
}

void TestHeatmap::hoverAndClickMoveTheFocus()
{
    ComputedPreset models(QStringLiteral("cat-sat"));
    HeatmapView view;
    models.wire(&view);
    QVERIFY(showExposed(view, QSize(700, 560)));
    const HeatmapGeometry g = view.currentLayout();
    QCOMPARE(g.rows, 6);

    QTest::mouseMove(&view, g.cellRect(1, 5).center().toPoint()); // "cat" → "mat"
    QCOMPARE(models.focus.focus().query, 1);
    QCOMPARE(models.focus.focus().key, 5);
    QVERIFY(!models.focus.focus().pinned);
    QVERIFY(view.toolTipAt(g.cellRect(1, 5).center()).startsWith(QStringLiteral("head 0 · \"cat\" → \"mat\": ")));

    QTest::mouseClick(&view, Qt::LeftButton, {}, g.cellRect(2, 3).center().toPoint());
    QCOMPARE(models.focus.focus().query, 2);
    QCOMPARE(models.focus.focus().key, 3);
    QVERIFY(models.focus.focus().pinned);
    QTest::mouseMove(&view, g.cellRect(4, 4).center().toPoint()); // pinned: hovering elsewhere keeps it
    QCOMPARE(models.focus.focus().query, 2);
    QCOMPARE(models.focus.focus().key, 3);
}

void TestHeatmap::keyboardMovesTheFocus()
{
    ComputedPreset models(QStringLiteral("cat-sat"));
    HeatmapView view;
    models.wire(&view);
    view.resize(600, 500);
    models.focus.hover(2, 2);
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(models.focus.focus().query, 3);
    QCOMPARE(models.focus.focus().key, 2);
    QTest::keyClick(&view, Qt::Key_Right);
    QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(models.focus.focus().key, 4);
    QTest::keyClick(&view, Qt::Key_Up);
    QCOMPARE(models.focus.focus().query, 2);
    for (int i = 0; i < 10; ++i)
        QTest::keyClick(&view, Qt::Key_Right); // clamped at the last token
    QCOMPARE(models.focus.focus().key, 5);
    QTest::keyClick(&view, Qt::Key_Escape);
    QCOMPARE(models.focus.focus().query, -1);
    QCOMPARE(models.focus.focus().key, -1);
    QVERIFY(!models.focus.focus().pinned);
}

void TestHeatmap::renderedPixelsHaveTheMapColour()
{
    ComputedPreset models(QStringLiteral("seed-hello-world"));
    HeatmapView view;
    models.wire(&view);

    for (ColorMapId map : {ColorMapId::Viridis, ColorMapId::Magma, ColorMapId::Cividis, ColorMapId::Greys}) {
        ViewOptions o;
        o.colorMap = map;
        models.options.setOptions(o);
        const QImage image = render(view);
        QVERIFY(distinctColours(image) > 8);
        QVERIFY(image.pixel(0, 0) != QColor(Qt::magenta).rgb()); // the whole area is painted
        const HeatmapGeometry g = view.layoutFor(QSizeF(image.size()));
        for (int q = 0; q < 2; ++q)
            for (int k = 0; k < 2; ++k)
                QCOMPARE(image.pixel(insideCorner(g.cellRect(q, k))), colorAt(map, seedWeight(q, k)));
    }

    // Smaller, the values are no longer printed and the cell centres carry the colour.
    const QSize small(200, 160);
    const QImage image = render(view, small);
    const HeatmapGeometry g = view.layoutFor(QSizeF(small));
    QCOMPARE(image.pixel(g.cellRect(1, 0).center().toPoint()), colorAt(ColorMapId::Greys, seedWeight(1, 0)));
}

void TestHeatmap::scoresUseTheDivergingMap()
{
    ComputedPreset models(QStringLiteral("seed-hello-world"));
    HeatmapView view;
    models.wire(&view);
    ViewOptions o;
    o.cellValue = CellValue::Scores;
    models.options.setOptions(o);
    double range = 0;
    for (int q = 0; q < 2; ++q)
        for (int k = 0; k < 2; ++k)
            range = std::max(range, std::abs(seedScore(q, k)));
    const QImage image = render(view);
    const HeatmapGeometry g = view.layoutFor(QSizeF(image.size()));
    for (int q = 0; q < 2; ++q)
        for (int k = 0; k < 2; ++k)
            QCOMPARE(image.pixel(insideCorner(g.cellRect(q, k))), divergingColorAt(seedScore(q, k), range));
    // −0.017 is blue, +0.017 red.
    QVERIFY(qBlue(image.pixel(insideCorner(g.cellRect(0, 0)))) > qRed(image.pixel(insideCorner(g.cellRect(0, 0)))));
    QVERIFY(qRed(image.pixel(insideCorner(g.cellRect(1, 1)))) > qBlue(image.pixel(insideCorner(g.cellRect(1, 1)))));
}

void TestHeatmap::imagesAreCached()
{
    ComputedPreset models(QStringLiteral("cat-sat"));
    HeatmapView view;
    models.wire(&view);
    render(view);
    QCOMPARE(view.imageBuildCount(), 1);
    models.focus.hover(1, 2); // focus only: nothing rebuilt
    render(view, {}, true);
    render(view, QSize(300, 200));
    QCOMPARE(view.imageBuildCount(), 1);
    models.focus.setHead(3);
    render(view);
    QCOMPARE(view.imageBuildCount(), 2);
    ViewOptions o;
    o.colorMap = ColorMapId::Magma;
    models.options.setOptions(o);
    render(view);
    QCOMPARE(view.imageBuildCount(), 3);
}

void TestHeatmap::fixedHeadForExport()
{
    ComputedPreset models(QStringLiteral("cat-sat"));
    HeatmapView view;
    models.wire(&view);
    QCOMPARE(view.exportName(), QStringLiteral("heatmap"));
    models.focus.setHead(1);
    QCOMPARE(view.shownHead(), 1);
    view.setFixedHead(0, 6);
    QCOMPARE(view.shownHead(), 6);
    QVERIFY(view.exportTitle().startsWith(QStringLiteral("Head 6")));
    models.focus.setHead(2);
    QCOMPARE(view.shownHead(), 6); // the export does not follow the focus
    const ResultPtr result = models.document.result();
    const QImage image = render(view);
    const HeatmapGeometry g = view.layoutFor(QSizeF(image.size()));
    const float w = result->layers[0].heads[6].weights(2, 4);
    QCOMPARE(image.pixel(insideCorner(g.cellRect(2, 4))), colorAt(ColorMapId::Viridis, w));
    view.setFixedHead(0, 99);
    QCOMPARE(view.shownHead(), 7); // clamped
    view.clearFixedHead();
    QCOMPARE(view.shownHead(), 2);
}

void TestHeatmap::gridShowsEveryHead()
{
    ComputedPreset models(QStringLiteral("cat-sat"));
    QCOMPARE(models.document.result()->headCount(), 8);
    HeadGridView grid;
    models.wire(&grid);
    QCOMPARE(grid.exportName(), QStringLiteral("heads"));
    QCOMPARE(int(grid.shownHeads().size()), 8);
    const HeadGridGeometry g = grid.layoutFor(QSizeF(420, 640));
    QCOMPARE(int(g.tiles.size()), 8);

    const QImage sheet = render(grid);
    QVERIFY(distinctColours(sheet) > 16);
    // Every tile's pixels: a cell of known weight has the map's colour for it.
    const ResultPtr result = models.document.result();
    const QImage small = render(grid, QSize(420, 640));
    for (const HeadTile &tile : g.tiles) {
        const float w = result->layers[0].heads[size_t(tile.ref.head)].weights(3, 1);
        QCOMPARE(small.pixel(tile.matrix.cellRect(3, 1).center().toPoint()), colorAt(ColorMapId::Viridis, w));
    }
    QCOMPARE(grid.imageBuildCount(), 8);
    render(grid, QSize(420, 640));
    QCOMPARE(grid.imageBuildCount(), 8); // cached
}

void TestHeatmap::gridHoverFocusesHeadAndCell()
{
    ComputedPreset models(QStringLiteral("cat-sat"));
    HeadGridView grid;
    models.wire(&grid);
    QVERIFY(showExposed(grid, QSize(420, 640)));
    const HeadGridGeometry g = grid.currentLayout();
    const HeadTile &tile = g.tiles[5];
    QTest::mouseMove(&grid, tile.matrix.cellRect(4, 0).center().toPoint());
    QCOMPARE(models.focus.focus().head, 5);
    QCOMPARE(models.focus.focus().query, 4);
    QCOMPARE(models.focus.focus().key, 0);
    QVERIFY(grid.toolTipAt(tile.matrix.cellRect(4, 0).center()).startsWith(QStringLiteral("head 5 · \"the\" → \"The\": ")));
    QTest::mouseClick(&grid, Qt::LeftButton, {}, g.tiles[2].matrix.cellRect(1, 1).center().toPoint());
    QCOMPARE(models.focus.focus().head, 2);
    QVERIFY(models.focus.focus().pinned);
    QCOMPARE(models.focus.focus().query, 1);
    QTest::keyClick(&grid, Qt::Key_PageDown);
    QCOMPARE(models.focus.focus().head, 3);
    QTest::keyClick(&grid, Qt::Key_Escape);
    QVERIFY(!models.focus.focus().hasToken());
}

void TestHeatmap::thousandTokensRender()
{
    AttentionDocument document;
    FocusModel focus;
    ViewOptionsModel options;
    AttentionConfig config = document.config();
    config.heads = 2;
    document.setConfig(config);
    document.setSentence(words(1024));
    // The document computes off the UI thread; wait for the 1,024-token result to be published.
    QTRY_VERIFY_WITH_TIMEOUT(document.result() && document.result()->tokenCount() == 1024, 120000);
    const ResultPtr result = document.result();

    HeatmapView view;
    wireView(&view, &document, &focus, &options);
    view.resize(900, 800);
    focus.hover(700, 3);
    const QImage image = render(view, QSize(900, 800), true);
    QVERIFY(distinctColours(image) > 16);
    const HeatmapGeometry g = view.layoutFor(QSizeF(900, 800));
    QVERIFY(g.rowLabelStride > 1);
    QVERIFY(g.cellSize < 1);
    QVERIFY(!view.toolTipAt(g.cellRect(1000, 10).center()).isEmpty());

    HeadGridView grid;
    wireView(&grid, &document, &focus, &options);
    const QImage sheet = render(grid, QSize(600, 400), true);
    QVERIFY(distinctColours(sheet) > 16);
    QVERIFY(grid.contentSize().width() > 0);
}

QTEST_MAIN(TestHeatmap)
#include "tst_heatmap.moc"
