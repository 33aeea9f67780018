// Nothing lost (issue 8): unsaved work is autosaved to the recovery folder and offered back after a
// crash. A child process (this test program, started with --hold-unsaved-work) opens a session in a
// window and types over its sentence, as a person would; it is killed with SIGKILL once its recovery
// file is on disk, and the next start (a window in this process, on the same folder) must offer and
// restore exactly the sentence, configuration and matrices the killed process had — which this
// test wrote itself, by hand, into the session the killed process opened. A running instance's file
// is never offered; Discard deletes, Not Now keeps; --dump and --export never prompt.
#include "windowtestutils.h"
#include "core/io/sessionfile.h"
#include "core/engine/presets.h"
#include "document/attentiondocument.h"
#include "mainwindow.h"
#include "session/autosaver.h"
#include "session/recoveryfile.h"
#include "session/recoveryprompt.h"
#include "session/sessioncontroller.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSysInfo>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <cstring>
#include <functional>
#include <memory>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::presetStart;
using testutils::sameBits;
using testutils::settle;
using testutils::writeFile;

const QString kTyped = QStringLiteral("words typed after opening and never saved");


// A small model unlike any preset, with entries written out by hand: heads 2, d_model 6, d_k 3,
// d_v 2. Entry (r, c) of head h's W_Q is 0.5·h + r/8 − c/16 (exact in float), W_K and W_V are
// offsets of it, W_O is r/4 − c/32; one embedding for "words".
io::Session handMadeSession()
{
    io::Session session;
    session.sentence = QStringLiteral("the opened sentence");
    session.config.heads = 2;
    session.config.dModel = 6;
    session.config.dK = 3;
    session.config.dV = 2;
    session.config.seed = 1234;
    session.config.causal = true;
    session.config.temperature = 0.75;
    auto fill = [](int rows, int cols, float offset) {
        Matrix m(rows, cols);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                m(r, c) = offset + float(r) / 8.0f - float(c) / 16.0f;
        return m;
    };
    for (int h = 0; h < 2; ++h)
        session.matrices.weights.heads.push_back({fill(6, 3, 0.5f * h), fill(6, 3, 0.5f * h - 1.0f), fill(6, 2, 2.0f + h)});
    session.matrices.weights.wO.resize(4, 6);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 6; ++c)
            session.matrices.weights.wO(r, c) = float(r) / 4.0f - float(c) / 32.0f;
    RowVector words(6);
    words << 1.0f, -1.0f, 0.5f, -0.5f, 0.25f, -0.25f;
    session.matrices.embeddings.insert(QStringLiteral("words"), words);
    return session;
}

QStringList recoveryFiles(const QString &directory)
{
    return QDir(directory).entryList({QStringLiteral("autosave-*")}, QDir::Files | QDir::Hidden, QDir::Name);
}

QStringList sessionFiles(const QString &directory)
{
    return QDir(directory).entryList({QStringLiteral("autosave-*.attn.json")}, QDir::Files, QDir::Name);
}

// Clicks the recovery box's button with `role` once it is up; records the box's text.
class PromptAnswer : public QObject
{
public:
    explicit PromptAnswer(QMessageBox::ButtonRole role) : m_role(role)
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("recoveryPrompt"))
                return;
            ++m_shown;
            m_text = box->text();
            m_informative = box->informativeText();
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) == m_role) {
                    button->click();
                    return;
                }
            }
            box->reject();
        });
        m_timer.start(20);
    }
    int shown() const { return m_shown; }
    QString text() const { return m_text; }
    QString informative() const { return m_informative; }

private:
    QMessageBox::ButtonRole m_role;
    QTimer m_timer;
    int m_shown = 0;
    QString m_text;
    QString m_informative;
};

// A process of its own (the real program, or this test's child) in its own folders: no display
// needed, no settings or recovery files of the person running the tests touched.
QProcessEnvironment appEnvironment(const QTemporaryDir &home, const QString &recoveryFolder)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QString::fromLatin1(RecoveryFile::kDirectoryVariable), recoveryFolder);
    return environment;
}

// The argument that makes this program the child of aKilledProcessesWorkComesBack.
constexpr char kHoldUnsavedWork[] = "--hold-unsaved-work";

// The child: what the program does at the start (the window, the session it was given, autosave to
// the recovery folder of its environment), then what a person does: type over the sentence. Runs
// until it is killed.
int holdUnsavedWork(const QString &sessionPath)
{
    QCoreApplication::setOrganizationName(QStringLiteral("AttentionExplorerTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_recovery"));
    MainWindow window(presetStart(QStringLiteral("cat-sat")));
    window.session()->setDialogsEnabled(false);
    if (!window.session()->openFile(sessionPath)) {
        qCritical().noquote() << window.session()->lastError();
        return 1;
    }
    Autosaver autosaver(window.session(), RecoveryFile::defaultDirectory());
    window.show();
    QPlainTextEdit *input = window.sentenceEdit();
    input->setFocus();
    input->selectAll();
    QTest::keyClicks(input, kTyped);
    return QApplication::exec();
}

} // namespace

class TestRecovery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("AttentionExplorerTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_recovery"));
        QSettings().clear();
    }

    void folderComesFromTheEnvironment()
    {
        QTemporaryDir dir;
        qputenv(RecoveryFile::kDirectoryVariable, dir.path().toUtf8());
        QCOMPARE(RecoveryFile::defaultDirectory(), dir.path());
        qunsetenv(RecoveryFile::kDirectoryVariable);
        QVERIFY2(RecoveryFile::defaultDirectory().endsWith(QLatin1String("/tst_recovery/recovery")),
                 qPrintable(RecoveryFile::defaultDirectory()));

        const auto own = RecoveryFile::createOwn(dir.path());
        const QString name = QFileInfo(own->path()).fileName();
        QVERIFY2(name.startsWith(QStringLiteral("autosave-%1-").arg(QCoreApplication::applicationPid())), qPrintable(name));
        QVERIFY(name.endsWith(QLatin1String(".attn.json")));
        QVERIFY(recoveryFiles(dir.path()).isEmpty()); // nothing on disk before claim()
    }

    void aMissingFolderIsMadePrivate()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("a/b/recovery"));
        const auto own = RecoveryFile::createOwn(folder);
        QVERIFY2(own->claim(), qPrintable(own->lastError()));
        QCOMPARE(QFileInfo(folder).permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteOther),
                 QFile::Permissions());
        QVERIFY(QFile::exists(own->lockPath()));
        own->remove();
        QVERIFY(recoveryFiles(folder).isEmpty());
    }

    void aLiveInstancesFileIsNotOffered()
    {
        QTemporaryDir dir;
        // Another instance in this very process: its lock is held (flock) by a live owner.
        const auto live = RecoveryFile::createOwn(dir.path());
        QVERIFY(live->claim());
        QCOMPARE(io::saveSession(live->path(), handMadeSession()), QString());
        QVERIFY(RecoveryFile::claimOrphans(dir.path()).empty());
        QVERIFY(QFile::exists(live->path()));
        QVERIFY(QFile::exists(live->lockPath()));

        // A lock made by QLockFile directly, as any other holder would.
        const QString other = dir.filePath(QStringLiteral("autosave-1-00000001.attn.json"));
        QCOMPARE(io::saveSession(other, handMadeSession()), QString());
        QLockFile otherLock(dir.filePath(QStringLiteral("autosave-1-00000001.lock")));
        QVERIFY(otherLock.tryLock(0));
        QVERIFY(RecoveryFile::claimOrphans(dir.path()).empty());

        // Once the owner is gone, its file is offered (and its lock now is this caller's).
        otherLock.unlock();
        auto orphans = RecoveryFile::claimOrphans(dir.path());
        QCOMPARE(orphans.size(), size_t(1));
        QCOMPARE(orphans.front()->path(), other);
        QVERIFY(orphans.front()->isClaimed());
        // While claimed here, no one else gets it.
        QVERIFY(RecoveryFile::claimOrphans(dir.path()).empty());
        orphans.front()->release(); // kept for the next start
        QCOMPARE(RecoveryFile::claimOrphans(dir.path()).size(), size_t(1));
        QVERIFY(QFile::exists(live->path()));
    }

    void aDeadProcesssLockIsTakenOver()
    {
        // A lock written by a process that no longer runs: a PID above the kernel's maximum.
        QTemporaryDir dir;
        const QString stem = dir.filePath(QStringLiteral("autosave-999999999-0000abcd"));
        QCOMPARE(io::saveSession(stem + QLatin1String(".attn.json"), handMadeSession()), QString());
        QFile lock(stem + QLatin1String(".lock"));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write(QByteArray::number(qint64(999999999)) + "\nattention-explorer\n" + QSysInfo::machineHostName().toUtf8() + '\n');
        lock.close();
        // A lock with this process's own PID that nothing here holds: an earlier process had the PID
        // (PIDs restart from the same numbers in a container). No flock on it, so it is taken over.
        const QString reused = dir.filePath(QStringLiteral("autosave-%1-0000beef").arg(QCoreApplication::applicationPid()));
        QCOMPARE(io::saveSession(reused + QLatin1String(".attn.json"), handMadeSession()), QString());
        QFile reusedLock(reused + QLatin1String(".lock"));
        QVERIFY(reusedLock.open(QIODevice::WriteOnly));
        reusedLock.write(QByteArray::number(QCoreApplication::applicationPid()) + "\ntst_recovery\n"
                         + QSysInfo::machineHostName().toUtf8() + '\n');
        reusedLock.close();
        // A lock that cannot be read at all, and a lock without a session file: tidied away.
        QFile garbage(dir.filePath(QStringLiteral("autosave-7-00000002.lock")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.close();

        auto orphans = RecoveryFile::claimOrphans(dir.path());
        QCOMPARE(orphans.size(), size_t(2));
        QStringList offered;
        for (const auto &orphan : orphans)
            offered << orphan->path();
        offered.sort();
        QCOMPARE(offered, QStringList({reused + QLatin1String(".attn.json"), stem + QLatin1String(".attn.json")}));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("autosave-7-00000002.lock"))));
        for (const auto &orphan : orphans)
            orphan->remove();
        QCOMPARE(recoveryFiles(dir.path()), QStringList());
    }

    void autosaveFollowsUnsavedChanges()
    {
        QTemporaryDir dir;
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.session()->setDialogsEnabled(false);
        auto autosaver = std::make_unique<Autosaver>(window.session(), dir.path());
        autosaver->setInterval(20);
        QSignalSpy written(autosaver.get(), &Autosaver::written);

        // An unsaved sentence: written, as a session file the ordinary reader opens.
        window.sentenceEdit()->setPlainText(kTyped);
        QTRY_VERIFY(!written.isEmpty());
        Expected<io::Session> saved = io::loadSession(autosaver->path());
        QVERIFY2(saved, saved ? "" : qPrintable(saved.error()));
        QCOMPARE(saved->sentence, kTyped);

        // An unsaved matrix edit: the next write has it.
        written.clear();
        window.document()->setMatrixCell(MatrixKind::Key, 1, 2, 3, 0.625f);
        QTRY_VERIFY(!written.isEmpty());
        saved = io::loadSession(autosaver->path());
        QVERIFY(saved);
        QCOMPARE(saved->matrices.weights.heads[1].wK(2, 3), 0.625f);

        // Saving deletes it at once; the saved file is the work now.
        const QString path = dir.filePath(QStringLiteral("work.attn.json"));
        QVERIFY2(window.session()->saveTo(path), qPrintable(window.session()->lastError()));
        QCOMPARE(sessionFiles(dir.path()), QStringList());
        QCOMPARE(recoveryFiles(dir.path()), QStringList());

        // A change after saving brings it back; undoing to the saved state deletes it again.
        written.clear();
        window.document()->setMatrixCell(MatrixKind::Query, 0, 0, 0, 4.0f);
        QTRY_VERIFY(!written.isEmpty());
        QVERIFY(QFile::exists(autosaver->path()));
        window.document()->undoStack()->undo();
        QVERIFY(!window.session()->isModified());
        QTRY_VERIFY(!QFile::exists(autosaver->path()));

        // A clean exit with unsaved work (the person chose Discard) leaves nothing behind.
        written.clear();
        window.sentenceEdit()->setPlainText(QStringLiteral("discarded at exit"));
        QTRY_VERIFY(!written.isEmpty());
        autosaver.reset();
        QCOMPARE(recoveryFiles(dir.path()), QStringList());
        settle(window);
    }

    void aKilledProcessesWorkComesBack()
    {
        QTemporaryDir home;
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("recovery"));
        const io::Session opened = handMadeSession();
        const QString sessionPath = home.filePath(QStringLiteral("opened.attn.json"));
        QCOMPARE(io::saveSession(sessionPath, opened), QString());

        // A window opens the session, then text that is saved nowhere is typed into its input.
        QProcess app;
        app.setProcessEnvironment(appEnvironment(home, folder));
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(QCoreApplication::applicationFilePath(), {QLatin1String(kHoldUnsavedWork), sessionPath});
        QVERIFY2(app.waitForStarted(10000), qPrintable(app.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(sessionFiles(folder).size() == 1, 60000);
        const QString recoveryPath = QDir(folder).filePath(sessionFiles(folder).constFirst());
        QVERIFY2(recoveryPath.contains(QStringLiteral("autosave-%1-").arg(app.processId())), qPrintable(recoveryPath));

        // While it runs, its file is not offered (and stays where it is).
        QVERIFY(RecoveryFile::claimOrphans(folder).empty());
        QVERIFY(QFile::exists(recoveryPath));
        QCOMPARE(app.state(), QProcess::Running);

        app.kill(); // SIGKILL: no destructor runs, nothing is tidied
        QVERIFY(app.waitForFinished(10000));
        QVERIFY(QFile::exists(recoveryPath));

        // The next start: a window on the same folder offers the work; Recover restores it.
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.session()->setDialogsEnabled(false);
        Autosaver autosaver(window.session(), folder);
        PromptAnswer answer(QMessageBox::AcceptRole);
        QVERIFY(RecoveryPrompt(window.session(), &autosaver).offer(folder));
        QCOMPARE(answer.shown(), 1);
        QVERIFY2(answer.text().startsWith(QLatin1String("Recover unsaved work from ")), qPrintable(answer.text()));
        QVERIFY2(answer.informative().contains(kTyped), qPrintable(answer.informative()));

        AttentionDocument *document = window.document();
        QCOMPARE(document->sentence(), kTyped);
        QCOMPARE(window.sentenceEdit()->toPlainText(), kTyped);
        QCOMPARE(document->config(), opened.config);
        QCOMPARE(int(document->weights().heads.size()), 2);
        for (int h = 0; h < 2; ++h) {
            QVERIFY(sameBits(document->weights().heads[h].wQ, opened.matrices.weights.heads[h].wQ));
            QVERIFY(sameBits(document->weights().heads[h].wK, opened.matrices.weights.heads[h].wK));
            QVERIFY(sameBits(document->weights().heads[h].wV, opened.matrices.weights.heads[h].wV));
        }
        QVERIFY(sameBits(document->weights().wO, opened.matrices.weights.wO));
        QVERIFY(document->state().embeddings == opened.matrices.embeddings);

        // Unsaved and untitled: Save asks where; nothing on disk but the recovery copy holds it.
        QVERIFY(window.session()->isModified());
        QVERIFY(window.isWindowModified());
        QCOMPARE(window.session()->filePath(), QString());
        QVERIFY(window.windowTitle().startsWith(QLatin1String("Untitled")));

        // The killed process's file is gone only because this instance's copy is on disk.
        QVERIFY(!QFile::exists(recoveryPath));
        QCOMPARE(sessionFiles(folder), QStringList({QFileInfo(autosaver.path()).fileName()}));
        const Expected<io::Session> copy = io::loadSession(autosaver.path());
        QVERIFY(copy);
        QCOMPARE(copy->sentence, kTyped);
        QVERIFY(copy->matrices == opened.matrices);
        settle(window);
    }

    void discardDeletesAndNotNowKeeps()
    {
        QTemporaryDir dir;
        const QString orphan = dir.filePath(QStringLiteral("autosave-1-00000003.attn.json"));
        QCOMPARE(io::saveSession(orphan, handMadeSession()), QString());
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        Autosaver autosaver(window.session(), dir.path());
        const QString before = window.document()->sentence();
        {
            PromptAnswer answer(QMessageBox::RejectRole); // Not Now (or Escape, or closing the box)
            QVERIFY(!RecoveryPrompt(window.session(), &autosaver).offer(dir.path()));
            QCOMPARE(answer.shown(), 1);
        }
        QCOMPARE(recoveryFiles(dir.path()), QStringList({QFileInfo(orphan).fileName()})); // kept, unlocked
        QCOMPARE(window.document()->sentence(), before);
        QVERIFY(!window.session()->isModified());
        {
            PromptAnswer answer(QMessageBox::DestructiveRole); // Discard
            QVERIFY(!RecoveryPrompt(window.session(), &autosaver).offer(dir.path()));
            QCOMPARE(answer.shown(), 1);
        }
        QCOMPARE(recoveryFiles(dir.path()), QStringList());
        QCOMPARE(window.document()->sentence(), before);
        QVERIFY(!window.session()->isModified());
        settle(window);
    }

    void anUnreadableFileIsKeptAndNotLoaded()
    {
        QTemporaryDir dir;
        const QString orphan = dir.filePath(QStringLiteral("autosave-1-00000004.attn.json"));
        QVERIFY(writeFile(orphan, "{\"format\": \"attention-explorer-session\", \"version\": 1, \"sentence\": "));
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        Autosaver autosaver(window.session(), dir.path());
        PromptAnswer answer(QMessageBox::AcceptRole);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("recovery file cannot be read.*00000004")));
        QVERIFY(!RecoveryPrompt(window.session(), &autosaver).offer(dir.path()));
        QCOMPARE(answer.shown(), 0);
        QCOMPARE(recoveryFiles(dir.path()), QStringList({QFileInfo(orphan).fileName()}));
        QVERIFY(!window.session()->isModified());
        settle(window);
    }

    void headlessModesNeverPrompt_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("output");
        QTest::addRow("dump") << QStringList{QStringLiteral("--preset"), QStringLiteral("cat-sat"), QStringLiteral("--dump")}
                              << QStringLiteral("dump.json");
        QTest::addRow("export") << QStringList{QStringLiteral("--preset"), QStringLiteral("cat-sat"), QStringLiteral("--export")}
                                << QStringLiteral("heatmap.png");
    }

    void headlessModesNeverPrompt()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, output);
        QTemporaryDir home;
        const QString folder = home.filePath(QStringLiteral("recovery"));
        QVERIFY(QDir().mkpath(folder));
        const QString orphan = QDir(folder).filePath(QStringLiteral("autosave-1-00000005.attn.json"));
        QCOMPARE(io::saveSession(orphan, handMadeSession()), QString());

        QProcess app;
        app.setProcessEnvironment(appEnvironment(home, folder));
        app.start(QStringLiteral(AE_APP_PATH), arguments << home.filePath(output));
        // A prompt would wait for an answer that never comes.
        QVERIFY(app.waitForFinished(60000));
        QCOMPARE(app.exitCode(), 0);
        QVERIFY(QFile::exists(home.filePath(output)));
        QCOMPARE(recoveryFiles(folder), QStringList({QFileInfo(orphan).fileName()})); // untouched, not even locked
    }
};

// QTEST_MAIN, and the child's role.
int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    if (argc == 3 && qstrcmp(argv[1], kHoldUnsavedWork) == 0)
        return holdUnsavedWork(QString::fromLocal8Bit(argv[2]));
    TestRecovery test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_recovery.moc"
