// An encoder in the window, end to end on tests/data/bert/wordpiece-mlm (a tiny BertForMaskedLM
// with BERT's own vocab.txt, made with its float64 torch reference by scripts/make_bert_fixtures.py):
// a sentence pair typed into the document reaches the model as [CLS] A [SEP] B [SEP] with the
// reference's ids and token types; Fill the mask lists the guesses at [MASK] that the reference
// logits give; the A → B filter, hiding [CLS]/[SEP], the step panel's post-LN words, the head
// statistics' [SEP] masses and sessions all follow the pair.
#include "testutils.h"
#include "checkpoint/headstatisticsmodel.h"
#include "checkpoint/modelcontroller.h"
#include "checkpoint/predictionspanel.h"
#include "core/io/sessionfile.h"
#include "document/attentiondocument.h"
#include "document/displayedresult.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "viewwiring.h"
#include "views/steps/steppanel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableWidget>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace attn;
using namespace attn::ui;

namespace {

const QString kFixture = QStringLiteral(AE_TEST_DATA_DIR "/bert/wordpiece-mlm");

QJsonObject reference()
{
    QFile file(kFixture + QStringLiteral("/reference.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

std::vector<int> integers(const QJsonValue &value)
{
    std::vector<int> out;
    for (const QJsonValue &v : value.toArray())
        out.push_back(v.toInt());
    return out;
}

struct Fixture
{
    AttentionDocument document;
    FocusModel focus;
    ViewOptionsModel options;
    ModelController controller{&document};
    DisplayedResult shown{&document, &options};
    QJsonObject ref = reference();

    bool open()
    {
        if (!controller.openNow(kFixture).ok())
            return false;
        document.setSentence(ref.value(QLatin1String("textA")).toString());
        document.setSentenceB(ref.value(QLatin1String("textB")).toString());
        document.computeNow();
        return document.result() && document.result()->tokenCount() > 3;
    }
};

} // namespace

class TestEncoderWindow : public QObject
{
    Q_OBJECT

private slots:
    void thePairReachesTheModelAsTheReferenceTokenizedIt()
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.document.takesSentencePairs());
        const ModelInfo &info = f.document.model()->info();
        QVERIFY(info.bidirectional);
        QCOMPARE(info.maskToken, QStringLiteral("[MASK]"));
        QCOMPARE(info.maskTokenId, 103); // the fixture's vocab.txt, bert-base-uncased's layout

        const std::vector<int> ids = integers(f.ref.value(QLatin1String("ids")));
        const std::vector<int> types = integers(f.ref.value(QLatin1String("typeIds")));
        const TokenList &tokens = f.document.tokens();
        QCOMPARE(int(tokens.size()), int(ids.size()));
        for (size_t i = 0; i < tokens.size(); ++i) {
            QCOMPARE(tokens[i].id, ids[i]);
            QCOMPARE(tokens[i].typeId, types[i]);
            QCOMPARE(tokens[i].segment, types[i]); // BERT: the segment is the token type
        }
        QVERIFY(tokens.front().special && tokens.back().special);

        // Sentence B was typed as a step of its own: undo takes it away and leaves sentence A, and
        // the same model then reads one sentence, [CLS] A [SEP].
        f.document.undoStack()->undo();
        QCOMPARE(f.document.sentenceB(), QString());
        QCOMPARE(f.document.sentence(), f.ref.value(QLatin1String("textA")).toString());
        const int firstB = int(std::find(types.begin(), types.end(), 1) - types.begin());
        QCOMPARE(int(f.document.tokens().size()), firstB);
        QVERIFY(std::all_of(f.document.tokens().begin(), f.document.tokens().end(),
                            [](const Token &t) { return t.typeId == 0 && t.segment == 0; }));
        f.document.undoStack()->redo();
        QCOMPARE(f.document.sentenceB(), f.ref.value(QLatin1String("textB")).toString());
        QCOMPARE(int(f.document.tokens().size()), int(ids.size()));
    }

    void anEncoderWithoutAPairFormHasNoSentenceB()
    {
        // tiny distilbert: GPT-2's vocab.json + merges.txt, no [CLS]/[SEP] to put around a pair.
        AttentionDocument document;
        ModelController controller{&document};
        QVERIFY(controller.openNow(QStringLiteral(AE_TEST_DATA_DIR "/distilbert/tiny-f32")).ok());
        QVERIFY(document.model()->info().bidirectional);
        QVERIFY(!document.takesSentencePairs());
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(f.document.takesSentencePairs());
    }

    void fillTheMaskListsTheReferenceGuesses()
    {
        Fixture f;
        QVERIFY(f.open());
        PredictionsPanel panel(&f.document, &f.focus);
        panel.refreshNow();
        QVERIFY(panel.fillsMasks());
        const int mask = f.ref.value(QLatin1String("maskPosition")).toInt();
        QCOMPARE(panel.maskPositions(), std::vector<int>{mask});

        // The reference's MLM logits at the mask, softmaxed over the whole vocabulary in double.
        const QJsonArray row = f.ref.value(QLatin1String("logits")).toArray()[mask].toArray();
        std::vector<double> logits;
        for (const QJsonValue &v : row)
            logits.push_back(v.toDouble());
        const double top = *std::max_element(logits.begin(), logits.end());
        double sum = 0.0;
        for (double l : logits)
            sum += std::exp(l - top);
        std::vector<int> order(logits.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](int a, int b) { return logits[size_t(a)] > logits[size_t(b)]; });

        const std::vector<NextTokenPrediction> shown = panel.predictionsShownAt(mask);
        QCOMPARE(int(shown.size()), PredictionsPanel::count);
        for (int i = 0; i < int(shown.size()); ++i) {
            QCOMPARE(shown[size_t(i)].id, order[size_t(i)]);
            const double p = std::exp(logits[size_t(order[size_t(i)])] - top) / sum;
            QVERIFY2(std::abs(shown[size_t(i)].probability - p) < 1e-4,
                     qPrintable(QStringLiteral("rank %1: %2 vs %3").arg(i).arg(shown[size_t(i)].probability).arg(p)));
        }
        // The table: a title row for the mask, then its guesses.
        QCOMPARE(panel.table()->rowCount(), 1 + PredictionsPanel::count);
        QVERIFY(panel.table()->item(0, 0)->text().contains(QString::number(mask)));

        // Two masks: both listed, in order.
        f.document.setSentenceB(QStringLiteral("A [MASK] ran to the parks!"));
        f.document.computeNow();
        panel.refreshNow();
        QCOMPARE(int(panel.maskPositions().size()), 2);
        QVERIFY(panel.maskPositions()[0] == mask && panel.maskPositions()[1] > mask);
    }

    void theSentenceFilterKeepsOnlyAToB()
    {
        Fixture f;
        const ResultPtr computed = f.open() ? f.document.result() : nullptr;
        QVERIFY(computed);
        ViewOptions o = f.options.options();
        o.pairFilter = PairFilter::FirstToSecond;
        f.options.setOptions(o);
        const ResultPtr shown = f.shown.result();
        QVERIFY(shown && shown != computed);
        QCOMPARE(shown->pairFilterName, QStringLiteral("sentence A → sentence B"));
        int kept = 0;
        for (int l = 0; l < shown->layerCount(); ++l)
            for (int h = 0; h < shown->headCount(); ++h) {
                const Matrix &before = computed->head(l, h)->weights;
                const Matrix &after = shown->head(l, h)->weights;
                for (int i = 0; i < shown->tokenCount(); ++i)
                    for (int j = 0; j < shown->tokenCount(); ++j) {
                        const bool inside = shown->tokens[size_t(i)].segment == 0 && shown->tokens[size_t(j)].segment == 1;
                        QCOMPARE(after(i, j), inside ? before(i, j) : 0.0f); // the model's weight, not rescaled
                        kept += inside && after(i, j) > 0 ? 1 : 0;
                    }
            }
        QVERIFY(kept > 0);
        QVERIFY(shown->isFilteredOut(computed->tokenCount() - 1, 1)); // B's [SEP] → A's word: left out
        o.pairFilter = PairFilter::None;
        f.options.setOptions(o);
        QCOMPARE(f.shown.result(), computed);
    }

    void hidingSpecialTokensHidesClsAndSep()
    {
        Fixture f;
        QVERIFY(f.open());
        ViewOptions o = f.options.options();
        o.hideFirstToken = true;
        f.options.setOptions(o);
        const ResultPtr shown = f.shown.result();
        QCOMPARE(shown->hiddenKeysName, QStringLiteral("[CLS] and [SEP]"));
        const int mask = f.ref.value(QLatin1String("maskPosition")).toInt();
        for (int j = 0; j < shown->tokenCount(); ++j) // [MASK] is special, but typed: it stays
            QCOMPARE(shown->isKeyHidden(j), shown->tokens[size_t(j)].special && j != mask);
        QVERIFY(shown->tokens[size_t(mask)].special);
        for (int l = 0; l < shown->layerCount(); ++l)
            for (int h = 0; h < shown->headCount(); ++h) {
                const Matrix &w = shown->head(l, h)->weights;
                for (int i = 0; i < w.rows(); ++i) {
                    double rest = 0.0;
                    for (int j = 0; j < w.cols(); ++j) {
                        if (shown->isKeyHidden(j))
                            QCOMPARE(w(i, j), 0.0f);
                        rest += w(i, j);
                    }
                    QVERIFY(std::abs(rest - 1.0) < 1e-5); // every row again sums to 1
                }
            }
    }

    void stepPanelWritesTheEncodersSteps()
    {
        Fixture f;
        QVERIFY(f.open());
        StepPanel steps;
        wireStepPanel(&steps, &f.document, &f.focus, &f.options);
        f.focus.setLayer(1);
        f.focus.setHead(2);
        f.focus.pin(2, 12); // a word of A attending to a word of B: after it, and not masked
        const QString text = steps.plainText();
        QVERIFY2(text.contains(QStringLiteral("post-LN")), qPrintable(text.left(800)));
        QVERIFY(text.contains(QStringLiteral("No mask")));
        QVERIFY(!text.contains(QStringLiteral("RMSNorm")));
        QVERIFY(!text.contains(QStringLiteral("causal mask hides")));
        QVERIFY(text.contains(QStringLiteral("output of layer 0")));
    }

    void headStatisticsMeasureSeparatorMass()
    {
        Fixture f;
        QVERIFY(f.open());
        const ResultPtr result = f.document.result();
        const auto table = HeadStatisticsModel::compute(*result, {});
        for (int l = 0; l < result->layerCount(); ++l)
            for (int h = 0; h < result->headCount(); ++h) {
                // Independently: the mean over rows of the weight on special keys after the first.
                const Matrix &w = result->head(l, h)->weights;
                double separators = 0.0;
                for (int i = 0; i < w.rows(); ++i)
                    for (int j = 1; j < w.cols(); ++j)
                        separators += result->tokens[size_t(j)].text == QLatin1String("[SEP]") ? w(i, j) : 0.0;
                separators /= double(w.rows());
                QVERIFY(table[size_t(l)][size_t(h)].separatorMass);
                QVERIFY(std::abs(*table[size_t(l)][size_t(h)].separatorMass - separators) < 1e-6);
                QVERIFY(std::abs(*table[size_t(l)][size_t(h)].classMass - w.col(0).mean()) < 1e-6);
            }
    }

    void sessionsKeepSentenceBAndTheFilter()
    {
        io::Session session;
        session.sentence = QStringLiteral("The cat sat on the [MASK].");
        session.sentenceB = QStringLiteral("A dog ran to the parks!");
        session.view.pairFilter = QStringLiteral("b_to_a");
        session.matrices.weights = LearnedMatrices::glorot(session.config);
        const Expected<io::Session> back = io::readSession(io::writeSession(session), QStringLiteral("s.attn.json"));
        QVERIFY2(back, qPrintable(testutils::errorOf(back)));
        QCOMPARE(back->sentenceB, session.sentenceB);
        QCOMPARE(back->view.pairFilter, QStringLiteral("b_to_a"));
        QByteArray bad = io::writeSession(session);
        bad.replace("\"b_to_a\"", "\"sideways\"");
        const Expected<io::Session> refused = io::readSession(bad, QStringLiteral("s.attn.json"));
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QStringLiteral("pair_filter")), qPrintable(refused.error()));
    }
};

QTEST_MAIN(TestEncoderWindow)
#include "tst_encoderwindow.moc"
