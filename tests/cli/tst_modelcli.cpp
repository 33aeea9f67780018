// --model DIR on the command line, run as a script would: the real executable with the committed
// tiny GPT-2 checkpoints. --dump writes token ids, every block's heads, the rollout and the next
// tokens; --export draws any layer and head, the model view and the rollout; a broken checkpoint
// exits with status 1 and says why.
#include "testutils.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

using testutils::AppRun;
using testutils::runApp;

using testutils::gpt2Fixture;
using testutils::readJsonObject;

// Rows × columns of a JSON matrix, or (-1, -1) when it is not one.
QPair<int, int> shapeOf(const QJsonValue &value)
{
    const QJsonArray rows = value.toArray();
    if (!value.isArray())
        return {-1, -1};
    int columns = rows.isEmpty() ? 0 : int(rows.first().toArray().size());
    for (const QJsonValue &row : rows)
        if (!row.isArray() || row.toArray().size() != columns)
            return {-1, -1};
    return {int(rows.size()), columns};
}

const QString kSentence = QStringLiteral("The cat sat on the mat.");

} // namespace

class TestModelCli : public QObject
{
    Q_OBJECT

private slots:
    void dumpHasEveryBlockAndTheTokenIds_data()
    {
        QTest::addColumn<QString>("folder");
        for (const char *name : {"tiny-f32", "tiny-bf16", "small-f32"})
            QTest::addRow("%s", name) << QString::fromLatin1(name);
    }

    void dumpHasEveryBlockAndTheTokenIds()
    {
        QFETCH(QString, folder);
        const AppRun r = runApp({QStringLiteral("--model"), gpt2Fixture(folder), QStringLiteral("--dump"), QStringLiteral("-"),
                           QStringLiteral("-s"), kSentence});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QJsonParseError error{};
        const QJsonObject dump = QJsonDocument::fromJson(r.out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));

        const QJsonObject config = readJsonObject(gpt2Fixture(folder) + QStringLiteral("/config.json"));
        const int layers = config.value(QStringLiteral("n_layer")).toInt();
        const int heads = config.value(QStringLiteral("n_head")).toInt();
        const int dHead = config.value(QStringLiteral("n_embd")).toInt() / heads;

        QCOMPARE(dump.value(QStringLiteral("model")).toString(), folder);
        // The ids of the text, looked up by name in the checkpoint's own vocab.json. BPE splits
        // "The" as T|he: merges.txt ranks "h e" above "T h".
        const QJsonObject vocab = readJsonObject(gpt2Fixture(folder) + QStringLiteral("/vocab.json"));
        QJsonArray expectedIds;
        for (const char *piece : {"T", "he", "Ġcat", "Ġsat", "Ġon", "Ġthe", "Ġmat", "."})
            expectedIds.append(vocab.value(QString::fromUtf8(piece)).toInt(-1));
        QCOMPARE(dump.value(QStringLiteral("token_ids")).toArray(), expectedIds);
        const int n = int(expectedIds.size());
        QCOMPARE(dump.value(QStringLiteral("tokens")).toArray().size(), n);
        QCOMPARE(dump.value(QStringLiteral("tokens")).toArray().at(2).toString(), QStringLiteral(" cat"));
        QVERIFY(dump.value(QStringLiteral("config")).toObject().value(QStringLiteral("causal")).toBool());

        const QJsonArray blocks = dump.value(QStringLiteral("layers")).toArray();
        QCOMPARE(blocks.size(), layers);
        for (const QJsonValue &block : blocks) {
            const QJsonArray headArray = block.toObject().value(QStringLiteral("heads")).toArray();
            QCOMPARE(headArray.size(), heads);
            for (const QJsonValue &headValue : headArray) {
                const QJsonObject head = headValue.toObject();
                for (const char *name : {"q", "k", "v"})
                    QCOMPARE(shapeOf(head.value(QLatin1String(name))), qMakePair(n, dHead));
                for (const char *name : {"scores", "weights"})
                    QCOMPARE(shapeOf(head.value(QLatin1String(name))), qMakePair(n, n));
                const QJsonArray weights = head.value(QStringLiteral("weights")).toArray();
                for (int i = 0; i < n; ++i) {
                    double sum = 0;
                    for (int j = 0; j < n; ++j) {
                        const double w = weights.at(i).toArray().at(j).toDouble();
                        if (j > i)
                            QCOMPARE(w, 0.0); // causal
                        sum += w;
                    }
                    QVERIFY(std::abs(sum - 1.0) < 1e-5);
                }
            }
        }
        const QJsonArray rollout = dump.value(QStringLiteral("rollout")).toArray();
        QCOMPARE(shapeOf(rollout), qMakePair(n, n));
        for (int i = 0; i < n; ++i) {
            double sum = 0;
            for (const QJsonValue &v : rollout.at(i).toArray())
                sum += v.toDouble();
            QVERIFY(std::abs(sum - 1.0) < 1e-5);
        }
        // The next tokens after every position, most likely first.
        const QJsonArray next = dump.value(QStringLiteral("top_next")).toArray();
        QCOMPARE(next.size(), n);
        for (const QJsonValue &position : next) {
            const QJsonArray list = position.toArray();
            QCOMPARE(list.size(), 10);
            double previous = 1.0, total = 0.0;
            for (const QJsonValue &entry : list) {
                const QJsonObject p = entry.toObject();
                const double probability = p.value(QStringLiteral("probability")).toDouble();
                QVERIFY(probability <= previous);
                previous = probability;
                total += probability;
                const int id = p.value(QStringLiteral("id")).toInt(-1);
                QVERIFY(id >= 0 && id < config.value(QStringLiteral("vocab_size")).toInt());
                QVERIFY(!p.value(QStringLiteral("text")).toString().isEmpty());
            }
            QVERIFY(total <= 1.0 + 1e-5);
        }
    }

    void brokenCheckpointsSayWhy_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("missing tensor") << QStringLiteral("malformed/missing-tensor")
                                        << QStringList{QStringLiteral("tensor 'h.1.mlp.c_fc.weight' is missing")};
        QTest::addRow("wrong shape") << QStringLiteral("malformed/wrong-shape")
                                     << QStringList{QStringLiteral("'h.0.attn.c_attn.weight' has shape [48, 16], expected [16, 48]")};
        QTest::addRow("config disagrees") << QStringLiteral("malformed/config-mismatch")
                                          << QStringList{QStringLiteral("n_embd 32")};
        QTest::addRow("pickle folder") << QStringLiteral("malformed/pickle-only")
                                       << QStringList{QStringLiteral("pytorch_model.bin is a PyTorch pickle checkpoint"),
                                                      QStringLiteral("safetensors")};
        QTest::addRow("pickle file") << QStringLiteral("malformed/pickle-only/pytorch_model.bin")
                                     << QStringList{QStringLiteral("pickle"), QStringLiteral("save_file")};
        QTest::addRow("no folder") << QStringLiteral("no-such-folder") << QStringList{QStringLiteral("does not exist")};
    }

    void brokenCheckpointsSayWhy()
    {
        QFETCH(QString, folder);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("heatmap.png"));
        for (const QStringList &action : {QStringList{QStringLiteral("--dump"), QStringLiteral("-")},
                                          QStringList{QStringLiteral("--export"), png}}) {
            const AppRun r = runApp(QStringList{QStringLiteral("--model"), gpt2Fixture(folder)} + action);
            QCOMPARE(r.exitCode, 1);
            QVERIFY(r.out.isEmpty());
            // "attention-explorer: <what is wrong>", the first part on that line.
            QVERIFY2(r.err.contains(QRegularExpression(QStringLiteral("attention-explorer: [^\\n]*")
                                                       + QRegularExpression::escape(expected.first()))),
                     qPrintable(r.err));
            for (const QString &part : expected)
                QVERIFY2(r.err.contains(part), qPrintable(r.err));
            QVERIFY(!QFile::exists(png));
        }
    }

    void nonFiniteWeightsAreAWarning()
    {
        const AppRun r = runApp({QStringLiteral("--model"), gpt2Fixture(QStringLiteral("malformed/nonfinite")), QStringLiteral("--dump"),
                           QStringLiteral("-"), QStringLiteral("-s"), QStringLiteral("cat")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QStringLiteral("warning: ")) && r.err.contains(QStringLiteral("h.0.mlp.c_fc.weight")),
                 qPrintable(r.err));
    }

    void toyOptionsDoNotApplyToACheckpoint_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::addRow("heads") << QStringList{QStringLiteral("--heads"), QStringLiteral("3")} << QStringLiteral("--heads");
        QTest::addRow("causal") << QStringList{QStringLiteral("--causal")} << QStringLiteral("--causal");
        QTest::addRow("empty") << QStringList{QStringLiteral("--model"), QString()} << QStringLiteral("checkpoint folder");
    }

    void toyOptionsDoNotApplyToACheckpoint()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const AppRun r = runApp(QStringList{QStringLiteral("--model"), gpt2Fixture(QStringLiteral("tiny-f32")),
                                      QStringLiteral("--dump"), QStringLiteral("-")} + arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    }

    void encoderPairDumpsTypesAndMaskPredictions()
    {
        // The wordpiece-mlm fixture: a BertForMaskedLM with vocab.txt and a float64 torch reference
        // of the pair [CLS] A [SEP] B [SEP] (scripts/make_bert_fixtures.py).
        const QString folder = QStringLiteral(AE_TEST_DATA_DIR "/bert/wordpiece-mlm");
        const QJsonObject ref = readJsonObject(folder + QStringLiteral("/reference.json"));
        const AppRun r = runApp({QStringLiteral("--model"), folder, QStringLiteral("--dump"), QStringLiteral("-"),
                                 QStringLiteral("-s"), ref.value(QStringLiteral("textA")).toString(),
                                 QStringLiteral("--sentence-b"), ref.value(QStringLiteral("textB")).toString()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject dump = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(dump.value(QStringLiteral("token_ids")).toArray(), ref.value(QStringLiteral("ids")).toArray());
        QCOMPARE(dump.value(QStringLiteral("token_type_ids")).toArray(), ref.value(QStringLiteral("typeIds")).toArray());
        QCOMPARE(dump.value(QStringLiteral("segments")).toArray(), ref.value(QStringLiteral("typeIds")).toArray());

        const QJsonArray masks = dump.value(QStringLiteral("mask_predictions")).toArray();
        QCOMPARE(masks.size(), 1);
        const int position = ref.value(QStringLiteral("maskPosition")).toInt();
        QCOMPARE(masks[0].toObject().value(QStringLiteral("position")).toInt(), position);
        const QJsonArray logits = ref.value(QStringLiteral("logits")).toArray()[position].toArray();
        double best = -1e300;
        int bestId = -1;
        for (int id = 0; id < logits.size(); ++id)
            if (logits[id].toDouble() > best) {
                best = logits[id].toDouble();
                bestId = id;
            }
        const QJsonObject first = masks[0].toObject().value(QStringLiteral("top")).toArray()[0].toObject();
        QCOMPARE(first.value(QStringLiteral("id")).toInt(), bestId);
        QVERIFY(std::abs(first.value(QStringLiteral("logit")).toDouble() - best) < 1e-4);
    }

    void sentenceBNeedsAnEncoder()
    {
        AppRun r = runApp({QStringLiteral("-s"), QStringLiteral("a b"), QStringLiteral("--sentence-b"), QStringLiteral("c"),
                           QStringLiteral("--dump"), QStringLiteral("-")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--sentence-b needs an encoder checkpoint")), qPrintable(r.err));
        r = runApp({QStringLiteral("--model"), gpt2Fixture(QStringLiteral("tiny-f32")), QStringLiteral("-s"),
                    QStringLiteral("a b"), QStringLiteral("--sentence-b"), QStringLiteral("c"), QStringLiteral("--dump"),
                    QStringLiteral("-")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("reads one text")) && r.err.contains(QStringLiteral("gpt2")), qPrintable(r.err));
        // An encoder whose folder has GPT-2's vocab.json + merges.txt and no special tokens.
        r = runApp({QStringLiteral("--model"), QStringLiteral(AE_TEST_DATA_DIR "/distilbert/tiny-f32"), QStringLiteral("-s"),
                    QStringLiteral("a b"), QStringLiteral("--sentence-b"), QStringLiteral("c"), QStringLiteral("--dump"),
                    QStringLiteral("-")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no sentence-pair form")), qPrintable(r.err));
    }

    void tooLongForTheCheckpoint()
    {
        // tiny-f32 reads at most 64 positions.
        const AppRun r = runApp({QStringLiteral("--model"), gpt2Fixture(QStringLiteral("tiny-f32")), QStringLiteral("--dump"),
                           QStringLiteral("-"), QStringLiteral("-s"), QStringLiteral("cat ").repeated(70)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("n_positions")), qPrintable(r.err));
    }

    void exportsAnyLayerHeadAndTheModelViews_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addRow("heatmap of layer 2 head 3") << QStringList{QStringLiteral("--view"), QStringLiteral("heatmap"),
                                                                  QStringLiteral("--layer"), QStringLiteral("2"),
                                                                  QStringLiteral("--head"), QStringLiteral("3")};
        QTest::addRow("heads of layer 1") << QStringList{QStringLiteral("--view"), QStringLiteral("heads"),
                                                         QStringLiteral("--layer"), QStringLiteral("1")};
        QTest::addRow("arrows of layer 2") << QStringList{QStringLiteral("--view"), QStringLiteral("arc"),
                                                          QStringLiteral("--layer"), QStringLiteral("2")};
        QTest::addRow("steps") << QStringList{QStringLiteral("--view"), QStringLiteral("steps"), QStringLiteral("--layer"),
                                              QStringLiteral("1"), QStringLiteral("--head"), QStringLiteral("2")};
        QTest::addRow("model") << QStringList{QStringLiteral("--view"), QStringLiteral("model")};
        QTest::addRow("rollout") << QStringList{QStringLiteral("--view"), QStringLiteral("rollout")};
    }

    void exportsAnyLayerHeadAndTheModelViews()
    {
        QFETCH(QStringList, arguments);
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("figure.png"));
        const AppRun r = runApp(QStringList{QStringLiteral("--model"), gpt2Fixture(QStringLiteral("small-f32")), QStringLiteral("-s"),
                                      kSentence, QStringLiteral("--export"), png} + arguments);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 150 && image.height() > 100);
        // Not a blank page: the diagram has a colour other than the background's.
        bool varied = false;
        for (int y = 0; y < image.height() && !varied; y += 4)
            for (int x = 0; x < image.width() && !varied; x += 4)
                varied = image.pixel(x, y) != image.pixel(0, 0);
        QVERIFY(varied);
    }

    void exportsOnlyWhatTheModelHas()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("figure.png"));
        AppRun r = runApp({QStringLiteral("--model"), gpt2Fixture(QStringLiteral("small-f32")), QStringLiteral("--export"), png,
                     QStringLiteral("--layer"), QStringLiteral("3")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--layer 3 is out of range")) && r.err.contains(QStringLiteral("the model has 3 layer")),
                 qPrintable(r.err));
        // The rollout is not a head: its numbers are in --dump, not in a head's CSV.
        r = runApp({QStringLiteral("--model"), gpt2Fixture(QStringLiteral("small-f32")), QStringLiteral("--export"),
                 dir.filePath(QStringLiteral("rollout.csv"))});
        QVERIFY(r.exitCode != 0);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("rollout.csv"))));
    }
};

QTEST_GUILESS_MAIN(TestModelCli)
#include "tst_modelcli.moc"
