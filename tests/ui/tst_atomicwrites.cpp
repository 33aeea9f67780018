// Nothing lost (issue 8): a write that fails half-way — a full disk, a quota — leaves no partial
// file and keeps the file that was there. The failure is real, not simulated in the code under
// test: RLIMIT_FSIZE caps the size of any file this process (or the program it starts) writes at
// half of what the write needs, so the kernel refuses the rest (EFBIG) in the middle of writing.
// Covered: every export format from the window, the headless --export, session saves and matrix
// exports. The folder must hold exactly what it held before: no temporary left beside the target.
#include "windowtestutils.h"
#include "core/io/sessionfile.h"
#include "core/engine/presets.h"
#include "document/attentiondocument.h"
#include "export/exportcontroller.h"
#include "export/imageexportoptions.h"
#include "mainwindow.h"
#include "session/sessioncontroller.h"
#include "views/heatmap/heatmapview.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::readFileBytes;
using testutils::writeFile;

// Files larger than `bytes` cannot be written while this lives (soft limit only, so it can be
// lifted again without privileges).
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit limited = m_old;
        limited.rlim_cur = bytes;
        m_active = setrlimit(RLIMIT_FSIZE, &limited) == 0;
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &m_old); }
    bool active() const { return m_active; }

private:
    rlimit m_old{};
    bool m_active = false;
};

QStringList everything(const QString &directory)
{
    return QDir(directory).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}


const QByteArray kOldContents("the file that was there before");

using testutils::presetStart;
using testutils::settle;

} // namespace

class TestAtomicWrites : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("AttentionExplorerTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_atomicwrites"));
        QSettings().clear();
        std::signal(SIGXFSZ, SIG_IGN); // a write past the limit fails with EFBIG instead of killing us
    }

    void failedExportLeavesNoPartialFile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("existing");
        for (const char *extension : {"png", "svg", "pdf", "csv", "json"}) {
            const QString name = QStringLiteral("figure.") + QLatin1String(extension);
            QTest::addRow("%s new", extension) << name << false;
            QTest::addRow("%s over an old file", extension) << name << true;
        }
    }

    void failedExportLeavesNoPartialFile()
    {
        QFETCH(QString, name);
        QFETCH(bool, existing);
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.document()->computeNow();
        ExportController *exports = window.exportController();
        const ExportableView *view = window.heatmap();

        // The size the export needs, from a write that succeeds.
        QTemporaryDir reference;
        const Expected<ExportFormat> whole = exports->exportView(view, reference.filePath(name), {});
        QVERIFY2(whole, whole ? "" : qPrintable(whole.error()));
        const qint64 needed = QFileInfo(reference.filePath(name)).size();
        QVERIFY2(needed > 64, qPrintable(QString::number(needed)));

        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        if (existing)
            QVERIFY(writeFile(path, kOldContents));
        const QStringList before = everything(dir.path());
        {
            FileSizeLimit limit(rlim_t(needed / 2));
            QVERIFY(limit.active());
            const Expected<ExportFormat> written = exports->exportView(view, path, {});
            QVERIFY(!written);
            QVERIFY2(written.error().contains(name), qPrintable(written.error()));
            QVERIFY2(!written.error().contains(QLatin1String("Unknown error")), qPrintable(written.error()));
        }
        QCOMPARE(everything(dir.path()), before);
        if (existing)
            QCOMPARE(readFileBytes(path), kOldContents);
        settle(window);
    }

    void failedCommandLineExportLeavesNoPartialFile_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("--export") << QStringLiteral("heads.pdf")
                                  << QStringList{QStringLiteral("--export"), QStringLiteral("heads.pdf"),
                                                 QStringLiteral("--view"), QStringLiteral("heads")};
        // A dump of about 3 KB: above the limit, below QSaveFile's 16 KB buffer, which hides a short
        // write unless the file is opened unbuffered.
        QTest::newRow("--dump") << QStringLiteral("numbers.json")
                                << QStringList{QStringLiteral("--sentence"), QStringLiteral("the cat sat on the mat"),
                                               QStringLiteral("--heads"), QStringLiteral("1"), QStringLiteral("--d-model"),
                                               QStringLiteral("2"), QStringLiteral("--d-k"), QStringLiteral("1"),
                                               QStringLiteral("--dump"), QStringLiteral("numbers.json")};
    }

    void failedCommandLineExportLeavesNoPartialFile()
    {
        QFETCH(QString, fileName);
        QFETCH(QStringList, arguments);
        QTemporaryDir dir;
        const QString path = dir.filePath(fileName);
        QVERIFY(writeFile(path, kOldContents));
        QProcess app;
        // In the child between fork and exec: files above 2 KB cannot be written (the PDF is larger).
        app.setChildProcessModifier([] {
            std::signal(SIGXFSZ, SIG_IGN);
            rlimit limited{};
            getrlimit(RLIMIT_FSIZE, &limited);
            limited.rlim_cur = 2048;
            setrlimit(RLIMIT_FSIZE, &limited);
        });
        app.setWorkingDirectory(dir.path());
        app.start(QStringLiteral(AE_APP_PATH), QStringList{QStringLiteral("--preset"), QStringLiteral("cat-sat")} + arguments);
        QVERIFY(app.waitForFinished(60000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 1);
        const QString error = QString::fromUtf8(app.readAllStandardError());
        QVERIFY2(error.contains(fileName), qPrintable(error));
        QCOMPARE(everything(dir.path()), QStringList({fileName}));
        QCOMPARE(readFileBytes(path), kOldContents);
    }

    void failedSessionSaveKeepsTheOldFile_data()
    {
        // Small files are the ones a buffered QSaveFile wrote only at commit(), where Qt 6.4 does
        // not notice a failed flush: both sizes are checked.
        QTest::addColumn<bool>("small");
        QTest::addRow("small (under 16 KiB)") << true;
        QTest::addRow("large") << false;
    }

    void failedSessionSaveKeepsTheOldFile()
    {
        QFETCH(bool, small);
        StartState start = presetStart(QStringLiteral("cat-sat"));
        if (small) {
            start.state.config.heads = 1;
            start.state.config.dModel = 4;
            start.state.config.dK = 2;
            start.state.config.dV = 2;
            start.state.weights = LearnedMatrices::glorot(start.state.config);
            start.state.embeddings.clear();
        }
        MainWindow window(start);
        window.session()->setDialogsEnabled(false);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("work.attn.json"));
        QVERIFY(window.session()->saveTo(path));
        const QByteArray saved = readFileBytes(path);
        QVERIFY(saved.size() > 512);
        QCOMPARE(saved.size() < 16 * 1024, small);

        window.document()->setMatrixCell(MatrixKind::Value, 0, 0, 0, 3.5f);
        {
            FileSizeLimit limit(rlim_t(saved.size() / 2));
            QVERIFY(limit.active());
            QVERIFY(!window.session()->saveTo(path));
        }
        QVERIFY2(window.session()->lastError().contains(QLatin1String("work.attn.json")),
                 qPrintable(window.session()->lastError()));
        QVERIFY(window.session()->isModified()); // the edit is still unsaved, and still in the window
        QCOMPARE(readFileBytes(path), saved);
        QCOMPARE(everything(dir.path()), QStringList({QStringLiteral("work.attn.json")}));
        settle(window);
    }

    void failedMatrixExportLeavesNoPartialFile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addRow("json") << QStringLiteral("matrices.json");
        QTest::addRow("safetensors") << QStringLiteral("matrices.safetensors");
    }

    void failedMatrixExportLeavesNoPartialFile()
    {
        QFETCH(QString, name);
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.session()->setDialogsEnabled(false);
        QTemporaryDir reference;
        QVERIFY2(window.session()->exportMatrices(reference.filePath(name)), qPrintable(window.session()->lastError()));
        const qint64 needed = QFileInfo(reference.filePath(name)).size();
        QVERIFY(needed > 1024);

        QTemporaryDir dir;
        {
            FileSizeLimit limit(rlim_t(needed / 2));
            QVERIFY(limit.active());
            QVERIFY(!window.session()->exportMatrices(dir.filePath(name)));
        }
        QVERIFY2(window.session()->lastError().contains(name), qPrintable(window.session()->lastError()));
        QCOMPARE(everything(dir.path()), QStringList());
        settle(window);
    }
};

QTEST_MAIN(TestAtomicWrites)
#include "tst_atomicwrites.moc"
