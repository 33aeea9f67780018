// Checkpoint files a stranger may hand us, read through the real loaders: config.json, vocab.json,
// merges.txt and whole folders whose files disagree (tests/data/malformed/checkpoint, written by
// scripts/make_malformed_checkpoint.py), every malformed safetensors file of
// tests/data/safetensors/malformed inside an otherwise good folder, and files of absurd size.
// Each must give its message, naming the file, and never crash.
#include "malformedcorpus.h"

#include "core/tokenizers/gpt2tokenizer.h"
#include "core/transformer/gpt2config.h"
#include "core/transformer/gpt2model.h"

#include <QTemporaryDir>
#include <QTest>

using namespace attn;
using namespace attn::test;

namespace {

QString corpus()
{
    return malformedDir(QStringLiteral("checkpoint"));
}

QString good(const QString &file)
{
    return corpus() + QStringLiteral("/good/") + file;
}

// Copies the good checkpoint into `dir`, leaving out `except`.
bool copyGoodCheckpoint(const QString &dir, const QString &except = {})
{
    for (const char *name : {"config.json", "vocab.json", "merges.txt", "model.safetensors"}) {
        const QString file = QString::fromLatin1(name);
        if (file != except && !QFile::copy(good(file), dir + QLatin1Char('/') + file))
            return false;
    }
    return true;
}

} // namespace

class TestMalformedCheckpoint : public QObject
{
    Q_OBJECT

private slots:
    // The baseline every case breaks must itself load, or every refusal below proves nothing.
    void goodCheckpointLoads()
    {
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(corpus() + QStringLiteral("/good"));
        QVERIFY2(model.ok(), model.ok() ? "" : qPrintable(model.error()));
        QCOMPARE((*model)->config().layers, 1);
        QCOMPARE((*model)->config().dModel, 4);
        QCOMPARE((*model)->tokenizer().vocabSize(), 260);
        // Byte tokens have their byte's value as id; merges 0..2 make " the" (258), merge 3 "at" (259).
        QCOMPARE((*model)->tokenizer().encodeIds(QStringLiteral(" the cat")), (std::vector<int>{258, 32, 99, 259}));
    }

    void configFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QVERIFY(addManifestRows(corpus(), QStringLiteral("config/")) >= 20);
    }
    void configFiles()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const Expected<Gpt2Config> config = Gpt2Config::read(path);
        QVERIFY2(!config.ok(), "accepted");
        QVERIFY2(config.error().contains(expected), qPrintable(config.error()));
        QVERIFY2(config.error().contains(QFileInfo(path).fileName()), qPrintable(config.error()));
    }

    void vocabFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QVERIFY(addManifestRows(corpus(), QStringLiteral("vocab/")) >= 10);
    }
    void vocabFiles()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const Expected<bpe::Gpt2Tokenizer> tokenizer = bpe::Gpt2Tokenizer::load(path, good(QStringLiteral("merges.txt")));
        QVERIFY2(!tokenizer.ok(), "accepted");
        QVERIFY2(tokenizer.error().contains(expected), qPrintable(tokenizer.error()));
        QVERIFY2(tokenizer.error().contains(QFileInfo(path).fileName()), qPrintable(tokenizer.error()));
    }

    void mergesFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QVERIFY(addManifestRows(corpus(), QStringLiteral("merges/")) >= 6);
    }
    void mergesFiles()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const Expected<bpe::Gpt2Tokenizer> tokenizer = bpe::Gpt2Tokenizer::load(good(QStringLiteral("vocab.json")), path);
        QVERIFY2(!tokenizer.ok(), "accepted");
        QVERIFY2(tokenizer.error().contains(expected), qPrintable(tokenizer.error()));
        QVERIFY2(tokenizer.error().contains(QFileInfo(path).fileName()), qPrintable(tokenizer.error()));
    }

    // good/merges.txt with CR-only (old Mac) and CRLF line ends: the same four merges, so the same
    // ids as goodCheckpointLoads. Split at LF only, the CR file was one header line and no merge.
    void mergesLineEnds_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("CR only") << QStringLiteral("merges_cr.txt");
        QTest::newRow("CRLF") << QStringLiteral("merges_crlf.txt");
    }
    void mergesLineEnds()
    {
        QFETCH(QString, file);
        const Expected<bpe::Gpt2Tokenizer> tokenizer
            = bpe::Gpt2Tokenizer::load(good(QStringLiteral("vocab.json")), corpus() + QStringLiteral("/line_ends/") + file);
        QVERIFY2(tokenizer.ok(), tokenizer.ok() ? "" : qPrintable(tokenizer.error()));
        QCOMPARE(tokenizer->mergeCount(), 4);
        QCOMPARE(tokenizer->encodeIds(QStringLiteral(" the cat")), (std::vector<int>{258, 32, 99, 259}));
    }

    void folders_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QVERIFY(addManifestRows(corpus(), QStringLiteral("folders/")) >= 15);
    }
    void folders()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(path);
        QVERIFY2(!model.ok(), "accepted");
        QVERIFY2(model.error().contains(expected), qPrintable(model.error()));
        // Named by the folder or by a file in it (whose path contains the folder's).
        QVERIFY2(model.error().contains(QFileInfo(path).fileName()), qPrintable(model.error()));
    }

    // Every hostile safetensors file of the reader's own corpus, as a checkpoint's weights.
    void safetensorsInCheckpoint_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QVERIFY(addManifestRows(QStringLiteral(AE_TEST_DATA_DIR "/safetensors/malformed")) >= 40);
    }
    void safetensorsInCheckpoint()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(copyGoodCheckpoint(dir.path(), QStringLiteral("model.safetensors")));
        QVERIFY(QFile::copy(path, dir.filePath(QStringLiteral("model.safetensors"))));
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(dir.path());
        QVERIFY2(!model.ok(), "accepted");
        QVERIFY2(model.error().contains(expected), qPrintable(model.error()));
        QVERIFY2(model.error().contains(QStringLiteral("model.safetensors")), qPrintable(model.error()));
    }

    // Findings not fixed yet (in src/core/transformer, being edited by its owner): expected to fail, so
    // that the fix turns them into an unexpected pass and they move into the corpus.
    void knownGaps_data()
    {
        QTest::addColumn<double>("epsilon");
        QTest::newRow("layer_norm_epsilon 1e-50 is 0 as a float") << 1e-50;
        QTest::newRow("layer_norm_epsilon 0.99999999999 is 1 as a float") << 0.99999999999;
    }
    void knownGaps()
    {
        QFETCH(double, epsilon);
        QFile good(corpus() + QStringLiteral("/good/config.json"));
        QVERIFY(good.open(QIODevice::ReadOnly));
        QByteArray json = good.readAll();
        const QByteArray value = QByteArray::number(epsilon, 'g', 17);
        QByteArray replacement = "\"layer_norm_epsilon\": ";
        replacement += value;
        json.replace("\"layer_norm_epsilon\": 1e-05", replacement);
        QVERIFY(json.contains(value));
        const Expected<Gpt2Config> config = Gpt2Config::fromJson(json, QStringLiteral("config.json"));
        QEXPECT_FAIL("", "Gpt2Config checks the epsilon as a double, not as the float it is stored in", Abort);
        QVERIFY2(!config.ok(), "an epsilon the float cannot hold is accepted");
    }

    // Sizes far beyond any real file, as sparse files: refused by their size, before any read.
    void absurdSizes_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("config.json 64 MiB") << QStringLiteral("config.json") << (qint64(64) << 20)
                                            << QStringLiteral("files above 4 MiB are not read");
        QTest::newRow("vocab.json 2 GiB") << QStringLiteral("vocab.json") << (qint64(2) << 30)
                                          << QStringLiteral("files above 64 MiB are not read");
        QTest::newRow("merges.txt 65 MiB") << QStringLiteral("merges.txt") << (qint64(65) << 20)
                                           << QStringLiteral("files above 64 MiB are not read");
        QTest::newRow("model.safetensors 16 GiB of zeros") << QStringLiteral("model.safetensors") << (qint64(16) << 30)
                                                          << QStringLiteral("model.safetensors");
    }
    void absurdSizes()
    {
        QFETCH(QString, file);
        QFETCH(qint64, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(copyGoodCheckpoint(dir.path(), file));
        if (!makeSparseFile(dir.filePath(file), bytes))
            QSKIP("this file system cannot hold a sparse file of that size");
        const Expected<Gpt2ModelPtr> model = Gpt2Model::load(dir.path());
        QVERIFY2(!model.ok(), "accepted");
        QVERIFY2(model.error().contains(expected), qPrintable(model.error()));
    }
};

QTEST_GUILESS_MAIN(TestMalformedCheckpoint)
#include "tst_malformedcheckpoint.moc"
