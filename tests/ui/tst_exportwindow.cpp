// Exports from the window: File ▸ Export… and Export all heads… through their dialogs, each view's
// context menu, the clipboard, and the question before a file is replaced.
#include "windowtestutils.h"
#include "export/exportcontroller.h"
#include "export/exportdialog.h"
#include "views/exportableview.h"
#include "views/flow/flowview.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "views/steps/steppanel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QXmlStreamReader>

#include <functional>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::presetStart;
using testutils::readFileBytes;
using testutils::writeFile;

QStringList svgTexts(const QByteArray &svg, bool *valid)
{
    QXmlStreamReader xml(svg);
    QStringList texts;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    }
    *valid = !xml.hasError();
    return texts;
}


// QFileDialog::selectFile() leaves the name box alone while it has the keyboard focus (so as not to
// overwrite what a person types), and when the box gets the focus depends on the window system.
void selectFileIn(QFileDialog *dialog, const QString &path)
{
    if (QWidget *focused = dialog->focusWidget())
        focused->clearFocus();
    dialog->selectFile(path);
}

// Answers modal dialogs as they open: each step gets the active modal widget and returns true
// when it has dealt with it; the steps run in order. The timer runs inside the dialogs' own event
// loops, so the test's exec() calls return as a person's clicks would make them.
class DialogScript : public QObject
{
public:
    using Step = std::function<bool(QWidget *)>;
    explicit DialogScript(std::vector<Step> steps) : m_steps(std::move(steps))
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            QWidget *modal = QApplication::activeModalWidget();
            if (!modal || m_next >= m_steps.size() || modal == m_lastHandled)
                return;
            m_lastHandled = modal;
            if (m_steps[m_next](modal))
                ++m_next;
            else
                m_lastHandled = nullptr; // not the expected dialog yet: look again
        });
        m_timer.start(20);
    }
    bool finished() const { return m_next == m_steps.size(); }

private:
    std::vector<Step> m_steps;
    size_t m_next = 0;
    QWidget *m_lastHandled = nullptr;
    QTimer m_timer;
};

// The script's step for the export dialog: accepts it, first noting the view it offers when
// `offeredView` is given.
DialogScript::Step acceptExportDialog(QString *offeredView = nullptr)
{
    return [offeredView](QWidget *w) {
        auto *dialog = qobject_cast<ExportDialog *>(w);
        if (!dialog)
            return false;
        if (offeredView)
            *offeredView = dialog->findChild<QComboBox *>(QStringLiteral("viewCombo"))->currentText();
        dialog->accept();
        return true;
    };
}

// The script's step for the save dialog: chooses `path` and saves.
DialogScript::Step saveFileAs(const QString &path)
{
    return [path](QWidget *w) {
        auto *dialog = qobject_cast<QFileDialog *>(w);
        if (!dialog)
            return false;
        selectFileIn(dialog, path);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog's own accept() is protected
        return true;
    };
}

} // namespace

class TestExportWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("attention-explorer-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_exportwindow"));
    }

    void everyViewHasTheExportActions()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        ExportController *exports = window.exportController();
        QVERIFY(exports);
        const QList<QWidget *> views{window.heatmap(), window.headGrid(), window.columnFlow(), window.arcFlow(),
                                     window.stepPanel()};
        QVERIFY(int(exports->views().size()) >= views.size()); // and any view added later
        for (QWidget *view : views) {
            QCOMPARE(view->contextMenuPolicy(), Qt::ActionsContextMenu);
            QStringList texts;
            for (const QAction *action : view->actions())
                texts << action->text();
            QVERIFY2(texts.contains(QStringLiteral("Export this view…")), qPrintable(texts.join(u'|')));
            QVERIFY2(texts.contains(QStringLiteral("Copy image")), qPrintable(texts.join(u'|')));
        }
        QMenu *file = window.menuBar()->findChildren<QMenu *>().value(0);
        QVERIFY(file);
        QVERIFY(file->actions().contains(exports->exportAction()));
        QVERIFY(file->actions().contains(exports->exportAllHeadsAction()));
        QVERIFY(file->actions().contains(exports->copyImageAction()));
    }

    void everyViewToEveryFormat()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.show();
        QTRY_VERIFY(window.document()->result());
        QTemporaryDir dir;
        ExportController *exports = window.exportController();
        // Views whose numbers are heads of the result; any other view writes pictures only.
        const QStringList headViews{QStringLiteral("heatmap"), QStringLiteral("heads"), QStringLiteral("flow"),
                                    QStringLiteral("arc"), QStringLiteral("steps"), QStringLiteral("model")};
        QStringList exported;
        for (ExportableView *view : exports->views()) {
            const QString name = view->exportName();
            exported << name;
            for (const char *extension : {"png", "svg", "pdf", "csv", "json"}) {
                const QString path = dir.filePath(name + QLatin1Char('.') + QLatin1String(extension));
                const Expected<ExportFormat> written = exports->exportView(view, path, {});
                const bool numbers = !qstrcmp(extension, "csv") || !qstrcmp(extension, "json");
                if (numbers && !headViews.contains(name)) {
                    QVERIFY(!written);
                    QVERIFY2(written.error().contains(QLatin1String(".svg")), qPrintable(written.error()));
                    QVERIFY(!QFile::exists(path));
                    continue;
                }
                QVERIFY2(written, qPrintable(path + QStringLiteral(": ") + (written ? QString() : written.error())));
                QVERIFY(QFile(path).size() > 100);
            }
            bool valid = false;
            const QStringList texts = svgTexts(readFileBytes(dir.filePath(name + QStringLiteral(".svg"))), &valid);
            QVERIFY(valid);
            QImage png(dir.filePath(name + QStringLiteral(".png")));
            QCOMPARE(png.size(), view->contentSize());
            if (headViews.contains(name))
                QVERIFY2(texts.join(u' ').contains(QLatin1String("mat")), qPrintable(name));
        }
        for (const QString &name : headViews.mid(0, 5))
            QVERIFY2(exported.contains(name), qPrintable(exported.join(u',')));
    }

    void copyImagePutsPngAndSvgOnTheClipboard()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        QTRY_VERIFY(window.document()->result());
        ExportController *exports = window.exportController();
        ExportableView *heatmap = window.heatmap();
        exports->setCurrentView(heatmap);
        exports->copyImageAction()->trigger();
        const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
        QVERIFY(mime);
        QVERIFY(mime->hasImage());
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        QCOMPARE(image.size(), heatmap->contentSize() * 2);
        QVERIFY(mime->data(QStringLiteral("image/svg+xml")).contains("<svg"));
    }

    void contextMenuExportsThatView()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.show();
        QTRY_VERIFY(window.document()->result());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("arrows.svg"));
        QString offered;
        DialogScript script({acceptExportDialog(&offered), saveFileAs(path)});
        QAction *exportThis = window.arcFlow()->actions().value(0);
        QCOMPARE(exportThis->text(), QStringLiteral("Export this view…"));
        exportThis->trigger();
        QVERIFY(script.finished());
        QCOMPARE(offered, ExportController::viewLabel(QStringLiteral("arc")));
        bool valid = false;
        svgTexts(readFileBytes(path), &valid);
        QVERIFY(valid);
    }

    void exportAllHeadsFromTheMenu()
    {
        // The done-criterion, from the window: every head on one sheet, as SVG.
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.show();
        QTRY_VERIFY(window.document()->result());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("heads.svg"));
        DialogScript script({acceptExportDialog(), saveFileAs(path)});
        window.exportController()->exportAllHeadsAction()->trigger();
        QVERIFY(script.finished());
        bool valid = false;
        const QStringList texts = svgTexts(readFileBytes(path), &valid);
        QVERIFY(valid);
        for (int head = 0; head < 8; ++head)
            QVERIFY2(texts.contains(QStringLiteral("head %1").arg(head)), qPrintable(texts.join(u'|')));
        for (const char *token : {"The", "cat", "sat", "on", "the", "mat"})
            QVERIFY2(texts.contains(QLatin1String(token)), token);
    }

    void replacingAFileAsksFirst()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.show();
        QTRY_VERIFY(window.document()->result());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("figure.png"));
        QVERIFY(writeFile(path, "keep me"));

        bool asked = false;
        QFileDialog *fileDialog = nullptr;
        DialogScript script({
            acceptExportDialog(),
            [&](QWidget *w) {
                fileDialog = qobject_cast<QFileDialog *>(w);
                if (!fileDialog)
                    return false;
                selectFileIn(fileDialog, path);
                QMetaObject::invokeMethod(fileDialog, "accept", Qt::QueuedConnection);
                return true;
            },
            [&](QWidget *w) {
                auto *box = qobject_cast<QMessageBox *>(w);
                if (!box)
                    return false;
                asked = true;
                box->button(QMessageBox::No)->click(); // keep the file; the save dialog stays open
                QMetaObject::invokeMethod(fileDialog, "reject", Qt::QueuedConnection);
                return true;
            },
        });
        window.exportController()->exportAction()->trigger();
        QVERIFY(script.finished());
        QVERIFY(asked);
        QCOMPARE(readFileBytes(path), QByteArray("keep me"));
    }

    void dialogShowsTheSizes()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        QTRY_VERIFY(window.document()->result());
        std::vector<ExportDialog::Choice> choices{{QStringLiteral("Heatmap"), window.heatmap()}};
        ExportDialog dialog(choices);
        ImageExportOptions options;
        options.scale = 4;
        options.includeFocus = false;
        dialog.setOptions(options);
        QCOMPARE(dialog.options().scale, 4.0);
        QVERIFY(!dialog.options().includeFocus);
        const QSize content = window.heatmap()->contentSize();
        const QString expected = QStringLiteral("%1 × %2").arg(content.width() * 4).arg(content.height() * 4);
        QVERIFY2(dialog.sizeText().contains(expected),
                 qPrintable(dialog.sizeText()));
        options.pixelSize = QSize(1920, 0);
        dialog.setOptions(options);
        QCOMPARE(dialog.options().pixelSize, QSize(1920, 0));
        QVERIFY2(dialog.sizeText().contains(QStringLiteral("1920 × ")), qPrintable(dialog.sizeText()));
    }
};

QTEST_MAIN(TestExportWindow)
#include "tst_exportwindow.moc"
