#include "sessioncontroller.h"

#include "document/attentiondocument.h"
#include "document/focus.h"
#include "document/viewoptions.h"
#include "editor/matrixfiles.h"
#include "widgets/recentpaths.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QUndoStack>
#include <QWidget>

namespace attn::ui {
namespace {

const QString kRecentKey = QStringLiteral("session/recentFiles");
const QString kLastFolderKey = QStringLiteral("session/lastFolder");
constexpr int kMaxRecent = 8;

QString viewName(ColorMapId id)
{
    return colorMapName(id);
}

ColorMapId colorMapFromName(const QString &name)
{
    for (ColorMapId id : {ColorMapId::Viridis, ColorMapId::Magma, ColorMapId::Cividis, ColorMapId::Greys}) {
        if (colorMapName(id) == name)
            return id;
    }
    return ColorMapId::Viridis;
}

QString lastFolder()
{
    return QSettings().value(kLastFolderKey, QDir::homePath()).toString();
}

void rememberFolder(const QString &path)
{
    QSettings().setValue(kLastFolderKey, QFileInfo(path).absolutePath());
}

} // namespace

SessionController::SessionController(const SessionModels &models, MatrixEditor *editor, QWidget *dialogParent)
    : QObject(dialogParent), m_models(models), m_editor(editor), m_dialogParent(dialogParent)
{
    AttentionDocument *document = m_models.document;
    connect(document->undoStack(), &QUndoStack::cleanChanged, this, &SessionController::updateTitle);
    connect(document, &AttentionDocument::sentenceChanged, this, &SessionController::updateTitle);
    markClean();
}

void SessionController::addFileActions(QMenu *file)
{
    QAction *open = file->addAction(tr("&Open Session…"), this, &SessionController::open);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &SessionController::fillRecentMenu);
    fillRecentMenu();
    QAction *save = file->addAction(tr("&Save Session"), this, &SessionController::save);
    save->setShortcut(QKeySequence::Save);
    QAction *saveAs = file->addAction(tr("Save Session &As…"), this, &SessionController::saveAs);
    saveAs->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    file->addAction(tr("&Import Matrices…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            m_dialogParent, tr("Import Matrices"), lastFolder(),
            tr("Matrix files (*.json *.safetensors *.npy);;Matrix JSON, all matrices (*.json);;"
               "safetensors, all matrices (*.safetensors);;NumPy, the shown matrix (*.npy)"));
        if (!path.isEmpty() && importMatrices(path))
            rememberFolder(path);
    })->setStatusTip(tr("Load W_Q, W_K, W_V, W_O and embeddings (.json, .safetensors) or the shown matrix (.npy)"));
    file->addAction(tr("&Export Matrices…"), this, [this] {
        QString filter;
        QString path = QFileDialog::getSaveFileName(
            m_dialogParent, tr("Export Matrices"), lastFolder(),
            tr("Matrix JSON, all matrices (*.json);;safetensors, all matrices (*.safetensors);;"
               "NumPy, the shown matrix (*.npy)"), &filter);
        if (path.isEmpty())
            return;
        const QString suffix = filter.section(QLatin1String("(*"), 1).section(QLatin1Char(')'), 0, 0);
        if (!path.endsWith(suffix, Qt::CaseInsensitive) && !QFileInfo(path).fileName().contains(QLatin1Char('.')))
            path += suffix;
        if (exportMatrices(path))
            rememberFolder(path);
    })->setStatusTip(tr("Save every matrix (.json, .safetensors) or the shown matrix (.npy)"));
    file->addSeparator();
}

bool SessionController::isModified() const
{
    AttentionDocument *document = m_models.document;
    return !document->undoStack()->isClean() || document->sentence() != m_savedSentence;
}

void SessionController::markClean()
{
    m_models.document->undoStack()->setClean();
    m_savedSentence = m_models.document->sentence();
    updateTitle();
    emit markedClean();
}

void SessionController::applyRecovered(const io::Session &session)
{
    apply(session);
    m_path.clear();
    // No saved state to return to: the title keeps its marker until the work is saved somewhere.
    m_models.document->undoStack()->resetClean();
    m_lastError.clear();
    updateTitle();
}

void SessionController::updateTitle()
{
    const QString name = m_path.isEmpty() ? tr("Untitled") : QFileInfo(m_path).fileName();
    emit titleChanged(tr("%1[*] — Attention Explorer").arg(name));
    emit modifiedChanged(isModified());
}

void SessionController::showStatus(const QString &message, int timeoutMs)
{
    emit statusMessage(message, timeoutMs);
}

void SessionController::fail(const QString &title, const QString &message)
{
    m_lastError = message;
    if (m_dialogs)
        QMessageBox::warning(m_dialogParent, title, message);
    else
        showStatus(message, 10000);
}

io::Session SessionController::currentSession() const
{
    const AttentionDocument *document = m_models.document;
    io::Session session;
    session.sentence = document->sentence();
    session.sentenceB = document->sentenceB();
    session.presetName = document->presetName();
    session.config = document->config();
    session.matrices = {document->weights(), document->state().embeddings};
    const Focus &focus = m_models.focus->focus();
    session.view.layer = focus.layer;
    session.view.head = focus.head;
    session.view.query = focus.query;
    session.view.key = focus.key;
    session.view.pinned = focus.pinned;
    const ViewOptions &options = m_models.viewOptions->options();
    session.view.colorMap = viewName(options.colorMap);
    session.view.colorScale = colorScaleName(options.colorScale);
    session.view.colorTransfer = colorTransferName(options.colorTransfer);
    session.view.cellValue = options.cellValue == CellValue::Scores ? QStringLiteral("scores") : QStringLiteral("weights");
    session.view.flowHeads = options.flowHeads == FlowHeads::All ? QStringLiteral("all") : QStringLiteral("focused");
    session.view.flowThreshold = options.flowThreshold;
    session.view.flowTopK = options.flowTopK;
    session.view.hideFirstToken = options.hideFirstToken;
    session.view.pairFilter = options.pairFilter == PairFilter::FirstToSecond   ? QStringLiteral("a_to_b")
                            : options.pairFilter == PairFilter::SecondToFirst ? QStringLiteral("b_to_a")
                                                                              : QStringLiteral("none");
    if (m_models.saveLayout)
        session.view.windowLayout = m_models.saveLayout();
    return session;
}

void SessionController::apply(const io::Session &session)
{
    AttentionDocument *document = m_models.document;
    // One step with the text, the example and the matrices; the text box follows the document.
    document->applyDocumentState({{session.config, session.matrices.weights, session.matrices.embeddings},
                                  session.sentence, session.presetName, session.sentenceB},
                                 tr("Open session"));
    document->undoStack()->clear(); // a freshly opened file has nothing to undo

    ViewOptions options = m_models.viewOptions->options();
    options.colorMap = colorMapFromName(session.view.colorMap);
    options.colorScale = colorScaleFromName(session.view.colorScale);
    options.colorTransfer = colorTransferFromName(session.view.colorTransfer);
    options.cellValue = session.view.cellValue == QLatin1String("scores") ? CellValue::Scores : CellValue::Weights;
    options.flowHeads = session.view.flowHeads == QLatin1String("all") ? FlowHeads::All : FlowHeads::Focused;
    options.flowThreshold = session.view.flowThreshold;
    options.flowTopK = session.view.flowTopK;
    options.hideFirstToken = session.view.hideFirstToken;
    options.pairFilter = session.view.pairFilter == QLatin1String("a_to_b")   ? PairFilter::FirstToSecond
                       : session.view.pairFilter == QLatin1String("b_to_a") ? PairFilter::SecondToFirst
                                                                            : PairFilter::None;
    m_models.viewOptions->setOptions(options);
    if (!session.view.windowLayout.isEmpty() && m_models.restoreLayout)
        m_models.restoreLayout(session.view.windowLayout);

    Focus focus;
    focus.layer = session.view.layer;
    focus.head = std::min(session.view.head, session.config.heads - 1);
    focus.query = session.view.query;
    focus.key = session.view.query >= 0 ? session.view.key : -1;
    focus.pinned = session.view.pinned && session.view.query >= 0;
    m_models.focus->setFocus(focus);
}

bool SessionController::openFile(const QString &path)
{
    const Expected<io::Session> session = io::loadSession(path);
    if (!session) {
        fail(tr("Cannot open session"), session.error());
        return false;
    }
    apply(*session);
    m_path = QFileInfo(path).absoluteFilePath();
    markClean();
    addRecent(m_path);
    m_lastError.clear();
    showStatus(tr("Opened %1").arg(QDir::toNativeSeparators(m_path)), 5000);
    return true;
}

bool SessionController::saveTo(const QString &path)
{
    const QString problem = io::saveSession(path, currentSession());
    if (!problem.isEmpty()) {
        fail(tr("Cannot save session"), problem);
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    markClean();
    addRecent(m_path);
    m_lastError.clear();
    showStatus(tr("Saved %1").arg(QDir::toNativeSeparators(m_path)), 5000);
    return true;
}

bool SessionController::importMatrices(const QString &path)
{
    const QString problem = importMatrixFile(m_models.document, m_editor, path);
    if (!problem.isEmpty()) {
        fail(tr("Cannot import matrices"), problem);
        return false;
    }
    m_lastError.clear();
    return true;
}

bool SessionController::exportMatrices(const QString &path)
{
    const QString problem = exportMatrixFile(*m_models.document, *m_editor, path);
    if (!problem.isEmpty()) {
        fail(tr("Cannot export matrices"), problem);
        return false;
    }
    m_lastError.clear();
    showStatus(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool SessionController::save()
{
    return m_path.isEmpty() ? saveAs() : saveTo(m_path);
}

bool SessionController::saveAs()
{
    const QString start = m_path.isEmpty() ? lastFolder() + QLatin1String("/untitled") + QLatin1String(io::kSessionSuffix) : m_path;
    QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Save Session"), start,
                                                tr("Attention Explorer sessions (*%1)").arg(QLatin1String(io::kSessionSuffix)));
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(io::kSessionSuffix)))
        path += QLatin1String(io::kSessionSuffix);
    rememberFolder(path);
    return saveTo(path);
}

void SessionController::open()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(
        m_dialogParent, tr("Open Session"), m_path.isEmpty() ? lastFolder() : QFileInfo(m_path).absolutePath(),
        tr("Attention Explorer sessions (*%1);;All files (*)").arg(QLatin1String(io::kSessionSuffix)));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    openFile(path);
}

bool SessionController::maybeSave()
{
    if (!isModified())
        return true;
    const QString name = m_path.isEmpty() ? tr("Untitled") : QFileInfo(m_path).fileName();
    const auto answer = QMessageBox::warning(m_dialogParent, tr("Unsaved changes"),
                                             tr("The session \"%1\" has unsaved changes. Save them first?").arg(name),
                                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                             QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

QStringList SessionController::recentFiles() const
{
    return RecentPaths(kRecentKey, kMaxRecent).paths();
}

void SessionController::addRecent(const QString &path)
{
    RecentPaths(kRecentKey, kMaxRecent).add(path);
}

void SessionController::fillRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (const QString &path : files) {
        QAction *action = m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            if (maybeSave())
                openFile(path);
        });
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear list"), this, [] { QSettings().remove(kRecentKey); })->setEnabled(!files.isEmpty());
}

} // namespace attn::ui
