// The step panel against numbers computed here by hand from the seed's vectors (§2.3), never
// against the engine's own output.
#include "views/steps/stepformat.h"
#include "views/steps/stephtml.h"
#include "views/steps/steppanel.h"
#include "views/steps/stepwriter.h"
#include "viewwiring.h"

#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"

#include "core/engine/attentionengine.h"
#include "core/engine/presets.h"

#include <QImage>
#include <QPainter>
#include <QRegularExpression>
#include <QTextDocument>
#include <QtTest>

#include <array>
#include <cmath>

using namespace attn;
using namespace attn::ui;

namespace {

// The seed's vectors for "Hello" and "World".
constexpr std::array<double, 3> qHello{0.2, -0.1, 0.3};
constexpr std::array<double, 3> kHello{0.1, 0.2, -0.1};
constexpr std::array<double, 3> kWorld{0.12, 0.19, -0.08};
constexpr std::array<double, 3> vHello{0.15, 0.1, 0.2};
constexpr std::array<double, 3> vWorld{0.14, 0.12, 0.18};

// 3 decimals with the typographic minus the panel uses.
QString shown(double value)
{
    return QString::number(value, 'f', 3).replace(QLatin1Char('-'), QChar(0x2212));
}

double dot(const std::array<double, 3> &a, const std::array<double, 3> &b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

struct HandComputed
{
    double scoreHello, scoreWorld, expHello, expWorld, sum, weightHello, weightWorld;
    std::array<double, 3> output;
};

HandComputed handComputed()
{
    HandComputed h{};
    h.scoreHello = dot(qHello, kHello) / std::sqrt(3.0);
    h.scoreWorld = dot(qHello, kWorld) / std::sqrt(3.0);
    h.expHello = std::exp(h.scoreHello);
    h.expWorld = std::exp(h.scoreWorld);
    h.sum = h.expHello + h.expWorld;
    h.weightHello = h.expHello / h.sum;
    h.weightWorld = h.expWorld / h.sum;
    for (int d = 0; d < 3; ++d)
        h.output[size_t(d)] = h.weightHello * vHello[size_t(d)] + h.weightWorld * vWorld[size_t(d)];
    return h;
}

QString section(const QString &text, const QString &from, const QString &to)
{
    const qsizetype begin = text.indexOf(from);
    const qsizetype end = text.indexOf(to, begin + 1);
    return begin < 0 ? QString() : text.mid(begin, end < 0 ? -1 : end - begin);
}

// A document on one of the seed's presets, computed synchronously.
struct Fixture
{
    AttentionDocument document;
    FocusModel focus;
    ViewOptionsModel options;

    explicit Fixture(const QString &preset)
    {
        document.loadPreset(preset);
        document.computeNow();
    }
    void wire(StepPanel *panel) { wireStepPanel(panel, &document, &focus, &options); }
    ~Fixture()
    {
        // loadPreset() started a background job that computeNow() made stale; let it end before
        // the document goes (its destructor waits for the worker).
        if (!QTest::qWaitFor([this] { return !document.isBusy(); }, 10000))
            qWarning("the document's background job did not finish");
    }
    void setCausal()
    {
        AttentionConfig config = document.config();
        config.causal = true;
        document.setConfig(config);
        document.computeNow();
    }
};

} // namespace

class TestSteps : public QObject
{
    Q_OBJECT

private slots:
    void helloWorldNumbers_data();
    void helloWorldNumbers();
    void helloWorldDotProductTermByTerm();
    void otherKeyChangesStepTwo();
    void noFocusShowsStrongestKey();
    void causalMaskedKeySaysMasked();
    void temperatureAndScaling_data();
    void temperatureAndScaling();
    void seedNotes_data();
    void seedNotes();
    void minusSignConvention();
    void tooltipHasFullPrecision();
    void multiHeadConcatenation();
    void modelSaysWhatCameBefore();
    void paintsIntoImage();
    void formatting_data();
    void formatting();
    void vectorFormatting();
    void focusLinks();
    void hoveringATokenFocusesIt();
};

void TestSteps::helloWorldNumbers_data()
{
    QTest::addColumn<QString>("expected");
    const HandComputed h = handComputed();
    // The seed's printed numbers that the true computation reproduces…
    QTest::addRow("product 0.2×0.12") << QStringLiteral("0.024");
    QTest::addRow("dot −0.019") << QStringLiteral("−0.019");
    QTest::addRow("√3") << QStringLiteral("1.732");
    QTest::addRow("score Hello→Hello") << QStringLiteral("−0.017");
    QTest::addRow("score Hello→World") << QStringLiteral("−0.011");
    QTest::addRow("exp Hello") << QStringLiteral("0.983");
    QTest::addRow("exp World") << QStringLiteral("0.989");
    QTest::addRow("sum") << QStringLiteral("1.972");
    QTest::addRow("weighted V[Hello]") << QStringLiteral("[0.075, 0.050, 0.100]");
    QTest::addRow("weighted V[World]") << QStringLiteral("[0.070, 0.060, 0.090]");
    // …and the true weights and output, computed above in double from the seed's vectors.
    QTest::addRow("weight Hello") << shown(h.weightHello) + QStringLiteral(" (49.8%)");
    QTest::addRow("weight World") << shown(h.weightWorld) + QStringLiteral(" (50.2%)");
    QTest::addRow("output") << QStringLiteral("[%1, %2, %3]").arg(shown(h.output[0]), shown(h.output[1]), shown(h.output[2]));
    QTest::addRow("output literal") << QStringLiteral("= [0.145, 0.110, 0.190]");
    QTest::addRow("Q of Hello") << QStringLiteral("Q[\"Hello\"] = X[\"Hello\"] × W_Q = [0.200, −0.100, 0.300]");
    QTest::addRow("X of Hello") << QStringLiteral("X[\"Hello\"] = [1.000, 0.000]");
    QTest::addRow("V of World") << QStringLiteral("V[\"World\"] = X[\"World\"] × W_V = [0.140, 0.120, 0.180]");
    QTest::addRow("weights line") << QStringLiteral("Attention[\"Hello\", \"World\"] = 0.989 / 1.972 ≈ 0.502 (50.2%)");
    QTest::addRow("exp line") << QStringLiteral("exp(−0.011) ≈ 0.989");
    QTest::addRow("sum line") << QStringLiteral("Sum = 0.983 + 0.989 = 1.972");
    QTest::addRow("meaning") << QStringLiteral("\"Hello\" attends 49.8% to itself and 50.2% to \"World\".");
}

void TestSteps::helloWorldNumbers()
{
    QFETCH(QString, expected);
    Fixture f(QStringLiteral("seed-hello-world"));
    f.focus.pin(0, 1);
    StepPanel panel;
    f.wire(&panel);
    const QString text = panel.plainText();
    QVERIFY2(text.contains(expected), qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(expected, text)));
}

void TestSteps::helloWorldDotProductTermByTerm()
{
    Fixture f(QStringLiteral("seed-hello-world"));
    f.focus.pin(0, 1);
    StepPanel panel;
    f.wire(&panel);
    const QString step2 = section(panel.plainText(), QStringLiteral("Step 2"), QStringLiteral("Step 3"));
    // The seed: (0.2×0.12 + (-0.1)×0.19 + 0.3×(-0.08)) / √3 = (0.024 - 0.019 - 0.024) / 1.732 = -0.019 / 1.732 ≈ -0.011
    const QStringList expected{
        QStringLiteral("Score[\"Hello\", \"World\"] = (0.200×0.120 + (−0.100)×0.190 + 0.300×(−0.080)) / √3"),
        QStringLiteral("= (0.024 − 0.019 − 0.024) / 1.732"),
        QStringLiteral("= −0.019 / 1.732"),
        QStringLiteral("≈ −0.011"),
        QStringLiteral("Score[\"Hello\", \"Hello\"] = −0.030 / 1.732 ≈ −0.017"),
    };
    for (const QString &line : expected)
        QVERIFY2(step2.contains(line), qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(line, step2)));
    QCOMPARE(panel.shownQuery(), 0);
    QCOMPARE(panel.shownKey(), 1);
}

void TestSteps::otherKeyChangesStepTwo()
{
    Fixture f(QStringLiteral("seed-hello-world"));
    f.focus.pin(0, 1);
    StepPanel panel;
    f.wire(&panel);
    const QString before = section(panel.plainText(), QStringLiteral("Step 2"), QStringLiteral("Step 3"));
    f.focus.pin(0, 0);
    const QString after = section(panel.plainText(), QStringLiteral("Step 2"), QStringLiteral("Step 3"));
    QVERIFY(before != after);
    QCOMPARE(panel.shownKey(), 0);
    // The seed's other worked score: (0.02 - 0.02 - 0.03) / 1.732 = -0.03 / 1.732 ≈ -0.017.
    QVERIFY(after.contains(QStringLiteral("Score[\"Hello\", \"Hello\"] = (0.200×0.100 + (−0.100)×0.200 + 0.300×(−0.100)) / √3")));
    QVERIFY(after.contains(QStringLiteral("= (0.020 − 0.020 − 0.030) / 1.732")));
    QVERIFY(after.contains(QStringLiteral("= −0.030 / 1.732")));
    QVERIFY(!after.contains(QStringLiteral("(0.024 − 0.019 − 0.024)")));

    // The second query: "World" with the key "Hello", by hand.
    f.focus.pin(1, 0);
    const QString world = section(panel.plainText(), QStringLiteral("Step 2"), QStringLiteral("Step 3"));
    const double score = dot({0.18, 0.15, 0.25}, kHello) / std::sqrt(3.0);
    QVERIFY2(world.contains(QStringLiteral("≈ ") + shown(score)), qPrintable(world));
}

void TestSteps::noFocusShowsStrongestKey()
{
    Fixture f(QStringLiteral("seed-hello-world"));
    StepPanel panel;
    f.wire(&panel);
    QCOMPARE(panel.shownQuery(), 0);
    QCOMPARE(panel.shownKey(), 1); // 0.502 > 0.498
    QVERIFY(panel.plainText().contains(QStringLiteral("No cell is focused")));

    f.focus.hover(1, -1); // a whole token: "World", whose strongest key is itself
    QCOMPARE(panel.shownQuery(), 1);
    const double toHello = dot({0.18, 0.15, 0.25}, kHello);
    const double toWorld = dot({0.18, 0.15, 0.25}, kWorld);
    QCOMPARE(panel.shownKey(), toWorld > toHello ? 1 : 0);
    QVERIFY(panel.plainText().contains(QStringLiteral("Token \"World\" is focused")));
}

void TestSteps::causalMaskedKeySaysMasked()
{
    Fixture f(QStringLiteral("seed-hello-world"));
    f.setCausal();
    f.focus.pin(0, 1);
    StepPanel panel;
    f.wire(&panel);
    const QString text = panel.plainText();
    const QString step2 = section(text, QStringLiteral("Step 2"), QStringLiteral("Step 3"));
    QVERIFY2(step2.contains(QStringLiteral("masked: \"World\" comes after \"Hello\"")), qPrintable(step2));
    const QString step3 = section(text, QStringLiteral("Step 3"), QStringLiteral("Step 4"));
    QVERIFY2(step3.contains(QStringLiteral("Attention[\"Hello\", \"World\"] = 0 (masked)")), qPrintable(step3));
    QVERIFY2(step3.contains(QStringLiteral("1.000 (100.0%)")), qPrintable(step3));
    // Output = 1 × V["Hello"].
    QVERIFY2(text.contains(QStringLiteral("= [0.150, 0.100, 0.200]")), qPrintable(text));

    f.focus.pin(1, 0); // "World" may look back at "Hello"
    QVERIFY(!section(panel.plainText(), QStringLiteral("Step 2"), QStringLiteral("Step 3")).contains(QStringLiteral("masked:")));
}

void TestSteps::temperatureAndScaling_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<double>("temperature");
    QTest::addColumn<QStringList>("expected");
    const double rootThree = std::sqrt(3.0);
    const double dotHello = dot(qHello, kHello);
    const double dotWorld = dot(qHello, kWorld);
    QTest::addRow("T = 0.5")
        << QStringLiteral("seed-hello-world") << 0.5
        << QStringList{QStringLiteral("Score[i, j] = (Query[i] · Key[j]) / √d_k / T"),
                       QStringLiteral("Temperature T = 0.500 divides every score: below 1 it sharpens"),
                       QStringLiteral("= −0.019 / 1.732 / 0.500"), QStringLiteral("≈ ") + shown(dotWorld / rootThree / 0.5)};
    // Scores of −34.6 and −21.9: the exponentials are shown in the stable form, with the reason.
    const double t = 0.0005;
    const double m = dotWorld / rootThree / t;
    QTest::addRow("T = 0.0005, stable form")
        << QStringLiteral("seed-hello-world") << t
        << QStringList{QStringLiteral("The largest score of this row is m = ") + shown(m),
                       QStringLiteral("exp(%1 − (%2)) ≈ ").arg(shown(dotHello / rootThree / t), shown(m)),
                       QStringLiteral("each exponential of score − m")};
    QTest::addRow("scaling off (§2.4)")
        << QStringLiteral("seed-score-table") << 1.0
        << QStringList{QStringLiteral("Score[i, j] = Query[i] · Key[j]"),
                       QStringLiteral("Scaling by √d_k is switched off"),
                       QStringLiteral("Score[\"Hello\", \"Hello\"] = 0.500×1.000 + 0.300×0.000")};
}

void TestSteps::temperatureAndScaling()
{
    QFETCH(QString, preset);
    QFETCH(double, temperature);
    QFETCH(QStringList, expected);
    Fixture f(preset);
    AttentionConfig config = f.document.config();
    config.temperature = temperature;
    f.document.setConfig(config);
    f.document.computeNow();
    f.focus.pin(0, preset == QLatin1String("seed-score-table") ? 0 : 1);
    StepPanel panel;
    f.wire(&panel);
    const QString text = panel.plainText();
    for (const QString &part : expected)
        QVERIFY2(text.contains(part), qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(part, text)));
    QCOMPARE(text.contains(QStringLiteral("Temperature T")), temperature != 1.0);
}

void TestSteps::seedNotes_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<int>("query");
    QTest::addColumn<QStringList>("expected");
    auto softmax2 = [](double a, double b) {
        const double ea = std::exp(a);
        const double eb = std::exp(b);
        return std::pair{ea / (ea + eb), eb / (ea + eb)};
    };
    const auto [w00, w01] = softmax2(0.5, 0.3);
    const auto [w10, w11] = softmax2(0.4, 0.6);
    const HandComputed h = handComputed();
    // §2.3 says why it differs, as §2.4 does, in Step 3 and again where Step 4 uses the weights.
    QTest::addRow("§2.3 rounding") << QStringLiteral("seed-hello-world") << 0
                                   << QStringList{QStringLiteral("§2.3 prints 0.499 / 0.501 for this row, but softmax("),
                                                  QStringLiteral("rounds its intermediate values"),
                                                  shown(h.weightHello) + QStringLiteral(" / ") + shown(h.weightWorld),
                                                  QStringLiteral("§2.3 multiplies by 0.499 and 0.501"),
                                                  QStringLiteral("[0.145, 0.110, 0.190]")};
    QTest::addRow("§2.4 Hello") << QStringLiteral("seed-score-table") << 0
                                << QStringList{QStringLiteral("0.62 / 0.38"), QStringLiteral("softmax(0.5, 0.3) = ")
                                                   + shown(w00) + QStringLiteral(" / ") + shown(w01)};
    QTest::addRow("§2.4 World") << QStringLiteral("seed-score-table") << 1
                                << QStringList{QStringLiteral("0.40 / 0.60"), QStringLiteral("softmax(0.4, 0.6) = ")
                                                   + shown(w10) + QStringLiteral(" / ") + shown(w11)};
}

void TestSteps::seedNotes()
{
    QFETCH(QString, preset);
    QFETCH(int, query);
    QFETCH(QStringList, expected);
    Fixture f(preset);
    f.focus.pin(query, 0);
    StepPanel panel;
    f.wire(&panel);
    const QString text = panel.plainText();
    QVERIFY(text.contains(QStringLiteral("About the seed's numbers")));
    for (const QString &part : expected)
        QVERIFY2(text.contains(part), qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(part, text)));

    // Once the matrices no longer hold the seed's numbers, no note.
    LearnedMatrices weights = f.document.weights();
    weights.heads[0].wQ(0, 0) += 1.f;
    weights.heads[0].wQ(1, 0) += 1.f;
    f.document.setWeights(weights, QStringLiteral("edit"));
    f.document.computeNow();
    QVERIFY(!panel.plainText().contains(QStringLiteral("About the seed's numbers")));
}

void TestSteps::minusSignConvention()
{
    // One convention: the typographic minus U+2212, never an ASCII hyphen before a number.
    Fixture f(QStringLiteral("cat-sat"));
    f.focus.pin(2, 5);
    StepPanel panel;
    f.wire(&panel);
    const QString text = panel.plainText();
    QVERIFY(text.contains(QChar(0x2212)));
    const QRegularExpression hyphenNumber(QStringLiteral("-\\d"));
    QVERIFY2(!hyphenNumber.match(text).hasMatch(), qPrintable(hyphenNumber.match(text).captured()));
    QVERIFY(!text.contains(QStringLiteral("−0.000")));
}

void TestSteps::tooltipHasFullPrecision()
{
    Fixture f(QStringLiteral("seed-hello-world"));
    f.focus.pin(0, 1);
    StepPanel panel;
    f.wire(&panel);
    const QSize size = panel.contentSize();
    // Find the tooltip of the focused score anywhere on the page.
    const QString prefix = QStringLiteral("Score[\"Hello\", \"World\"] = ");
    QString tip;
    for (int y = 0; y < size.height() && tip.isEmpty(); y += 4)
        for (int x = 0; x < size.width() && tip.isEmpty(); x += 5) {
            const QString candidate = panel.toolTipAt(QPoint(x, y));
            if (candidate.startsWith(prefix))
                tip = candidate;
        }
    QVERIFY(!tip.isEmpty());
    QString value = tip.mid(prefix.size());
    value.replace(QChar(0x2212), QLatin1Char('-'));
    bool ok = false;
    const double parsed = value.toDouble(&ok);
    QVERIFY(ok);
    QVERIFY(value.size() > 8); // more digits than the page shows
    QVERIFY(std::fabs(parsed - handComputed().scoreWorld) < 1e-7);
}

void TestSteps::multiHeadConcatenation()
{
    Fixture f(QStringLiteral("cat-sat"));
    f.focus.setHead(3);
    f.focus.pin(1, 5);
    StepPanel panel;
    f.wire(&panel);
    const QString text = panel.plainText();
    QVERIFY(text.contains(QStringLiteral("Step by step: \"cat\" → \"mat\"")));
    QVERIFY(text.contains(QStringLiteral("head 3 of 8")));
    QVERIFY(text.contains(QStringLiteral("Concat(head 0, …, head 7)[\"cat\"] = [")));
    QVERIFY(text.contains(QStringLiteral("← this head (Step 4)")));
    QVERIFY(text.contains(QStringLiteral("MultiHead[\"cat\"] = Concat[\"cat\"] × W_O = [")));
    // d_model 32: the X row shows 6 entries and says how many more there are.
    QVERIFY(text.contains(QStringLiteral(", … 26 more]")));
    // The sinusoidal positions are named.
    QVERIFY(text.contains(QStringLiteral("plus its sinusoidal position")));
    QCOMPARE(panel.exportName(), QStringLiteral("steps"));
    QVERIFY(panel.exportTitle().contains(QStringLiteral("head 3")));
}

void TestSteps::modelSaysWhatCameBefore()
{
    // A computed toy result dressed as a checkpoint's: the writer must describe the layer norm
    // and not claim Q = X × W_Q.
    const Preset *preset = findPreset(QStringLiteral("cat-sat"));
    QVERIFY(preset);
    Expected<ResultPtr> computed = computeAttention(
        {attn::TokenList{{QStringLiteral("Hello"), 0, 5}, {QStringLiteral(" world"), 5, 11}}, preset->config,
         presetWeights(*preset), {}});
    QVERIFY(computed);
    AttentionResult model = **computed;
    model.modelName = QStringLiteral("gpt2-tiny");
    model.config.causal = true;
    StepRequest request;
    request.query = 1;
    request.key = 0;
    const StepContent content = StepWriter(&model, request).write();
    QTextDocument document;
    document.setHtml(content.html);
    const QString text = document.toPlainText();
    QVERIFY2(text.contains(QStringLiteral("layer norm of the residual stream")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Q[\" world\"] = LN(x[\" world\"]) × W_Q + b_Q = [")));
    QVERIFY(!text.contains(QStringLiteral("X[\" world\"]")));
    QVERIFY(text.contains(QStringLiteral("gpt2-tiny")));
    QVERIFY(text.contains(QStringLiteral("c_proj")));
}

void TestSteps::paintsIntoImage()
{
    Fixture f(QStringLiteral("seed-hello-world"));
    f.focus.pin(0, 1);
    StepPanel panel;
    f.wire(&panel);
    const QSize size = panel.contentSize();
    QVERIFY(size.width() >= 400 && size.height() >= 400);
    for (bool includeFocus : {true, false}) {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        panel.paintContent(painter, size, includeFocus);
        painter.end();
        // A white page (the light export palette) with text on it.
        QCOMPARE(image.pixel(2, 2), qRgb(255, 255, 255));
        int ink = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                ink += qGray(image.pixel(x, y)) < 128;
        QVERIFY2(ink > 1000, qPrintable(QString::number(ink)));
    }
}

void TestSteps::formatting_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("number");
    QTest::addColumn<QString>("factor");
    QTest::addRow("negative") << -0.0109696 << QStringLiteral("−0.011") << QStringLiteral("(−0.011)");
    QTest::addRow("positive") << 0.0240000 << QStringLiteral("0.024") << QStringLiteral("0.024");
    QTest::addRow("negative zero after rounding") << -0.0004 << QStringLiteral("0.000") << QStringLiteral("0.000");
    QTest::addRow("large") << 1234567.0 << QStringLiteral("1.235×10⁶") << QStringLiteral("1.235×10⁶");
    QTest::addRow("large negative") << -99999.9 << QStringLiteral("−99999.900") << QStringLiteral("(−99999.900)");
    QTest::addRow("mantissa rounds up") << 9.99999e7 << QStringLiteral("1.000×10⁸") << QStringLiteral("1.000×10⁸");
}

void TestSteps::formatting()
{
    QFETCH(double, value);
    QFETCH(QString, number);
    QFETCH(QString, factor);
    QCOMPARE(stepformat::number(value), number);
    QCOMPARE(stepformat::factor(value), factor);
}

void TestSteps::vectorFormatting()
{
    RowVector v(32);
    for (int i = 0; i < 32; ++i)
        v[i] = float(i) / 10.f;
    // No-break spaces inside a vector so that it never wraps in the middle of a number.
    const auto plain = [](QString text) { return text.replace(QChar::Nbsp, QLatin1Char(' ')); };
    QVERIFY(!stepformat::vector(v).contains(QLatin1Char(' ')));
    QCOMPARE(plain(stepformat::vector(v)), QStringLiteral("[0.000, 0.100, 0.200, 0.300, 0.400, 0.500, … 26 more]"));
    QCOMPARE(plain(stepformat::vector(v.head(8))),
             QStringLiteral("[0.000, 0.100, 0.200, 0.300, 0.400, 0.500, 0.600, 0.700]"));
    QCOMPARE(stepformat::signedTerm(-0.019, false), QStringLiteral(" − 0.019"));
    QCOMPARE(stepformat::signedTerm(0.024, false), QStringLiteral(" + 0.024"));
    QCOMPARE(stepformat::percent(0.4984123), QStringLiteral("49.8%"));
    QCOMPARE(stepformat::token(QStringLiteral("a\nb")), QStringLiteral("\"a↵b\""));
}

void TestSteps::focusLinks()
{
    int query = -1;
    int key = -1;
    QVERIFY(stephtml::parseFocusLink(stephtml::focusLink(3, 7), query, key));
    QCOMPARE(query, 3);
    QCOMPARE(key, 7);
    QVERIFY(!stephtml::parseFocusLink(QStringLiteral("f:3"), query, key));
    QVERIFY(!stephtml::parseFocusLink(QStringLiteral("f:-1:2"), query, key));
    QVERIFY(!stephtml::parseFocusLink(QStringLiteral("https://example.org"), query, key));
}

void TestSteps::hoveringATokenFocusesIt()
{
    Fixture f(QStringLiteral("seed-hello-world"));
    f.focus.hover(0, 1);
    StepPanel panel;
    f.wire(&panel);
    panel.resize(640, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    // Find the key link to "Hello" (0, 0) on the canvas by moving the mouse over it.
    QWidget *canvas = panel.findChild<QWidget *>(QStringLiteral("stepCanvas"));
    QVERIFY(canvas);
    bool found = false;
    for (int y = 0; y < canvas->height() && !found; y += 4)
        for (int x = 0; x < canvas->width() && !found; x += 6) {
            QTest::mouseMove(canvas, QPoint(x, y));
            found = f.focus.focus().query == 0 && f.focus.focus().key == 0;
        }
    QVERIFY(found);
    QCOMPARE(panel.shownKey(), 0);
}

QTEST_MAIN(TestSteps)
#include "tst_steps.moc"
