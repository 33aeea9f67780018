// Session files and matrix files a stranger may hand us, read through the real loaders
// (tests/data/malformed/session and /matrices, written by scripts/make_malformed_documents.py),
// and files of absurd size. Each must give its message, naming the file, and never crash.
#include "testutils.h"
#include "malformedcorpus.h"

#include "core/io/matrixjson.h"
#include "core/io/npyfile.h"
#include "core/io/sessionfile.h"

#include <QTemporaryDir>
#include <QTest>

using namespace attn;
using namespace attn::test;

namespace {

QString sessions()
{
    return malformedDir(QStringLiteral("session"));
}

QString matrices()
{
    return malformedDir(QStringLiteral("matrices"));
}

} // namespace

class TestMalformedDocuments : public QObject
{
    Q_OBJECT

private slots:
    void goodFilesLoad()
    {
        const Expected<io::Session> session = io::loadSession(sessions() + QStringLiteral("/good.attn.json"));
        QVERIFY2(session.ok(), session.ok() ? "" : qPrintable(session.error()));
        QCOMPARE(session->sentence, QStringLiteral("the cat sat"));
        QCOMPARE(session->config.heads, 2);
        QCOMPARE(session->matrices.weights.wO(3, 2), 5.9375f); // the script's grid: (100 + 3·3 + 2) / 16 − 1

        const Expected<io::MatrixSet> set = io::loadMatricesJson(matrices() + QStringLiteral("/good.json"), testutils::matrixFixtureConfig());
        QVERIFY2(set.ok(), set.ok() ? "" : qPrintable(set.error()));
        QCOMPARE(set->weights.heads[1].wV(2, 1), 0.3125f); // head 1 w_v starts at 16: (16 + 2·2 + 1) / 16 − 1

        const Expected<Matrix> npy = io::loadNpy(matrices() + QStringLiteral("/good.npy"));
        QVERIFY2(npy.ok(), npy.ok() ? "" : qPrintable(npy.error()));
        QCOMPARE(npy->rows(), 3);
        QCOMPARE(npy->cols(), 2);
        QCOMPARE((*npy)(2, 1), 0.625f); // element 5 of i / 8
    }

    void sessionFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QVERIFY(addManifestRows(sessions()) >= 40);
    }
    void sessionFiles()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const Expected<io::Session> session = io::loadSession(path);
        QVERIFY2(!session.ok(), "accepted");
        QVERIFY2(session.error().contains(expected), qPrintable(session.error()));
        QVERIFY2(session.error().contains(QFileInfo(path).fileName()), qPrintable(session.error()));
    }

    void matrixFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QVERIFY(addManifestRows(matrices()) >= 25);
    }
    void matrixFiles()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QString error;
        if (path.endsWith(QLatin1String(".npy"))) {
            const Expected<Matrix> matrix = io::loadNpy(path);
            QVERIFY2(!matrix.ok(), "accepted");
            error = matrix.error();
        } else {
            const Expected<io::MatrixSet> set = io::loadMatricesJson(path, testutils::matrixFixtureConfig());
            QVERIFY2(!set.ok(), "accepted");
            error = set.error();
        }
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(QFileInfo(path).fileName()), qPrintable(error));
    }

    // Sizes far beyond any real file, as sparse files: refused by their size, before any read.
    void absurdSizes()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString session = dir.filePath(QStringLiteral("huge.attn.json"));
        const QString json = dir.filePath(QStringLiteral("huge.json"));
        const QString npy = dir.filePath(QStringLiteral("huge.npy"));
        if (!makeSparseFile(session, qint64(300) << 20) || !makeSparseFile(json, qint64(2) << 30)
            || !makeSparseFile(npy, qint64(5) << 30))
            QSKIP("this file system cannot hold sparse files of these sizes");

        const Expected<io::Session> s = io::loadSession(session);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("files above 256 MiB are not read")), qPrintable(s.error()));
        const Expected<io::MatrixSet> m = io::loadMatricesJson(json, testutils::matrixFixtureConfig());
        QVERIFY(!m.ok());
        QVERIFY2(m.error().contains(QStringLiteral("files above 256 MiB are not read")), qPrintable(m.error()));
        const Expected<Matrix> n = io::loadNpy(npy);
        QVERIFY(!n.ok());
        QVERIFY2(n.error().contains(QStringLiteral("files above 1024 MiB are not read")), qPrintable(n.error()));
    }
};

QTEST_GUILESS_MAIN(TestMalformedDocuments)
#include "tst_malformeddocuments.moc"
