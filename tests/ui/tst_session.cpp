// Session files in the real window: the unsaved-changes title, save and reopen with every float
// bit for bit, bad files that change nothing, matrix import/export, the close prompt, and the
// command line opening a saved session (--dump equal to the dump of the original input).
#include "windowtestutils.h"
#include "core/engine/attentionengine.h"
#include "core/io/sessionfile.h"
#include "core/io/resultdump.h"
#include "core/tokenizers/wordtokenizer.h"
#include "document/attentiondocument.h"
#include "editor/matrixeditor.h"
#include "editor/matrixtablemodel.h"
#include "mainwindow.h"
#include "session/sessioncontroller.h"
#include "widgets/colorscalebox.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <cstring>
#include <memory>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::AppRun;
using testutils::runApp;
using testutils::sameBits;

// Lets the document's background jobs finish before the window is destroyed.
struct WindowDeleter
{
    void operator()(MainWindow *window) const
    {
        testutils::settle(*window);
        delete window;
    }
};
using WindowPtr = std::unique_ptr<MainWindow, WindowDeleter>;

WindowPtr makeWindow(const char *presetName)
{
    WindowPtr window(new MainWindow(testutils::presetStart(QLatin1String(presetName))));
    window->session()->setDialogsEnabled(false);
    window->document()->computeNow();
    return window;
}

// Answers the next modal message box with `button`, as a person would.
void answerNextMessageBox(QMessageBox::StandardButton button)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            timer->deleteLater();
            timer->stop();
            box->button(button)->click();
        }
    });
    timer->start();
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("AttentionExplorerTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_session"));
        QSettings().clear();
    }

    void titleShowsUnsavedChanges()
    {
        auto window = makeWindow("cat-sat");
        QVERIFY2(window->windowTitle().startsWith(QStringLiteral("Untitled[*]")), qPrintable(window->windowTitle()));
        QVERIFY(!window->isWindowModified());
        MatrixTableModel *model = window->matrixEditor()->model();
        QVERIFY(model->setData(model->index(0, 0), QStringLiteral("0.25")));
        QVERIFY(window->isWindowModified());
        window->document()->undoStack()->undo();
        QVERIFY(!window->isWindowModified()); // back at the saved state
        window->sentenceEdit()->setPlainText(QStringLiteral("A different sentence"));
        QVERIFY(window->isWindowModified());
    }

    void saveAndReopenReproducesEveryFloat()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("work.attn.json"));
        auto window = makeWindow("cat-sat");
        // The issue's "done when": change one W_K cell of head 0, save, reopen, same numbers.
        MatrixEditor *editor = window->matrixEditor();
        editor->setTarget({EditorMatrix::Key, 0});
        QVERIFY(editor->model()->setData(editor->model()->index(3, 1), QStringLiteral("0.123456789")));
        editor->setTarget({EditorMatrix::Embeddings, 0});
        QVERIFY(editor->model()->setData(editor->model()->index(1, 0), QStringLiteral("-0")));
        window->focusModel()->pin(2, 4);
        window->focusModel()->setHead(3);
        ViewOptions options = window->viewOptions()->options();
        options.colorMap = ColorMapId::Magma;
        options.flowTopK = 2;
        window->viewOptions()->setOptions(options);
        window->document()->computeNow();
        const ResultPtr saved = window->document()->result();
        const ModelState state = window->document()->state();
        const Focus focus = window->focusModel()->focus();

        QVERIFY(window->session()->saveTo(path));
        QVERIFY(!window->isWindowModified());
        QVERIFY2(window->windowTitle().startsWith(QStringLiteral("work.attn.json[*]")), qPrintable(window->windowTitle()));
        QCOMPARE(window->session()->recentFiles().value(0), QFileInfo(path).absoluteFilePath());

        // Change everything, then open the file again.
        QVERIFY(editor->model()->setData(editor->model()->index(0, 0), QStringLiteral("9")));
        window->sentenceEdit()->setPlainText(QStringLiteral("something else entirely"));
        options.colorMap = ColorMapId::Greys;
        window->viewOptions()->setOptions(options);
        window->focusModel()->clear();
        QVERIFY(window->session()->openFile(path));

        QVERIFY(sameBits(window->document()->weights(), state.weights));
        QVERIFY(window->document()->config() == state.config);
        QCOMPARE(window->document()->state().embeddings.size(), 1);
        QVERIFY(sameBits(Matrix(window->document()->state().embeddings.value(QStringLiteral("cat"))),
                         Matrix(state.embeddings.value(QStringLiteral("cat")))));
        QVERIFY(std::signbit(window->document()->state().embeddings.value(QStringLiteral("cat"))[0]));
        QCOMPARE(window->document()->sentence(), QStringLiteral("The cat sat on the mat"));
        QCOMPARE(window->sentenceEdit()->toPlainText(), QStringLiteral("The cat sat on the mat"));
        QCOMPARE(window->viewOptions()->options().colorMap, ColorMapId::Magma);
        QCOMPARE(window->viewOptions()->options().flowTopK, 2);
        QCOMPARE(window->focusModel()->focus(), focus);
        QCOMPARE(window->document()->undoStack()->count(), 0);
        QVERIFY(!window->isWindowModified());
        window->document()->computeNow();
        const ResultPtr reopened = window->document()->result();
        for (int h = 0; h < saved->headCount(); ++h)
            QVERIFY(sameBits(reopened->layers[0].heads[size_t(h)].weights, saved->layers[0].heads[size_t(h)].weights));
        QVERIFY(sameBits(reopened->layers[0].output, saved->layers[0].output));

        // A fresh window (the app started again) gets the same numbers too.
        auto second = makeWindow("seed-hello-world");
        QVERIFY(second->session()->openFile(path));
        QVERIFY(sameBits(second->document()->weights(), state.weights));
        QCOMPARE(second->session()->filePath(), QFileInfo(path).absoluteFilePath());
    }

    // The colour scale travels with the session; a file from before it existed opens at 0–1, linear.
    void colorScaleRoundTripAndOldFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("scaled.attn.json"));
        auto window = makeWindow("cat-sat");
        auto *scaleBox = window->findChild<ColorScaleBox *>();
        QVERIFY(scaleBox);
        ViewOptions options = window->viewOptions()->options();
        options.colorScale = ColorScale::Row;
        options.colorTransfer = ColorTransfer::Log;
        window->viewOptions()->setOptions(options);
        QCOMPARE(scaleBox->scaleBox()->currentData().toInt(), int(ColorScale::Row)); // the toolbar follows
        QVERIFY(window->session()->saveTo(path));
        const QByteArray saved = testutils::readFileBytes(path);
        QVERIFY(saved.contains(R"("color_scale": "row")"));
        QVERIFY(saved.contains(R"("color_transfer": "log")"));

        options.colorScale = ColorScale::Head;
        options.colorTransfer = ColorTransfer::Power;
        window->viewOptions()->setOptions(options);
        QVERIFY(window->session()->openFile(path));
        QCOMPARE(window->viewOptions()->options().colorScale, ColorScale::Row);
        QCOMPARE(window->viewOptions()->options().colorTransfer, ColorTransfer::Log);
        QCOMPARE(scaleBox->transferBox()->currentData().toInt(), int(ColorTransfer::Log));

        // The same file as an older version wrote it: no color_scale, no color_transfer.
        QByteArray old = saved;
        old.replace(R"("color_scale": "row",)", "");
        old.replace(R"("color_transfer": "log",)", "");
        QVERIFY(!old.contains("color_scale") && !old.contains("color_transfer"));
        const QString oldPath = dir.filePath(QStringLiteral("old.attn.json"));
        QVERIFY(testutils::writeFile(oldPath, old));
        QVERIFY2(window->session()->openFile(oldPath), qPrintable(window->session()->lastError()));
        QCOMPARE(window->viewOptions()->options().colorScale, ColorScale::Fixed);
        QCOMPARE(window->viewOptions()->options().colorTransfer, ColorTransfer::Linear);
        QCOMPARE(window->document()->sentence(), QStringLiteral("The cat sat on the mat"));

        // An unknown scale is refused with the field named.
        QByteArray wrong = saved;
        wrong.replace(R"("color_scale": "row")", R"("color_scale": "rainbow")");
        const QString wrongPath = dir.filePath(QStringLiteral("wrong.attn.json"));
        QVERIFY(testutils::writeFile(wrongPath, wrong));
        QVERIFY(!window->session()->openFile(wrongPath));
        QVERIFY2(window->session()->lastError().contains(QStringLiteral("view.color_scale is \"rainbow\"")),
                 qPrintable(window->session()->lastError()));
    }

    void badFileChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::addRow("not JSON") << QByteArray("hello") << "not valid JSON at line 1, column 1";
        QTest::addRow("empty") << QByteArray() << "the file ends where a value was expected";
        QTest::addRow("other format") << QByteArray(R"({"format": "attention-explorer-dump", "version": 1})")
                                      << "not an Attention Explorer file";
        QTest::addRow("no config") << QByteArray(R"({"format": "attention-explorer-session", "version": 1, "sentence": "a"})")
                                   << "\"config\" is missing or not an object";
    }
    void badFileChangesNothing()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.attn.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        auto window = makeWindow("cat-sat");
        MatrixTableModel *model = window->matrixEditor()->model();
        QVERIFY(model->setData(model->index(0, 0), QStringLiteral("0.5"))); // unsaved work
        const LearnedMatrices before = window->document()->weights();
        const QString title = window->windowTitle();
        QVERIFY(!window->session()->openFile(path));
        QVERIFY2(window->session()->lastError().startsWith(path + QLatin1String(": ")), qPrintable(window->session()->lastError()));
        QVERIFY2(window->session()->lastError().contains(message), qPrintable(window->session()->lastError()));
        QVERIFY(sameBits(window->document()->weights(), before));
        QCOMPARE(window->document()->sentence(), QStringLiteral("The cat sat on the mat"));
        QCOMPARE(window->document()->undoStack()->count(), 1); // the unsaved edit is still there to undo
        QVERIFY(window->isWindowModified());
        QCOMPARE(window->windowTitle(), title);
        QVERIFY(window->session()->filePath().isEmpty());
    }

    void matrixFilesRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addRow("json") << "m.json";
        QTest::addRow("safetensors") << "m.safetensors";
        QTest::addRow("npy") << "m.npy";
    }
    void matrixFilesRoundTrip()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        auto window = makeWindow("binoculars");
        MatrixEditor *editor = window->matrixEditor();
        editor->setTarget({EditorMatrix::Value, 6});
        window->document()->setEmbedding(QStringLiteral("cat"), RowVector::Constant(32, -0.375f), QStringLiteral("set"));
        const ModelState exported = window->document()->state();
        QVERIFY(window->session()->exportMatrices(path));

        window->document()->setWeights(LearnedMatrices::glorot(AttentionConfig{8, 32, 4, 4, 999}), QStringLiteral("other"));
        window->document()->applyState({exported.config, window->document()->weights(), {}}, QStringLiteral("no overrides"));
        const int steps = window->document()->undoStack()->count();
        QVERIFY2(window->session()->importMatrices(path), qPrintable(window->session()->lastError()));
        QCOMPARE(window->document()->undoStack()->count(), steps + 1);
        if (name.endsWith(QLatin1String(".npy"))) { // the shown matrix only
            QVERIFY(sameBits(window->document()->weights().heads[6].wV, exported.weights.heads[6].wV));
            QVERIFY(!sameBits(window->document()->weights().heads[5].wV, exported.weights.heads[5].wV));
        } else {
            QVERIFY(sameBits(window->document()->weights(), exported.weights));
            QVERIFY(window->document()->state().embeddings == exported.embeddings);
        }
    }

    void importOfWrongShapeNamesTensor()
    {
        QTemporaryDir dir;
        auto window = makeWindow("cat-sat");
        MatrixEditor *editor = window->matrixEditor();
        editor->setTarget({EditorMatrix::Key, 0});
        QVERIFY(window->session()->exportMatrices(dir.filePath(QStringLiteral("k.npy"))));
        editor->setTarget({EditorMatrix::Output, 0});
        const LearnedMatrices before = window->document()->weights();
        QVERIFY(!window->session()->importMatrices(dir.filePath(QStringLiteral("k.npy"))));
        QVERIFY2(window->session()->lastError().contains(QStringLiteral("layer0.w_o: expected shape 32×32, found 32×4")),
                 qPrintable(window->session()->lastError()));
        QVERIFY(window->document()->weights() == before);

        auto small = makeWindow("seed-hello-world"); // 1 head, d_model 2
        QVERIFY(small->session()->exportMatrices(dir.filePath(QStringLiteral("small.safetensors"))));
        QVERIFY(!window->session()->importMatrices(dir.filePath(QStringLiteral("small.safetensors"))));
        QVERIFY2(window->session()->lastError().contains(QStringLiteral("layer0.head0.w_q: expected shape 32×4, found 2×3")),
                 qPrintable(window->session()->lastError()));
        QVERIFY(window->document()->weights() == before);
    }

    void closeAsksWhenUnsaved()
    {
        QTemporaryDir dir;
        auto window = makeWindow("cat-sat");
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        MatrixTableModel *model = window->matrixEditor()->model();
        QVERIFY(model->setData(model->index(0, 0), QStringLiteral("0.5")));

        answerNextMessageBox(QMessageBox::Cancel);
        QVERIFY(!window->close());
        QVERIFY(window->isVisible());

        answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(window->close());
        QVERIFY(!window->isVisible());

        // Unchanged: no question at all.
        auto clean = makeWindow("cat-sat");
        clean->show();
        QVERIFY(QTest::qWaitForWindowExposed(clean.get()));
        QVERIFY(clean->close());
    }

    void commandLineOpensSavedPreset()
    {
        // The window saves a session of a seed example; the command line dumps it byte for byte as it
        // dumps the example itself.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hello.attn.json"));
        auto window = makeWindow("seed-hello-world");
        QVERIFY(window->session()->saveTo(path));
        const AppRun fromPreset = runApp({QStringLiteral("--preset"), QStringLiteral("seed-hello-world"),
                                       QStringLiteral("--dump"), QStringLiteral("-")});
        const AppRun fromSession = runApp({path, QStringLiteral("--dump"), QStringLiteral("-")});
        QCOMPARE(fromPreset.exitCode, 0);
        QVERIFY2(fromSession.exitCode == 0, qPrintable(fromSession.err));
        QVERIFY(!fromPreset.out.isEmpty());
        QCOMPARE(fromSession.out, fromPreset.out);
    }

    void commandLineDumpsEditedSession()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("edited.attn.json"));
        auto window = makeWindow("long-range");
        MatrixEditor *editor = window->matrixEditor();
        editor->setTarget({EditorMatrix::Key, 0});
        QVERIFY(editor->model()->setData(editor->model()->index(7, 2), QStringLiteral("1.75")));
        editor->setTarget({EditorMatrix::Embeddings, 0});
        QVERIFY(editor->model()->setData(editor->model()->index(2, 9), QStringLiteral("-3e-7")));
        QVERIFY(window->session()->saveTo(path));

        AttentionDocument *document = window->document();
        const Expected<ResultPtr> expected = computeAttention(
            {tokenizeWords(document->sentence()), document->config(), document->weights(), document->state().embeddings});
        QVERIFY(expected.ok());
        const AppRun run = runApp({path, QStringLiteral("--dump"), QStringLiteral("-")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.out, dumpResultJson(**expected));
    }

    void commandLineRefuses_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::addRow("not a session") << QStringList{QStringLiteral("notes.txt")} << 2
                                       << "unexpected argument \"notes.txt\": only one session file (*.attn.json) can be given";
        QTest::addRow("two sessions") << QStringList{QStringLiteral("a.attn.json"), QStringLiteral("b.attn.json")} << 2
                                      << "unexpected argument \"b.attn.json\"";
        QTest::addRow("missing") << QStringList{QStringLiteral("/nonexistent/x.attn.json"), QStringLiteral("--dump"), QStringLiteral("-")}
                                 << 1 << "/nonexistent/x.attn.json: no such file";
        QTest::addRow("with --heads") << QStringList{QStringLiteral("BAD"), QStringLiteral("--heads"), QStringLiteral("2")} << 2
                                      << "a session file sets the sentence and the configuration; leave out --heads";
        QTest::addRow("broken") << QStringList{QStringLiteral("BAD"), QStringLiteral("--dump"), QStringLiteral("-")} << 1
                                << "bad.attn.json: not valid JSON at line 1, column 2";
    }
    void commandLineRefuses()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.attn.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{oops");
        file.close();
        arguments.replaceInStrings(QStringLiteral("BAD"), bad);
        const AppRun run = runApp(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }
};

QTEST_MAIN(TestSession)
#include "tst_session.moc"
