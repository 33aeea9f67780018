// The document in model mode: a checkpoint opened through the model controller tokenizes the text
// with its BPE vocabulary, runs off the UI thread, publishes layers × heads, reuses the prefix when
// text is appended, and closing it returns to the toy model.
#include "testutils.h"
#include "document/attentiondocument.h"
#include "checkpoint/modelcontroller.h"

#include "core/transformer/gpt2session.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtEndian>
#include <QTest>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::gpt2Fixture;
using testutils::readJsonObject;

// The ids of "The cat sat on the mat." in the fixtures' vocabulary, looked up by name in vocab.json.
// BPE splits "The" as T|he: the merge "h e" outranks "T h" in merges.txt (see make_gpt2_fixtures.py).
std::vector<int> catSatIds(const QString &folder)
{
    const QJsonObject vocab = readJsonObject(gpt2Fixture(folder) + QStringLiteral("/vocab.json"));
    std::vector<int> ids;
    for (const char *piece : {"T", "he", "Ġcat", "Ġsat", "Ġon", "Ġthe", "Ġmat", "."})
        ids.push_back(vocab.value(QString::fromUtf8(piece)).toInt(-1));
    return ids;
}

std::vector<int> idsOf(const TokenList &tokens)
{
    std::vector<int> ids;
    for (const Token &token : tokens)
        ids.push_back(token.id);
    return ids;
}

const QString kSentence = QStringLiteral("The cat sat on the mat.");

} // namespace

class TestModelDocument : public QObject
{
    Q_OBJECT

private slots:
    void opensEveryFixture_data()
    {
        QTest::addColumn<QString>("folder");
        for (const char *name : {"tiny-f32", "tiny-f16", "tiny-bf16", "small-f32", "small-bf16"})
            QTest::addRow("%s", name) << QString::fromLatin1(name);
    }

    void opensEveryFixture()
    {
        QFETCH(QString, folder);
        const QJsonObject config = readJsonObject(gpt2Fixture(folder) + QStringLiteral("/config.json"));
        const int layers = config.value(QStringLiteral("n_layer")).toInt();
        const int heads = config.value(QStringLiteral("n_head")).toInt();
        const int dHead = config.value(QStringLiteral("n_embd")).toInt() / heads;
        QVERIFY(layers > 0 && heads > 0);

        AttentionDocument document;
        ModelController controller(&document);
        document.setSentence(kSentence);
        const Expected<ModelPtr> model = controller.openNow(gpt2Fixture(folder));
        QVERIFY2(model.ok(), model.ok() ? "" : qPrintable(model.error()));
        QCOMPARE(document.model(), *model);
        QCOMPARE(idsOf(document.tokens()), catSatIds(folder));

        document.computeNow();
        const ResultPtr result = document.result();
        QVERIFY(result);
        QCOMPARE(result->modelName, folder);
        QCOMPARE(result->layerCount(), layers);
        QCOMPARE(result->headCount(), heads);
        QCOMPARE(result->tokenCount(), 8);
        QVERIFY(result->config.causal);
        for (const LayerResult &layer : result->layers) {
            QCOMPARE(int(layer.heads.size()), heads);
            for (const HeadResult &head : layer.heads) {
                QCOMPARE(head.q.rows(), 8);
                QCOMPARE(head.q.cols(), dHead);
                QCOMPARE(head.weights.rows(), 8);
                QCOMPARE(head.weights.cols(), 8);
                for (int i = 0; i < 8; ++i) {
                    QVERIFY(std::abs(head.weights.row(i).sum() - 1.f) < 1e-5f);
                    for (int j = i + 1; j < 8; ++j)
                        QCOMPARE(head.weights(i, j), 0.f); // causal
                }
            }
        }
        // A checkpoint's result carries its LM head and final hidden states: predictions at any position.
        QVERIFY(result->canPredict());
        QCOMPARE(result->finalHidden.rows(), 8);
        // The induction probe ran through the same model: one score per head, within [0, 1].
        QCOMPARE(int(controller.inductionScores().size()), layers);
        for (const auto &layer : controller.inductionScores()) {
            QCOMPARE(int(layer.size()), heads);
            for (double score : layer)
                QVERIFY(score >= 0.0 && score <= 1.0);
        }
    }

    // The document's numbers are the checkpoint's for the text's ids: the same as a session run
    // on ids looked up by hand.
    void publishesTheModelsNumbers()
    {
        AttentionDocument document;
        ModelController controller(&document);
        QVERIFY(controller.openNow(gpt2Fixture(QStringLiteral("small-f32"))).ok());
        document.setSentence(kSentence);
        document.computeNow();

        // The same checkpoint opened on its own, run on ids looked up by hand.
        const Expected<Gpt2ModelPtr> alone = Gpt2Model::load(gpt2Fixture(QStringLiteral("small-f32")));
        QVERIFY(alone.ok());
        Gpt2Session session(*alone);
        const Expected<Gpt2RunPtr> run = session.run((*alone)->tokensForIds(catSatIds(QStringLiteral("small-f32"))));
        QVERIFY(run.ok());
        const AttentionResult &expected = *(*run)->result;
        const AttentionResult &actual = *document.result();
        for (int l = 0; l < expected.layerCount(); ++l)
            for (int h = 0; h < expected.headCount(); ++h) {
                const HeadResult &a = actual.layers[size_t(l)].heads[size_t(h)];
                const HeadResult &e = expected.layers[size_t(l)].heads[size_t(h)];
                QVERIFY((a.weights - e.weights).cwiseAbs().maxCoeff() < 1e-6f);
                QVERIFY((a.v - e.v).cwiseAbs().maxCoeff() < 1e-6f);
            }
        QVERIFY((actual.rollout - expected.rollout).cwiseAbs().maxCoeff() < 1e-6f);
    }

    void computesOffTheUiThreadWithABusySignal()
    {
        AttentionDocument document;
        ModelController controller(&document);
        QSignalSpy opened(&controller, &ModelController::opened);
        QSignalSpy loading(&controller, &ModelController::loadingChanged);
        controller.open(gpt2Fixture(QStringLiteral("tiny-f32")));
        QTRY_COMPARE(opened.count(), 1);
        QVERIFY(!controller.isLoading());
        QCOMPARE(loading.count(), 2);

        QTRY_VERIFY(!document.isBusy()); // the empty text the model opened on
        QCOMPARE(document.result()->tokenCount(), 0);
        QCOMPARE(document.result()->layerCount(), 2);
        QVERIFY(document.errorText().isEmpty());
        QSignalSpy busy(&document, &AttentionDocument::busyChanged);
        QSignalSpy results(&document, &AttentionDocument::resultChanged);
        document.setSentence(kSentence); // the tiny model may even finish before setSentence returns
        QTRY_VERIFY(!results.isEmpty() && results.last().at(0).value<ResultPtr>()->tokenCount() == 8);
        QVERIFY(!document.isBusy());
        QVERIFY(busy.count() >= 2);
        QCOMPARE(busy.first().at(0).toBool(), true);
        QCOMPARE(busy.last().at(0).toBool(), false);
        QCOMPARE(idsOf(document.result()->tokens), catSatIds(QStringLiteral("tiny-f32")));
    }

    void typingAtTheEndReusesThePrefix()
    {
        AttentionDocument document;
        ModelController controller(&document);
        QVERIFY(controller.openNow(gpt2Fixture(QStringLiteral("tiny-f32"))).ok());
        document.setSentence(kSentence);
        QTRY_VERIFY(!document.isBusy() && document.result()->tokenCount() == 8);
        document.setSentence(kSentence + QStringLiteral(" the cat")); // Ġthe, Ġcat
        QTRY_VERIFY(!document.isBusy() && document.result()->tokenCount() == 10);
        QCOMPARE(document.result()->reusedTokens, 8);
    }

    void closingReturnsToTheToyModel()
    {
        AttentionDocument document;
        ModelController controller(&document);
        document.setSentence(kSentence);
        document.computeNow();
        const int toyTokens = document.result()->tokenCount();
        QCOMPARE(document.tokens().front().id, -1);

        QVERIFY(controller.openNow(gpt2Fixture(QStringLiteral("tiny-f32"))).ok());
        document.computeNow();
        QCOMPARE(document.result()->modelName, QStringLiteral("tiny-f32"));

        QSignalSpy models(&document, &AttentionDocument::modelChanged);
        QSignalSpy closed(&controller, &ModelController::closed);
        controller.close();
        QCOMPARE(models.count(), 1);
        QCOMPARE(closed.count(), 1);
        QVERIFY(!document.model());
        QCOMPARE(document.tokens().front().id, -1);
        document.computeNow();
        QVERIFY(document.result()->modelName.isEmpty());
        QCOMPARE(document.result()->tokenCount(), toyTokens);
        QCOMPARE(document.result()->layerCount(), 1);
        QVERIFY(!document.result()->canPredict()); // the toy layer has no LM head
        QVERIFY(controller.inductionScores().empty());
    }

    void aFailedOpenSaysWhyAndKeepsTheDocument_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("expected");
        QTest::addRow("missing tensor") << QStringLiteral("malformed/missing-tensor")
                                        << QStringLiteral("tensor 'h.1.mlp.c_fc.weight' is missing");
        QTest::addRow("pickle") << QStringLiteral("malformed/pickle-only")
                                << QStringLiteral("pytorch_model.bin is a PyTorch pickle checkpoint");
        QTest::addRow("no folder") << QStringLiteral("no-such-folder") << QStringLiteral("does not exist");
    }

    void aFailedOpenSaysWhyAndKeepsTheDocument()
    {
        QFETCH(QString, folder);
        QFETCH(QString, expected);
        AttentionDocument document;
        ModelController controller(&document);
        QVERIFY(controller.openNow(gpt2Fixture(QStringLiteral("tiny-f32"))).ok());
        QSignalSpy failed(&controller, &ModelController::openFailed);
        controller.open(gpt2Fixture(folder));
        QTRY_COMPARE(failed.count(), 1);
        const QString message = failed.first().at(0).toString();
        QVERIFY2(message.contains(expected), qPrintable(message));
        QCOMPARE(document.model()->info().name, QStringLiteral("tiny-f32")); // still the model that was open
        QVERIFY(!controller.isLoading());
    }

    // The parameter count in the status line, against the tensors the file holds (its own header,
    // read here by hand; the attention-mask buffers are not parameters).
    void describesTheModel()
    {
        AttentionDocument document;
        ModelController controller(&document);
        QVERIFY(controller.openNow(gpt2Fixture(QStringLiteral("small-f32"))).ok());
        QFile file(gpt2Fixture(QStringLiteral("small-f32/model.safetensors")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray head = file.read(8);
        const qint64 length = qFromLittleEndian<qint64>(head.constData());
        const QJsonObject header = QJsonDocument::fromJson(file.read(length)).object();
        qint64 parameters = 0;
        for (auto it = header.begin(); it != header.end(); ++it) {
            if (it.key() == QLatin1String("__metadata__") || it.key().endsWith(QLatin1String(".attn.bias"))
                || it.key().endsWith(QLatin1String("masked_bias")))
                continue;
            qint64 count = 1;
            for (const QJsonValue &dim : it.value().toObject().value(QStringLiteral("shape")).toArray())
                count *= dim.toInteger();
            parameters += count;
        }
        QVERIFY(parameters > 1000);
        const QString text = ModelController::describe(*controller.model());
        const QString expected = QStringLiteral("%1 k parameters").arg(double(parameters) / 1e3, 0, 'f', 1);
        QVERIFY2(text.contains(expected), qPrintable(text + QStringLiteral(" lacks ") + expected));
        QVERIFY(text.startsWith(QStringLiteral("small-f32 · 3 layers × 4 heads")));
    }

    // A second open while the first loads wins, whatever order they finish in.
    void theLastOpenWins()
    {
        AttentionDocument document;
        ModelController controller(&document);
        QSignalSpy opened(&controller, &ModelController::opened);
        controller.open(gpt2Fixture(QStringLiteral("small-f32")));
        controller.open(gpt2Fixture(QStringLiteral("tiny-f16")));
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(document.model()->info().name, QStringLiteral("tiny-f16"));
        QTest::qWait(0); // nothing else arrives afterwards
        QCOMPARE(opened.count(), 1);
    }
};

QTEST_MAIN(TestModelDocument)
#include "tst_modeldocument.moc"
