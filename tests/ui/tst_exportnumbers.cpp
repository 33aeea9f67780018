// CSV and JSON of the shown heads, checked against the engine's numbers and hand-computed values.
#include "tst_exportcsv.h"

#include "export/headselection.h"
#include "export/numbersexport.h"

#include "core/engine/attentionengine.h"
#include "core/engine/presets.h"
#include "core/tokenizers/wordtokenizer.h"
#include "document/focus.h"
#include "document/viewoptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace attn;
using namespace attn::ui;
using exporttest::CsvBlock;

namespace {

ResultPtr computePreset(const char *name, const QString &sentence = {})
{
    const Preset *preset = findPreset(QLatin1String(name));
    if (!preset)
        return nullptr;
    AttentionLayerInput input;
    input.tokens = tokenizeWords(sentence.isEmpty() ? preset->sentence : sentence);
    input.config = preset->config;
    input.weights = presetWeights(*preset);
    input.embeddings = preset->embeddings;
    const Expected<ResultPtr> result = computeAttention(input);
    return result ? *result : nullptr;
}

QStringList tokenTexts(const AttentionResult &result)
{
    QStringList texts;
    for (const Token &token : result.tokens)
        texts << token.text;
    return texts;
}

} // namespace

class TestExportNumbers : public QObject
{
    Q_OBJECT

private slots:
    void seedScoreTableByHand()
    {
        // §2.4 of the seed: scores 0.5, 0.3 / 0.4, 0.6 with scaling off; softmax by hand.
        const ResultPtr result = computePreset("seed-score-table");
        QVERIFY(result);
        const QByteArray csv = NumbersExport::csv(*result, HeadSelection::of(0, {0}));
        QString problem;
        const QList<CsvBlock> blocks = exporttest::csvBlocks(csv, &problem);
        QVERIFY2(blocks.size() == 2, qPrintable(problem));
        QCOMPARE(blocks[0].title, QStringLiteral("layer 0 head 0 weights"));
        QCOMPARE(blocks[1].title, QStringLiteral("layer 0 head 0 scores"));
        for (const CsvBlock &block : blocks) {
            QCOMPARE(block.columnTokens, QStringList({QStringLiteral("Hello"), QStringLiteral("World")}));
            QCOMPARE(block.rowTokens, block.columnTokens);
        }
        const double scores[2][2] = {{0.5, 0.3}, {0.4, 0.6}};
        for (int q = 0; q < 2; ++q) {
            const double sum = std::exp(scores[q][0]) + std::exp(scores[q][1]);
            for (int k = 0; k < 2; ++k) {
                QVERIFY(std::abs(blocks[1].values[q][k] - scores[q][k]) < 1e-5);
                QVERIFY(std::abs(blocks[0].values[q][k] - std::exp(scores[q][k]) / sum) < 1e-5);
            }
        }
        QVERIFY(std::abs(blocks[0].values[0][0] - 0.5498) < 1e-4);
        QVERIFY(std::abs(blocks[0].values[0][1] - 0.4502) < 1e-4);
        QVERIFY(csv.contains("\r\n"));
    }

    void everyHeadRoundTripsExactly()
    {
        const ResultPtr result = computePreset("cat-sat");
        QVERIFY(result);
        QVERIFY(result->headCount() > 1);
        std::vector<int> heads;
        for (int h = 0; h < result->headCount(); ++h)
            heads.push_back(h);
        const HeadSelection all = HeadSelection::of(0, heads);
        QString problem;
        const QList<CsvBlock> blocks = exporttest::csvBlocks(NumbersExport::csv(*result, all), &problem);
        QVERIFY2(blocks.size() == 2 * result->headCount(), qPrintable(problem));
        for (int h = 0; h < result->headCount(); ++h) {
            const HeadResult &head = result->layers[0].heads[size_t(h)];
            for (int part = 0; part < 2; ++part) {
                const CsvBlock &block = blocks[2 * h + part];
                QCOMPARE(block.title, QStringLiteral("layer 0 head %1 %2")
                                          .arg(h).arg(QLatin1String(part == 0 ? "weights" : "scores")));
                QCOMPARE(block.columnTokens, tokenTexts(*result));
                const Matrix &m = part == 0 ? head.weights : head.scores;
                for (int q = 0; q < result->tokenCount(); ++q) {
                    for (int k = 0; k < result->tokenCount(); ++k)
                        QCOMPARE(block.values[q][k], m(q, k)); // bit for bit: shortest float round trip
                }
            }
        }
    }

    void tokensWithCommasAndQuotes()
    {
        const ResultPtr result = computePreset("cat-sat", QStringLiteral("He said, \"hi\" ,x"));
        QVERIFY(result);
        const QStringList tokens = tokenTexts(*result);
        QVERIFY2(tokens.contains(QStringLiteral(",")) && tokens.contains(QStringLiteral("\"")),
                 qPrintable(tokens.join(u'|')));
        const QList<CsvBlock> blocks = exporttest::csvBlocks(NumbersExport::csv(*result, HeadSelection::of(0, {1})));
        QCOMPARE(blocks.size(), 2);
        QCOMPARE(blocks[0].columnTokens, tokens);
        QCOMPARE(blocks[0].rowTokens, tokens);
    }

    void jsonIsTheDumpSchemaOfTheSelection()
    {
        const ResultPtr result = computePreset("cat-sat");
        QVERIFY(result);
        const std::vector<int> chosen{2, 0};
        const HeadSelection selection = HeadSelection::of(0, chosen);
        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(NumbersExport::json(*result, selection), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(json.value(QLatin1String("format")).toString(), QStringLiteral("attention-explorer-dump"));
        QCOMPARE(json.value(QLatin1String("version")).toInt(), 1);
        const QJsonArray selected = json.value(QLatin1String("selection")).toArray();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected[0].toObject().value(QLatin1String("layer")).toInt(), 0);
        QCOMPARE(selected[0].toObject().value(QLatin1String("heads")).toArray(), QJsonArray({2, 0}));
        QCOMPARE(json.value(QLatin1String("tokens")).toArray().size(), result->tokenCount());
        const QJsonArray layers = json.value(QLatin1String("layers")).toArray();
        QCOMPARE(layers.size(), 1);
        const QJsonArray heads = layers[0].toObject().value(QLatin1String("heads")).toArray();
        QCOMPARE(heads.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const HeadResult &head = result->layers[0].heads[size_t(chosen[size_t(i)])];
            const QJsonArray weights = heads[i].toObject().value(QLatin1String("weights")).toArray();
            const QJsonArray scores = heads[i].toObject().value(QLatin1String("scores")).toArray();
            for (int q = 0; q < result->tokenCount(); ++q) {
                for (int k = 0; k < result->tokenCount(); ++k) {
                    QCOMPARE(float(weights[q].toArray()[k].toDouble()), head.weights(q, k));
                    QCOMPARE(float(scores[q].toArray()[k].toDouble()), head.scores(q, k));
                }
            }
        }
    }

    void selectionFollowsTheView_data()
    {
        QTest::addColumn<QString>("view");
        QTest::addColumn<int>("flowHeads");
        QTest::addColumn<bool>("allHeads");
        QTest::addRow("heatmap") << "heatmap" << int(FlowHeads::All) << false;
        QTest::addRow("heads") << "heads" << int(FlowHeads::Focused) << true;
        QTest::addRow("flow, focused head") << "flow" << int(FlowHeads::Focused) << false;
        QTest::addRow("flow, all heads") << "flow" << int(FlowHeads::All) << true;
        QTest::addRow("arc, all heads") << "arc" << int(FlowHeads::All) << true;
        QTest::addRow("steps") << "steps" << int(FlowHeads::All) << false;
        QTest::addRow("a future view") << "something" << int(FlowHeads::All) << false; // no heads at all
    }
    void selectionFollowsTheView()
    {
        QFETCH(QString, view);
        QFETCH(int, flowHeads);
        QFETCH(bool, allHeads);
        const ResultPtr result = computePreset("cat-sat");
        QVERIFY(result);
        Focus focus;
        focus.head = 3;
        ViewOptions options;
        options.flowHeads = FlowHeads(flowHeads);
        const HeadSelection selection = HeadSelection::forView(view, focus, options, *result);
        if (view == QLatin1String("something")) {
            QCOMPARE(selection.headCount(), 0); // its numbers are not a head's: the caller says what they are
            return;
        }
        QCOMPARE(int(selection.layers.size()), 1);
        QCOMPARE(selection.layers[0].layer, 0);
        if (allHeads) {
            QCOMPARE(int(selection.layers[0].heads.size()), result->headCount());
            QCOMPARE(selection.layers[0].heads.back(), result->headCount() - 1);
        } else {
            QCOMPARE(selection.layers[0].heads, std::vector<int>({3}));
        }
    }

    void checkedNamesWhatIsMissing()
    {
        const ResultPtr result = computePreset("seed-score-table");
        QVERIFY(result);
        QVERIFY(HeadSelection::checked(HeadSelection::of(0, {0}), *result));
        QVERIFY(!HeadSelection::checked(HeadSelection::of(0, {}), *result));
        QVERIFY(!HeadSelection::checked({}, *result));
        const Expected<HeadSelection> badHead = HeadSelection::checked(HeadSelection::of(0, {4}), *result);
        QVERIFY(!badHead);
        QVERIFY2(badHead.error().contains(QLatin1String("head 4")), qPrintable(badHead.error()));
        const Expected<HeadSelection> badLayer = HeadSelection::checked(HeadSelection::of(2, {0}), *result);
        QVERIFY(!badLayer);
        QVERIFY2(badLayer.error().contains(QLatin1String("layer 2")), qPrintable(badLayer.error()));
    }
};

QTEST_MAIN(TestExportNumbers)
#include "tst_exportnumbers.moc"
