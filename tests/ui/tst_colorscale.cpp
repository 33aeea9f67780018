#include "core/analysis/keyfilter.h"
#include "viewtestutils.h"
#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "export/viewrenderer.h"
#include "views/colormap/colormap.h"
#include "views/colormap/colorscale.h"
#include "views/flow/flowview.h"
#include "views/heatmap/heatmapview.h"
#include "views/valueformat.h"
#include "viewwiring.h"

#include <QPainter>
#include <QRandomGenerator>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>
#include <limits>

using namespace attn;
using namespace attn::ui;

Q_DECLARE_METATYPE(attn::ui::ColorScale)
Q_DECLARE_METATYPE(attn::ui::ColorTransfer)

namespace {

// The seed's §2.3 vectors, typed in from the document: the rows of W_Q and W_K are the query and
// key vectors of "Hello" and "World", d_k = 3.
const double kQuery[2][3] = {{0.2, -0.1, 0.3}, {0.18, 0.15, 0.25}};
const double kKey[2][3] = {{0.1, 0.2, -0.1}, {0.12, 0.19, -0.08}};

double seedScore(int q, int k)
{
    return (kQuery[q][0] * kKey[k][0] + kQuery[q][1] * kKey[k][1] + kQuery[q][2] * kKey[k][2]) / std::sqrt(3.0);
}

double seedWeight(int q, int k)
{
    const double a = std::exp(seedScore(q, 0));
    const double b = std::exp(seedScore(q, 1));
    return (k == 0 ? a : b) / (a + b);
}

QStringList texts(std::initializer_list<const char *> utf8)
{
    QStringList list;
    for (const char *text : utf8)
        list << QString::fromUtf8(text);
    return list;
}

QStringList svgTexts(const QByteArray &svg)
{
    QXmlStreamReader xml(svg);
    QStringList texts;
    while (!xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    return texts;
}

// Which entry of the map's table a pixel is; −1 when none.
int tableIndex(ColorMapId map, QRgb pixel)
{
    const ColorTable &table = colorTable(map);
    for (int i = 0; i < kColorTableSize; ++i)
        if (table[size_t(i)] == (pixel | 0xff000000u))
            return i;
    return -1;
}

QPoint insideCorner(const QRectF &cell)
{
    return (cell.topLeft() + QPointF(cell.width() * 0.18, cell.height() * 0.18)).toPoint();
}

} // namespace

class TestColorScale : public QObject
{
    Q_OBJECT

private slots:
    void mapping_data();
    void mapping();
    void diverging_data();
    void diverging();
    void shownRangeSkipsMaskedAndZeros();
    void colorBarSaysTheScale_data();
    void colorBarSaysTheScale();
    void nearUniformSpansTheMapPerRow();
    void valueFormatKeepsOneDecimalCount();
    void helloWorldCellsShowThreeDigits();
};

void TestColorScale::mapping_data()
{
    QTest::addColumn<ColorScale>("scale");
    QTest::addColumn<ColorTransfer>("transfer");
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("expected");
    // Ranges used by every row: row 0.10–0.30, head 0.05–0.45, visible 0.20–0.60.
    QTest::addRow("fixed linear") << ColorScale::Fixed << ColorTransfer::Linear << 0.25 << 0.25;
    QTest::addRow("fixed power: √0.25") << ColorScale::Fixed << ColorTransfer::Power << 0.25 << 0.5;
    QTest::addRow("fixed log: 0.01 is 1 − 2/3") << ColorScale::Fixed << ColorTransfer::Log << 0.01 << 1.0 / 3.0;
    QTest::addRow("fixed log: below 0.001") << ColorScale::Fixed << ColorTransfer::Log << 0.0005 << 0.0;
    QTest::addRow("fixed clamps above 1") << ColorScale::Fixed << ColorTransfer::Linear << 1.7 << 1.0;
    QTest::addRow("row: 0.2 halfway 0.1–0.3") << ColorScale::Row << ColorTransfer::Linear << 0.2 << 0.5;
    QTest::addRow("row: its max is the top") << ColorScale::Row << ColorTransfer::Linear << 0.3 << 1.0;
    QTest::addRow("row: its min is the bottom") << ColorScale::Row << ColorTransfer::Linear << 0.1 << 0.0;
    QTest::addRow("row power: a quarter → a half") << ColorScale::Row << ColorTransfer::Power << 0.15 << 0.5;
    QTest::addRow("row log: a tenth → 2/3") << ColorScale::Row << ColorTransfer::Log << 0.12 << 2.0 / 3.0;
    QTest::addRow("head: 0.25 halfway 0.05–0.45") << ColorScale::Head << ColorTransfer::Linear << 0.25 << 0.5;
    QTest::addRow("visible: 0.5 of 0.2–0.6") << ColorScale::Visible << ColorTransfer::Linear << 0.5 << 0.75;
    QTest::addRow("zero below a row's min") << ColorScale::Row << ColorTransfer::Linear << 0.0 << 0.0;
}

void TestColorScale::mapping()
{
    QFETCH(ColorScale, scale);
    QFETCH(ColorTransfer, transfer);
    QFETCH(double, value);
    QFETCH(double, expected);
    const ScaleRanges ranges{{0.1, 0.3}, {0.05, 0.45}, {0.2, 0.6}};
    QVERIFY2(std::fabs(colorPosition(value, ranges, {scale, transfer}) - expected) < 1e-12,
             qPrintable(QString::number(colorPosition(value, ranges, {scale, transfer}), 'g', 17)));
    QVERIFY(std::isnan(colorPosition(std::nan(""), ranges, {scale, transfer})));

    // A row with nothing shown falls back to 0–1; a single shown value spans 0 to itself.
    QCOMPARE(colorPosition(0.3, ScaleRanges{{0, 0}, {0, 0}, {0, 0}}, {ColorScale::Row, ColorTransfer::Linear}), 0.3);
    QCOMPARE(colorPosition(0.35, ScaleRanges{{0.7, 0.7}, {}, {}}, {ColorScale::Row, ColorTransfer::Linear}), 0.5);
}

void TestColorScale::diverging_data()
{
    QTest::addColumn<ColorScale>("scale");
    QTest::addColumn<ColorTransfer>("transfer");
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("expected");
    // The layer's range is 2, the row's largest |score| 4, the head's 0.5.
    QTest::addRow("fixed: −1 of ±2") << ColorScale::Fixed << ColorTransfer::Linear << -1.0 << -0.5;
    QTest::addRow("fixed power: −0.5 of ±2") << ColorScale::Fixed << ColorTransfer::Power << -0.5 << -0.5;
    QTest::addRow("row: 1 of ±4") << ColorScale::Row << ColorTransfer::Linear << 1.0 << 0.25;
    QTest::addRow("head log: 0.05 of ±0.5") << ColorScale::Head << ColorTransfer::Log << 0.05 << 2.0 / 3.0;
    QTest::addRow("head: beyond clamps") << ColorScale::Head << ColorTransfer::Linear << -3.0 << -1.0;
}

void TestColorScale::diverging()
{
    QFETCH(ColorScale, scale);
    QFETCH(ColorTransfer, transfer);
    QFETCH(double, value);
    QFETCH(double, expected);
    const ScaleRanges ranges{{0, 4}, {0, 0.5}, {0, 0.5}};
    const double s = divergingPosition(value, ranges, {scale, transfer}, {0, 2});
    QVERIFY2(std::fabs(s - expected) < 1e-12, qPrintable(QString::number(s, 'g', 17)));
}

void TestColorScale::shownRangeSkipsMaskedAndZeros()
{
    Matrix weights(3, 3);
    weights << 1.0f, 0.9f, 0.9f,   // the causal mask hides 0.9 (keys after the query)
        0.0f, 0.6f, 0.8f,          // 0: a hidden sink key, not the row's minimum
        0.2f, 0.5f, std::numeric_limits<float>::quiet_NaN();
    const ScaleRange row1 = shownRangeInRow(weights, 1, true, false);
    QCOMPARE(row1.low, double(0.6f));
    QCOMPARE(row1.high, double(0.6f));
    const ScaleRange all = shownRange(weights, true, false);
    QCOMPARE(all.low, double(0.2f));
    QCOMPARE(all.high, 1.0);
    const ScaleRange open = shownRangeInRow(weights, 1, false, false);
    QCOMPARE(open.low, double(0.6f));
    QCOMPARE(open.high, double(0.8f));
    Matrix scores(2, 2);
    scores << -3.0f, 9.0f, 1.0f, -2.0f;
    QCOMPARE(shownRange(scores, true, true).high, 3.0);  // 9 is masked
    QCOMPARE(shownRange(scores, false, true).high, 9.0);
    QCOMPARE(largestShown(Matrix::Zero(2, 2), false), 0.0);
}

void TestColorScale::colorBarSaysTheScale_data()
{
    QTest::addColumn<int>("value");
    QTest::addColumn<ColorScale>("scale");
    QTest::addColumn<ColorTransfer>("transfer");
    QTest::addColumn<bool>("oneHead");
    QTest::addColumn<QString>("caption");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QList<double>>("positions");
    const QList<double> even{0, 0.25, 0.5, 0.75, 1};
    const int weights = int(CellValue::Weights);
    const int scores = int(CellValue::Scores);
    QTest::addRow("weights 0–1") << weights << ColorScale::Fixed << ColorTransfer::Linear << true << "weight"
                                 << texts({"0", "0.25", "0.5", "0.75", "1"}) << even;
    QTest::addRow("weights per row") << weights << ColorScale::Row << ColorTransfer::Linear << true
                                     << "weight · row min–max" << texts({"min", "0.25", "0.5", "0.75", "max"})
                                     << even;
    // One head 0.1–0.3: the ticks are its weights.
    QTest::addRow("weights per head, one head")
        << weights << ColorScale::Head << ColorTransfer::Linear << true << "weight · head min–max"
        << texts({"0.1", "0.15", "0.2", "0.25", "0.3"}) << even;
    QTest::addRow("weights per head, a grid")
        << weights << ColorScale::Head << ColorTransfer::Linear << false << "weight · head min–max"
        << texts({"min", "0.25", "0.5", "0.75", "max"}) << even;
    QTest::addRow("weights visible, power")
        << weights << ColorScale::Visible << ColorTransfer::Power << true << "weight · visible min–max · γ 0.5"
        << texts({"0.1", "0.12", "0.15", "0.2", "0.3"})
        << QList<double>{0, std::sqrt(0.1), 0.5, std::sqrt(0.5), 1};
    QTest::addRow("weights 0–1, log") << weights << ColorScale::Fixed << ColorTransfer::Log << true << "weight · log"
                                      << texts({"0.001", "0.01", "0.1", "1"})
                                      << QList<double>{0, 1.0 / 3, 2.0 / 3, 1};
    // Scores stay centred: the layer's ±2 at the fixed scale, ±max per row.
    QTest::addRow("scores fixed") << scores << ColorScale::Fixed << ColorTransfer::Linear << true << "score"
                                  << texts({"−2.00", "−1.00", "0", "1.00", "2.00"}) << even;
    QTest::addRow("scores per row") << scores << ColorScale::Row << ColorTransfer::Linear << true
                                    << "score · row max" << texts({"−max", "−0.5", "0", "0.5", "max"}) << even;
    QTest::addRow("scores per head, power") << scores << ColorScale::Head << ColorTransfer::Power << true
                                            << "score · head max · γ 0.5"
                                            << texts({"−0.300", "−0.075", "0", "0.075", "0.300"})
                                            << QList<double>{0, 0.25, 0.5, 0.75, 1};
}

void TestColorScale::colorBarSaysTheScale()
{
    QFETCH(int, value);
    QFETCH(ColorScale, scale);
    QFETCH(ColorTransfer, transfer);
    QFETCH(bool, oneHead);
    QFETCH(QString, caption);
    QFETCH(QStringList, labels);
    QFETCH(QList<double>, positions);
    const CellValue cells = CellValue(value);
    const ScaleRange fixed{0, cells == CellValue::Scores ? 2.0 : 1.0};
    const ScaleRange head = cells == CellValue::Scores ? ScaleRange{0, 0.3} : ScaleRange{0.1, 0.3};
    const ColorBarScale bar = colorBarScale(cells, {scale, transfer}, fixed, head, oneHead);
    QCOMPARE(colorBarCaption(bar), caption);
    const std::vector<ColorBarTick> ticks = colorBarTicks(bar);
    QStringList shown;
    for (const ColorBarTick &tick : ticks)
        shown << tick.label;
    QCOMPARE(shown, labels);
    QCOMPARE(int(ticks.size()), int(positions.size()));
    for (size_t i = 0; i < ticks.size(); ++i)
        QVERIFY2(std::fabs(ticks[i].position - positions[qsizetype(i)]) < 1e-12, qPrintable(ticks[i].label));
}

void TestColorScale::nearUniformSpansTheMapPerRow()
{
    // Twelve tokens whose head attends almost evenly: every weight a random 0.10–0.13.
    AttentionDocument document;
    document.setSentence(QStringLiteral("a b c d e f g h i j k l"));
    AttentionConfig config = document.config();
    config.heads = 1;
    document.setConfig(config);
    document.computeNow();
    QVERIFY(document.result());
    AttentionResult nearUniform = *document.result();
    const int n = nearUniform.tokenCount();
    QCOMPARE(n, 12);
    QRandomGenerator random(16);
    Matrix &weights = nearUniform.layers[0].heads[0].weights;
    for (int q = 0; q < n; ++q)
        for (int k = 0; k < n; ++k)
            weights(q, k) = float(0.10 + 0.03 * random.generateDouble());
    const ResultPtr shown = std::make_shared<const AttentionResult>(nearUniform);

    FocusModel focus;
    ViewOptionsModel options;
    HeatmapView view;
    view.setFocusModel(&focus);
    view.setOptions(&options);
    view.setResult(shown);
    const QSize size(520, 480);

    // The colour table entry inside each cell (the layout follows the colour bar's caption).
    const auto indices = [&](const QImage &image) {
        const HeatmapGeometry g = view.layoutFor(QSizeF(size));
        std::vector<std::vector<int>> rows(size_t(n), std::vector<int>(size_t(n), -1));
        for (int q = 0; q < n; ++q)
            for (int k = 0; k < n; ++k)
                rows[size_t(q)][size_t(k)] = tableIndex(ColorMapId::Viridis, image.pixel(insideCorner(g.cellRect(q, k))));
        return rows;
    };

    // 0–1: everything within entries 25–33 (0.10·256 to 0.13·256) — one colour to the eye.
    for (const std::vector<int> &row : indices(testutils::renderView(view, size)))
        for (int index : row)
            QVERIFY2(index >= 25 && index <= 33, qPrintable(QString::number(index)));
    QVERIFY(svgTexts(ViewRenderer::renderSvg(view, false)).contains(QStringLiteral("weight")));

    // Per row: each row's strongest key takes the top colour and its weakest the bottom one.
    ViewOptions perRow = options.options();
    perRow.colorScale = ColorScale::Row;
    options.setOptions(perRow);
    const std::vector<std::vector<int>> rows = indices(testutils::renderView(view, size));
    for (int q = 0; q < n; ++q) {
        const auto &row = rows[size_t(q)];
        QCOMPARE(*std::max_element(row.begin(), row.end()), kColorTableSize - 1);
        QCOMPARE(*std::min_element(row.begin(), row.end()), 0);
    }
    QVERIFY(svgTexts(ViewRenderer::renderSvg(view, false)).contains(QStringLiteral("weight · row min–max")));

    // With the first token hidden (its weights 0, the rows rescaled) the range is the other keys':
    // the hidden cell does not become the row's minimum.
    const ResultPtr hidden = hideSinkKeys(shown);
    QVERIFY(hidden->isKeyHidden(0));
    view.setResult(hidden);
    const std::vector<std::vector<int>> rescaled = indices(testutils::renderView(view, size));
    for (int q = 0; q < n; ++q) {
        const auto &row = rescaled[size_t(q)];
        QCOMPARE(*std::max_element(row.begin() + 1, row.end()), kColorTableSize - 1);
        QCOMPARE(*std::min_element(row.begin() + 1, row.end()), 0);
    }
}

void TestColorScale::valueFormatKeepsOneDecimalCount()
{
    QCOMPARE(ValueFormat::significantDigits(2), 3);
    QCOMPARE(ValueFormat::significantDigits(16), 3);
    QCOMPARE(ValueFormat::significantDigits(17), 2);
    // Three significant digits of the largest, the same decimals for all.
    const ValueFormat weights = ValueFormat::forLargest(0.501, 3);
    QCOMPARE(weights.format(0.4984), QStringLiteral("0.498"));
    QCOMPARE(weights.format(0.094), QStringLiteral("0.094"));
    QCOMPARE(weights.format(0.11), QStringLiteral("0.110"));
    const ValueFormat scores = ValueFormat::forLargest(-0.01737, 3);
    QCOMPARE(scores.format(-0.0166), QStringLiteral("−0.0166"));
    QCOMPARE(scores.format(-0.00001), QStringLiteral("0.0000")); // no sign on a rounded zero
    QCOMPARE(ValueFormat::forLargest(3.25, 3).format(-3.25), QStringLiteral("−3.25"));
    QCOMPARE(ValueFormat::forLargest(0.35, 2).format(0.094), QStringLiteral("0.09"));
    QCOMPARE(ValueFormat::forLargest(0, 3).decimals, 3);
    QCOMPARE(fullPrecision(-0.017320508), QStringLiteral("−0.01732051"));
}

void TestColorScale::helloWorldCellsShowThreeDigits()
{
    AttentionDocument document;
    document.loadPreset(QStringLiteral("seed-hello-world"));
    document.computeNow();
    FocusModel focus;
    ViewOptionsModel options;
    HeatmapView view;
    wireView(&view, &document, &focus, &options);

    // By hand from the seed's vectors: "Hello" gives 0.4984 / 0.5016 (the seed, rounding its scores
    // first, prints 0.499 / 0.501), "World" 0.4990 / 0.5010.
    QCOMPARE(QString::number(seedWeight(0, 0), 'f', 3), QStringLiteral("0.498"));
    QCOMPARE(QString::number(seedWeight(1, 0), 'f', 3), QStringLiteral("0.499"));
    QStringList texts = svgTexts(ViewRenderer::renderSvg(view, false));
    for (const char *cell : {"0.498", "0.502", "0.499", "0.501"})
        QVERIFY2(texts.contains(QLatin1String(cell)), qPrintable(QLatin1String(cell) + QStringLiteral(" not in ") + texts.join(u'|')));
    QVERIFY(!texts.contains(QStringLiteral("0.50")));

    // The arrows print the same digits: each query's strongest arrow is labelled, Hello → World
    // 0.502 and World → World 0.501 (the seed's 0.50 on every arrow hid the difference).
    FlowView arcs(FlowLayout::Arcs);
    wireView(&arcs, &document, &focus, &options);
    const QStringList arrows = svgTexts(ViewRenderer::renderSvg(arcs, false));
    for (const char *label : {"0.502", "0.501"})
        QVERIFY2(arrows.contains(QLatin1String(label)), qPrintable(QLatin1String(label) + QStringLiteral(" not in ") + arrows.join(u'|')));
    QVERIFY(!arrows.contains(QStringLiteral("0.50")));

    // Scores: −0.03/√3, −0.019/√3, 0.023/√3, 0.0301/√3, to the fourth decimal.
    ViewOptions scores = options.options();
    scores.cellValue = CellValue::Scores;
    options.setOptions(scores);
    texts = svgTexts(ViewRenderer::renderSvg(view, false));
    for (const char *cell : {"−0.0173", "−0.0110", "0.0133", "0.0174"})
        QVERIFY2(texts.contains(QString::fromUtf8(cell)), qPrintable(QString::fromUtf8(cell) + QStringLiteral(" not in ") + texts.join(u'|')));
}

QTEST_MAIN(TestColorScale)
#include "tst_colorscale.moc"
