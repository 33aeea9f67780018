// Finding a model where Hugging Face's tools put it (a hub cache snapshot, a cache repository
// folder, a model id), and what a checkpoint's result says of its heads and tokens: key/value
// groups in the result and the dump, and the first-token rescaling the views offer.
#include "testutils.h"
#include "core/analysis/keyfilter.h"
#include "core/io/resultdump.h"
#include "core/transformer/huggingfacecache.h"
#include "core/transformer/model.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace attn;

namespace {

const QString kLlamaFixture = QStringLiteral(AE_TEST_DATA_DIR "/llama/tiny-f32");

// A hub cache repository as huggingface_hub lays it out, holding a copy of the llama fixture in
// each of `commits` snapshots; refs/main names `mainCommit` when it is not empty.
QString makeCachedRepository(const QString &hub, const QString &id, const QStringList &commits, const QString &mainCommit)
{
    const QString repository = hub + QStringLiteral("/models--") + QString(id).replace(QLatin1Char('/'), QStringLiteral("--"));
    for (const QString &commit : commits) {
        const QString snapshot = repository + QStringLiteral("/snapshots/") + commit;
        QDir().mkpath(snapshot);
        for (const QString &file : QDir(kLlamaFixture).entryList(QDir::Files))
            QFile::copy(kLlamaFixture + QLatin1Char('/') + file, snapshot + QLatin1Char('/') + file);
    }
    if (!mainCommit.isEmpty()) {
        QDir().mkpath(repository + QStringLiteral("/refs"));
        testutils::writeFile(repository + QStringLiteral("/refs/main"), mainCommit.toLatin1());
    }
    return repository;
}

int configInteger(const QString &folder, const char *key)
{
    QFile file(folder + QStringLiteral("/config.json"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String(key)).toInt(-1);
}

} // namespace

class TestModelFolders : public QObject
{
    Q_OBJECT

private slots:
    void modelIdOpensItsMainSnapshotFromTheHubCache()
    {
        QTemporaryDir hub;
        QVERIFY(hub.isValid());
        const QString commit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
        makeCachedRepository(hub.path(), QStringLiteral("tiny-org/TinyLlama-test"),
                             {commit, QStringLiteral("fedcba9876543210fedcba9876543210fedcba98")}, commit);
        qputenv("HF_HUB_CACHE", hub.path().toUtf8());

        const Expected<QString> folder = resolveModelFolder(QStringLiteral("tiny-org/TinyLlama-test"));
        QVERIFY2(folder, qPrintable(testutils::errorOf(folder)));
        QVERIFY(folder->endsWith(QStringLiteral("/snapshots/") + commit));

        const Expected<ModelPtr> model = loadModel(QStringLiteral("tiny-org/TinyLlama-test"));
        QVERIFY2(model, qPrintable(testutils::errorOf(model)));
        QCOMPARE((*model)->info().name, QStringLiteral("tiny-org/TinyLlama-test")); // not the commit id
        QCOMPARE((*model)->info().family, QStringLiteral("llama"));
        qunsetenv("HF_HUB_CACHE");
    }

    void cacheRepositoryFolderOpensItsOnlySnapshot()
    {
        QTemporaryDir hub;
        const QString repository =
            makeCachedRepository(hub.path(), QStringLiteral("org/one"), {QStringLiteral("aaaaaaa")}, QString());
        const Expected<QString> folder = resolveModelFolder(repository);
        QVERIFY2(folder, qPrintable(testutils::errorOf(folder)));
        QCOMPARE(*folder, repository + QStringLiteral("/snapshots/aaaaaaa"));
        QCOMPARE(modelDisplayName(*folder), QStringLiteral("org/one"));
    }

    void ambiguousOrEmptyCacheFoldersAreRefusedByName()
    {
        QTemporaryDir hub;
        const QString two = makeCachedRepository(hub.path(), QStringLiteral("org/two"),
                                                 {QStringLiteral("aaaaaaa"), QStringLiteral("bbbbbbb")}, QString());
        const Expected<QString> ambiguous = resolveModelFolder(two);
        QVERIFY(!ambiguous);
        QVERIFY2(ambiguous.error().contains(QStringLiteral("2 snapshots")), qPrintable(testutils::errorOf(ambiguous)));
        QVERIFY(ambiguous.error().contains(QStringLiteral("aaaaaaa, bbbbbbb")));

        const QString empty = hub.path() + QStringLiteral("/models--org--empty");
        QDir().mkpath(empty + QStringLiteral("/snapshots"));
        const Expected<QString> none = resolveModelFolder(empty);
        QVERIFY(!none);
        QVERIFY2(none.error().contains(QStringLiteral("without snapshots")), qPrintable(testutils::errorOf(none)));
    }

    void plainFoldersAndUnknownNamesPassThrough()
    {
        QCOMPARE(*resolveModelFolder(kLlamaFixture), kLlamaFixture);
        qputenv("HF_HUB_CACHE", QByteArrayLiteral("/nonexistent-hub"));
        QCOMPARE(*resolveModelFolder(QStringLiteral("org/absent")), QStringLiteral("org/absent"));
        const Expected<ModelPtr> absent = loadModel(QStringLiteral("org/absent"));
        QVERIFY(!absent); // the loader names the missing folder
        QVERIFY2(absent.error().contains(QStringLiteral("org/absent")), qPrintable(testutils::errorOf(absent)));
        qunsetenv("HF_HUB_CACHE");
    }

    void groupedQueryHeadsNameTheirKeyValueHeadInResultAndDump()
    {
        const Expected<ModelPtr> model = loadModel(kLlamaFixture);
        QVERIFY2(model, qPrintable(testutils::errorOf(model)));
        const int heads = configInteger(kLlamaFixture, "num_attention_heads");
        const int kvHeads = configInteger(kLlamaFixture, "num_key_value_heads");
        QVERIFY(heads > kvHeads && kvHeads > 0); // the fixture is grouped: the test means something
        const EnginePtr engine = (*model)->createEngine();
        const Expected<ResultPtr> result = engine->run({QString(), (*model)->tokensForIds({275, 51, 268, 270, 272})});
        QVERIFY2(result, qPrintable(testutils::errorOf(result)));
        QVERIFY((*result)->groupedQuery());

        const QJsonObject dump = QJsonDocument::fromJson(dumpResultJson(**result)).object();
        QCOMPARE(dump.value(QStringLiteral("kv_heads")).toInt(), kvHeads);
        const QJsonArray layers = dump.value(QStringLiteral("layers")).toArray();
        QCOMPARE(layers.size(), configInteger(kLlamaFixture, "num_hidden_layers"));
        for (const QJsonValue &layer : layers) {
            const QJsonArray dumped = layer.toObject().value(QStringLiteral("heads")).toArray();
            QCOMPARE(dumped.size(), heads);
            for (int h = 0; h < heads; ++h) // HF: query head h reads kv head h // (heads / kv heads)
                QCOMPARE(dumped[h].toObject().value(QStringLiteral("kv_head")).toInt(), h / (heads / kvHeads));
        }
    }

    void hidingTheFirstTokenRescalesEveryRowOverTheOthers()
    {
        // Worked by hand: w'ᵢⱼ = wᵢⱼ / (1 − wᵢ₀), w'ᵢ₀ = 0; a row all on the first key becomes 0.
        const Matrix weights = testutils::rows({{1.0f, 0.0f, 0.0f}, {0.5f, 0.5f, 0.0f}, {0.6f, 0.1f, 0.3f}});
        const Matrix hidden = withoutKeys(weights, {1, 0, 0});
        const Matrix expected = testutils::rows({{0.0f, 0.0f, 0.0f}, {0.0f, 1.0f, 0.0f}, {0.0f, 0.25f, 0.75f}});
        QVERIFY2(testutils::difference(hidden, expected) < 1e-6, qPrintable(QString::number(testutils::difference(hidden, expected))));

        const Expected<ModelPtr> model = loadModel(kLlamaFixture);
        QVERIFY(model);
        const Expected<ResultPtr> result = (*model)->createEngine()->run({QString(), (*model)->tokensForIds({275, 51, 268, 270, 272, 266})});
        QVERIFY(result);
        const ResultPtr shown = hideSinkKeys(*result);
        QVERIFY(shown->isKeyHidden(0) && !shown->isKeyHidden(1) && (*result)->hiddenKeysName.isEmpty());
        QCOMPARE(shown->hiddenKeysName, QStringLiteral("first token"));
        for (int l = 0; l < shown->layerCount(); ++l)
            for (int h = 0; h < shown->headCount(); ++h) {
                const Matrix &before = (*result)->head(l, h)->weights;
                const Matrix &after = shown->head(l, h)->weights;
                QCOMPARE(after.col(0).cwiseAbs().maxCoeff(), 0.0f);
                for (int i = 1; i < after.rows(); ++i) {
                    QVERIFY(std::abs(after.row(i).sum() - 1.0f) < 1e-5f);
                    // Ratios among the other keys are the model's.
                    QVERIFY(std::abs(after(i, 1) * before(i, i) - after(i, i) * before(i, 1)) < 1e-6f);
                }
                QVERIFY(testutils::sameBits(shown->head(l, h)->scores, (*result)->head(l, h)->scores));
            }
    }
};

QTEST_GUILESS_MAIN(TestModelFolders)
#include "tst_modelfolders.moc"
