// The malformed corpora through the command line, as a person meets them:
//   attention-explorer FILE.attn.json --dump -      (every session case)
//   attention-explorer --model DIR --dump -         (every checkpoint case, once the option exists)
// Each must end with exit status 1, its message on stderr, nothing on stdout, and no crash.
#include "malformedcorpus.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace attn::test;

namespace {

struct Run
{
    int exitCode = -1;
    bool crashed = true;
    QString out;
    QString err;
};

Run runApp(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(AE_APP_PATH), arguments);
    Run run;
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("did not finish within 120 s");
        return run;
    }
    run.crashed = process.exitStatus() != QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

void verifyRefused(const Run &run, const QString &expected)
{
    QVERIFY2(!run.crashed, qPrintable(run.err));
    QVERIFY2(run.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
    QVERIFY2(run.out.isEmpty(), qPrintable(run.out.left(200)));
}

QString checkpoints()
{
    return malformedDir(QStringLiteral("checkpoint"));
}

} // namespace

class TestMalformedCli : public QObject
{
    Q_OBJECT

private slots:
    void goodSessionDumps()
    {
        const Run run = runApp({malformedDir(QStringLiteral("session")) + QStringLiteral("/good.attn.json"),
                                QStringLiteral("--dump"), QStringLiteral("-")});
        QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(QLatin1String("\"tokens\"")));
    }

    void sessions_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QVERIFY(addManifestRows(malformedDir(QStringLiteral("session"))) >= 40);
    }
    void sessions()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        verifyRefused(runApp({path, QStringLiteral("--dump"), QStringLiteral("-")}), expected);
    }

    void goodCheckpointDumps()
    {
        const Run run = runApp({QStringLiteral("--model"), checkpoints() + QStringLiteral("/good"),
                                QStringLiteral("--sentence"), QStringLiteral("the cat"), QStringLiteral("--dump"),
                                QStringLiteral("-")});
        QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(run.err));
    }

    // good/merges.txt with CR-only line ends gives the very dump of the good checkpoint (whose
    // merges make "he" and "at"; split at LF only, the CR file had none).
    void crOnlyMergesDumpLikeLf()
    {
        const QStringList dump = {QStringLiteral("--sentence"), QStringLiteral("the cat"), QStringLiteral("--dump"),
                                  QStringLiteral("-")};
        const Run lf = runApp(QStringList{QStringLiteral("--model"), checkpoints() + QStringLiteral("/good")} + dump);
        QVERIFY2(!lf.crashed && lf.exitCode == 0, qPrintable(lf.err));
        QVERIFY2(lf.out.contains(QLatin1String("\"he\"")) && lf.out.contains(QLatin1String("\"at\"")), qPrintable(lf.out));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // Named "good" too: the dump names the model by its folder.
        const QString folder = dir.filePath(QStringLiteral("good"));
        QVERIFY(QDir().mkdir(folder));
        for (const char *name : {"config.json", "vocab.json", "model.safetensors"})
            QVERIFY(QFile::copy(checkpoints() + QStringLiteral("/good/") + QLatin1String(name),
                                folder + QLatin1Char('/') + QLatin1String(name)));
        QVERIFY(QFile::copy(checkpoints() + QStringLiteral("/line_ends/merges_cr.txt"), folder + QStringLiteral("/merges.txt")));
        const Run cr = runApp(QStringList{QStringLiteral("--model"), folder} + dump);
        QVERIFY2(!cr.crashed && cr.exitCode == 0, qPrintable(cr.err));
        QCOMPARE(cr.out, lf.out);
    }

    // Every checkpoint case as a folder: the folder cases as they are, each config/vocab/merges
    // case inside a copy of the good checkpoint.
    void checkpointFolders_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QVERIFY(addManifestRows(checkpoints()) >= 50);
    }
    void checkpointFolders()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QString folder = path;
        const QString kind = QFileInfo(path).dir().dirName(); // config, vocab, merges or folders
        if (kind != QLatin1String("folders")) {
            QVERIFY(dir.isValid());
            const QString target = kind == QLatin1String("config") ? QStringLiteral("config.json")
                : kind == QLatin1String("vocab")                   ? QStringLiteral("vocab.json")
                                                                   : QStringLiteral("merges.txt");
            for (const char *name : {"config.json", "vocab.json", "merges.txt", "model.safetensors"}) {
                const QString file = QString::fromLatin1(name);
                const QString from = file == target ? path : checkpoints() + QStringLiteral("/good/") + file;
                QVERIFY(QFile::copy(from, dir.filePath(file)));
            }
            folder = dir.path();
        }
        verifyRefused(runApp({QStringLiteral("--model"), folder, QStringLiteral("--dump"), QStringLiteral("-")}), expected);
    }

    void pickleFileRefused()
    {
        verifyRefused(runApp({QStringLiteral("--model"), checkpoints() + QStringLiteral("/folders/pickle_only/pytorch_model.bin"),
                              QStringLiteral("--dump"), QStringLiteral("-")}),
                      QStringLiteral("pickle"));
    }
};

QTEST_GUILESS_MAIN(TestMalformedCli)
#include "tst_malformedcli.moc"
