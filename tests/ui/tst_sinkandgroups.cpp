// What the window shows of a modern checkpoint's heads and tokens: key/value groups named in every
// head title, "hide first token" rescaling what the attention views draw (and only those), the
// step panel writing the llama family's own steps (RMSNorm, RoPE with the real angles, the kv
// group), and special tokens marked.
#include "testutils.h"
#include "checkpoint/modelcontroller.h"
#include "core/engine/steptrace.h"
#include "document/attentiondocument.h"
#include "document/displayedresult.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "viewwiring.h"
#include "views/flow/flowview.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "views/steps/steppanel.h"

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSet>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace attn;
using namespace attn::ui;

namespace {

const QString kLlamaFixture = QStringLiteral(AE_TEST_DATA_DIR "/llama/tiny-f32");

double configNumber(const char *key)
{
    QFile file(kLlamaFixture + QStringLiteral("/config.json"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String(key)).toDouble(-1);
}

struct Fixture
{
    AttentionDocument document;
    FocusModel focus;
    ViewOptionsModel options;
    ModelController controller{&document};
    DisplayedResult shown{&document, &options};

    bool open()
    {
        document.setSentence(QStringLiteral("The cat sat on the mat"));
        if (!controller.openNow(kLlamaFixture).ok())
            return false;
        document.computeNow();
        return document.result() && document.result()->tokenCount() > 3;
    }
};

} // namespace

class TestSinkAndGroups : public QObject
{
    Q_OBJECT

private slots:
    void headTitlesNameTheirKeyValueHead()
    {
        Fixture f;
        QVERIFY(f.open());
        const int heads = int(configNumber("num_attention_heads"));
        const int kvHeads = int(configNumber("num_key_value_heads"));
        QVERIFY(heads == 2 * kvHeads); // the fixture: two query heads per kv head
        HeatmapView heatmap;
        wireView(&heatmap, &f.shown, &f.focus, &f.options);
        f.focus.setLayer(1);
        f.focus.setHead(heads - 1);
        QVERIFY2(heatmap.exportTitle().startsWith(QStringLiteral("Layer 1 · head %1 · kv %2").arg(heads - 1).arg(kvHeads - 1)),
                 qPrintable(heatmap.exportTitle()));
        FlowView flow(FlowLayout::Arcs);
        wireView(&flow, &f.shown, &f.focus, &f.options);
        QVERIFY2(flow.exportTitle().contains(QStringLiteral("head %1 · kv %2").arg(heads - 1).arg(kvHeads - 1)),
                 qPrintable(flow.exportTitle()));
    }

    void everyLayerGridRulesOffTheKeyValueGroups()
    {
        Fixture f;
        QVERIFY(f.open());
        HeadGridView grid;
        grid.setAllLayers(true);
        grid.setFocusModel(&f.focus);
        const QSize size(900, 600);
        const auto render = [&](const ResultPtr &result) {
            grid.setResult(result);
            QImage image(size, QImage::Format_ARGB32);
            QPainter painter(&image);
            grid.paintContent(painter, size, false);
            return image;
        };
        const QImage grouped = render(f.document.result());
        auto ungrouped = std::make_shared<AttentionResult>(*f.document.result());
        ungrouped->keyValueHeads = 0; // the same numbers, every head its own kv head
        const QImage plain = render(ungrouped);
        QVERIFY(grouped != plain);
        // Only the rule differs: the pixels that changed lie on one vertical line per group boundary
        // (one boundary here: heads 0–1 | 2–3).
        QSet<int> columns;
        for (int y = 0; y < size.height(); ++y)
            for (int x = 0; x < size.width(); ++x)
                if (grouped.pixel(x, y) != plain.pixel(x, y))
                    columns.insert(x);
        QVERIFY2(!columns.isEmpty() && columns.size() <= 2, qPrintable(QString::number(columns.size())));
    }

    void hideFirstTokenRescalesTheViewsButNotTheSteps()
    {
        Fixture f;
        QVERIFY(f.open());
        HeatmapView heatmap;
        StepPanel steps;
        wireView(&heatmap, &f.shown, &f.focus, &f.options);
        wireStepPanel(&steps, &f.document, &f.focus, &f.options);
        const ResultPtr computed = f.document.result();
        QCOMPARE(heatmap.result(), computed); // off: the views draw the model's result itself

        ViewOptions o = f.options.options();
        o.hideFirstToken = true;
        f.options.setOptions(o);
        const ResultPtr shown = heatmap.result();
        QVERIFY(shown && shown != computed && shown->isKeyHidden(0));
        QCOMPARE(steps.result(), computed); // the step panel writes the model's own softmax
        QVERIFY2(heatmap.exportTitle().contains(QStringLiteral("first token hidden")), qPrintable(heatmap.exportTitle()));
        for (int h = 0; h < shown->headCount(); ++h) {
            const Matrix &before = computed->head(2, h)->weights;
            const Matrix &after = shown->head(2, h)->weights;
            for (int i = 1; i < after.rows(); ++i) {
                QCOMPARE(after(i, 0), 0.0f);
                for (int j = 1; j <= i; ++j) // w'ᵢⱼ = wᵢⱼ / (1 − wᵢ₀)
                    QVERIFY(std::abs(after(i, j) - before(i, j) / (1.0f - before(i, 0))) < 1e-5f);
            }
        }
        // A new result arrives rescaled too, and switching off gives the model's back.
        f.document.setSentence(QStringLiteral("The dog sat on the mat"));
        f.document.computeNow();
        QVERIFY(heatmap.result()->isKeyHidden(0) && heatmap.result()->text == f.document.result()->text);
        o.hideFirstToken = false;
        f.options.setOptions(o);
        QCOMPARE(heatmap.result(), f.document.result());
    }

    void stepsOfAWindowedLayerSoftmaxOverTheWindowOnly()
    {
        const QString folder = QStringLiteral(AE_TEST_DATA_DIR "/mistral/tiny-f32");
        QFile file(folder + QStringLiteral("/config.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const int window = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("sliding_window")).toInt();
        QVERIFY(window > 1);
        AttentionDocument document;
        ModelController controller{&document};
        document.setSentence(QStringLiteral("The cat sat on the mat because it was tired and then it slept"));
        QVERIFY(controller.openNow(folder).ok());
        document.computeNow();
        const ResultPtr result = document.result();
        QVERIFY(result && result->tokenCount() > window + 2);
        const int query = result->tokenCount() - 1;

        StepTrace trace;
        QVERIFY(traceStep(*result, 0, 1, query, query, trace));
        QCOMPARE(trace.firstVisibleKey, query - window + 1);
        for (int j = 0; j <= query; ++j) // the trace's exponentials make the model's weights
            QVERIFY2(std::abs(trace.exps[size_t(j)] / trace.expSum - trace.weights[size_t(j)]) < 1e-5f,
                     qPrintable(QString::number(j)));

        FocusModel focus;
        StepPanel steps;
        wireStepPanel(&steps, &document, &focus, nullptr);
        focus.pin(query, query);
        const QString text = steps.plainText();
        QVERIFY2(text.contains(QStringLiteral("sliding window")), qPrintable(text.left(400)));
        QVERIFY(text.contains(QStringLiteral("sees only itself and the %1 tokens before it").arg(window - 1)));
    }

    void stepPanelWritesTheLlamaFamilysSteps()
    {
        Fixture f;
        QVERIFY(f.open());
        StepPanel steps;
        wireStepPanel(&steps, &f.document, &f.focus, &f.options);
        f.focus.setLayer(0);
        f.focus.setHead(3);
        f.focus.pin(4, 1);
        const QString text = steps.plainText();
        QVERIFY2(text.contains(QStringLiteral("RMSNorm")), qPrintable(text.left(600)));
        QVERIFY(!text.contains(QStringLiteral("c_attn"))); // GPT-2's fused projection is not this model's
        QVERIFY(text.contains(QStringLiteral("key/value head 1")));
        QVERIFY(text.contains(QStringLiteral("heads 2–3")));
        // RoPE: f_0 = θ^0 = 1, so the first pair of the query at position 4 turns by 4 rad, the key's
        // at position 1 by 1 rad; the slowest pair's frequency is θ^(−2·(d/2 − 1)/d).
        QVERIFY(text.contains(QStringLiteral("4.000 rad")));
        QVERIFY(text.contains(QStringLiteral("1.000 rad")));
        const double theta = configNumber("rope_theta");
        const int dHead = int(configNumber("head_dim"));
        const double slowest = std::pow(theta, -2.0 * (dHead / 2 - 1) / dHead);
        QVERIFY2(text.contains(QString::number(slowest, 'g', 4)), qPrintable(QString::number(slowest, 'g', 4)));
        QVERIFY(text.contains(QStringLiteral("4 − 1 = 3 positions")));
        QVERIFY(text.contains(QStringLiteral("o_proj"))); // the heads meet in the family's own projection
        QVERIFY(!text.contains(QStringLiteral("c_proj")));
    }
};

QTEST_MAIN(TestSinkAndGroups)
#include "tst_sinkandgroups.moc"
