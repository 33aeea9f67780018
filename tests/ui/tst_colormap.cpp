#include "views/colormap/colormap.h"

#include <QSet>
#include <QTest>

#include <cmath>
#include <limits>

using namespace attn;
using namespace attn::ui;

Q_DECLARE_METATYPE(attn::ui::ColorMapId)

class TestColorMap : public QObject
{
    Q_OBJECT

private slots:
    void publishedColours_data();
    void publishedColours();
    void clampsOutOfRange();
    void nanIsNoValue();
    void tableMatchesColorAt();
    void divergingIsCentredOnZero();
    void symmetricRangeIgnoresMaskedAndNonFinite();
    void headColoursAreDistinct();
    void textColourContrasts();
};

void TestColorMap::publishedColours_data()
{
    QTest::addColumn<ColorMapId>("map");
    QTest::addColumn<double>("t");
    QTest::addColumn<QString>("expected");

    // matplotlib: to_hex(cm.viridis(t)) etc. (t = 0.5 takes entry 128 of 256); viridis' ends
    // #440154 / #fde725 are the colours quoted everywhere the map is documented.
    QTest::addRow("viridis 0") << ColorMapId::Viridis << 0.0 << QStringLiteral("#440154");
    QTest::addRow("viridis 0.5") << ColorMapId::Viridis << 0.5 << QStringLiteral("#21918c");
    QTest::addRow("viridis 1") << ColorMapId::Viridis << 1.0 << QStringLiteral("#fde725");
    QTest::addRow("magma 0") << ColorMapId::Magma << 0.0 << QStringLiteral("#000004");
    QTest::addRow("magma 0.5") << ColorMapId::Magma << 0.5 << QStringLiteral("#b73779");
    QTest::addRow("magma 1") << ColorMapId::Magma << 1.0 << QStringLiteral("#fcfdbf");
    QTest::addRow("cividis 0") << ColorMapId::Cividis << 0.0 << QStringLiteral("#00224e");
    QTest::addRow("cividis 0.5") << ColorMapId::Cividis << 0.5 << QStringLiteral("#7d7c78");
    QTest::addRow("cividis 1") << ColorMapId::Cividis << 1.0 << QStringLiteral("#fee838");
    // Greys: ColorBrewer's ends; at 0.5 entry 128 sits at 128/255 = 0.50196, 0.0157 of the way
    // from #969696 (150) to #737373 (115): 150 − 0.1255·35 = 149.45 → 149 = #959595.
    QTest::addRow("greys 0") << ColorMapId::Greys << 0.0 << QStringLiteral("#ffffff");
    QTest::addRow("greys 0.5") << ColorMapId::Greys << 0.5 << QStringLiteral("#959595");
    QTest::addRow("greys 1") << ColorMapId::Greys << 1.0 << QStringLiteral("#000000");
}

void TestColorMap::publishedColours()
{
    QFETCH(ColorMapId, map);
    QFETCH(double, t);
    QFETCH(QString, expected);
    QCOMPARE(QColor(colorAt(map, t)).name(), expected);
}

void TestColorMap::clampsOutOfRange()
{
    for (ColorMapId map : allColorMaps()) {
        QCOMPARE(colorAt(map, -3.0), colorAt(map, 0.0));
        QCOMPARE(colorAt(map, 7.0), colorAt(map, 1.0));
        QCOMPARE(colorAt(map, std::numeric_limits<double>::infinity()), colorAt(map, 1.0));
        QCOMPARE(colorAt(map, -std::numeric_limits<double>::infinity()), colorAt(map, 0.0));
    }
    QCOMPARE(colorIndex(0.0), 0);
    QCOMPARE(colorIndex(1.0 / 256.0), 1);
    QCOMPARE(colorIndex(0.999), 255);
    QCOMPARE(colorIndex(1.0), 255);
}

void TestColorMap::nanIsNoValue()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QCOMPARE(colorIndex(nan), -1);
    for (ColorMapId map : allColorMaps()) {
        const QRgb none = colorAt(map, nan);
        QCOMPARE(none, noValueColor(map));
        // Distinct: no entry of the map itself has this colour.
        for (QRgb c : colorTable(map))
            QVERIFY2(c != none, qPrintable(colorMapName(map)));
    }
    QCOMPARE(divergingColorAt(nan, 2.0), divergingNoValueColor());
    for (QRgb c : divergingTable())
        QVERIFY(c != divergingNoValueColor());
}

void TestColorMap::tableMatchesColorAt()
{
    // The views fill images from the table; exported pixels must equal colorAt().
    for (ColorMapId map : allColorMaps())
        for (int i = 0; i < kColorTableSize; ++i)
            QCOMPARE(colorTable(map)[size_t(i)], colorAt(map, (i + 0.5) / kColorTableSize));
}

void TestColorMap::divergingIsCentredOnZero()
{
    QCOMPARE(QColor(divergingColorAt(0.0, 3.0)).name(), QStringLiteral("#f7f7f7"));
    QCOMPARE(QColor(divergingColorAt(-3.0, 3.0)).name(), QStringLiteral("#053061"));
    QCOMPARE(QColor(divergingColorAt(3.0, 3.0)).name(), QStringLiteral("#67001f"));
    QCOMPARE(divergingColorAt(-99.0, 3.0), divergingColorAt(-3.0, 3.0));
    QCOMPARE(divergingIndex(0.0, 5.0), kDivergingCentre);
    // Symmetric: ±v are the same distance from the centre, on opposite sides.
    for (double v : {0.1, 0.5, 1.3, 2.9}) {
        QCOMPARE(divergingIndex(v, 3.0) - kDivergingCentre, kDivergingCentre - divergingIndex(-v, 3.0));
        QVERIFY(qRed(divergingColorAt(v, 3.0)) > qBlue(divergingColorAt(v, 3.0)));   // positive: red
        QVERIFY(qBlue(divergingColorAt(-v, 3.0)) > qRed(divergingColorAt(-v, 3.0))); // negative: blue
    }
}

void TestColorMap::symmetricRangeIgnoresMaskedAndNonFinite()
{
    Matrix scores(3, 3); // (N, N)
    scores << 0.5f, 9.0f, 7.0f,                               //
        -1.5f, 0.25f, std::numeric_limits<float>::infinity(), //
        std::numeric_limits<float>::quiet_NaN(), 1.0f, -0.75f;
    // Causal: only the lower triangle with the diagonal counts → max |−1.5| = 1.5.
    QCOMPARE(symmetricRange(scores, true), 1.5);
    // Not causal: 9 is visible; inf and NaN are still ignored.
    QCOMPARE(symmetricRange(scores, false), 9.0);
    QCOMPARE(symmetricRange(Matrix::Zero(2, 2), false), 1.0);
    QCOMPARE(symmetricRange(Matrix(0, 0), true), 1.0);
}

void TestColorMap::headColoursAreDistinct()
{
    QSet<QRgb> seen;
    for (int head = 0; head < 64; ++head) {
        const QColor c = headColor(head);
        QVERIFY(c.isValid());
        seen.insert(c.rgb());
        QCOMPARE(headColor(head), c); // stable
    }
    QCOMPARE(seen.size(), 64);
}

void TestColorMap::textColourContrasts()
{
    QCOMPARE(textColorOn(qRgb(0x44, 0x01, 0x54)), QColor(Qt::white)); // viridis 0
    QCOMPARE(textColorOn(qRgb(0xfd, 0xe7, 0x25)), QColor(Qt::black)); // viridis 1
}

QTEST_MAIN(TestColorMap)
#include "tst_colormap.moc"
