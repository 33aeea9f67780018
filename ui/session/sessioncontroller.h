#pragma once

#include "core/io/sessionfile.h"
#include "sessionmodels.h"

#include <QObject>
#include <QStringList>

class QAction;
class QMenu;
class QWidget;

namespace attn::ui {

class MatrixEditor;

// Session files: File ▸ Open, Open Recent, Save, Save As, Import/Export Matrices; the title (with an
// unsaved-changes marker, [*]) and status messages go out as signals for the window to show;
// closing or opening with unsaved changes asks first. It reads and writes the models a session
// holds (SessionModels), never a window's widgets. Unsaved = the undo stack is not at its clean
// index, or the sentence differs from the one saved. Opening replaces sentence, configuration,
// matrices, embeddings and view state in one go, and only after the whole file was read and
// checked: a bad file changes nothing. Autosaver writes currentSession() to a recovery file while
// isModified(); RecoveryPrompt hands recovered work back through applyRecovered().
class SessionController : public QObject
{
    Q_OBJECT

public:
    // `editor` is where Import/Export Matrices find the shown matrix (.npy); `dialogParent` owns the
    // controller and parents the dialogs it opens. The models and the editor must outlive it.
    SessionController(const SessionModels &models, MatrixEditor *editor, QWidget *dialogParent);

    AttentionDocument *document() const { return m_models.document; }
    QWidget *dialogParent() const { return m_dialogParent; }

    // Adds Open…, Open Recent, Save, Save As…, Import Matrices…, Export Matrices… to the menu.
    void addFileActions(QMenu *file);

    QString filePath() const { return m_path; }
    bool isModified() const;
    // The current state is the saved one (the start of an untitled session).
    void markClean();
    // Work recovered after a crash: the session's sentence, configuration, matrices and view, as an
    // untitled session with unsaved changes (nothing on disk holds it but the recovery file).
    void applyRecovered(const io::Session &session);

    // Without dialogs; false on failure, with the message in lastError() (and a message box when
    // dialogs are on).
    bool openFile(const QString &path);
    bool saveTo(const QString &path);
    bool importMatrices(const QString &path);
    bool exportMatrices(const QString &path);
    QString lastError() const { return m_lastError; }

    // With dialogs.
    bool save();
    bool saveAs();
    void open();
    // Asks to save unsaved changes: true when it is fine to go on (saved, discarded, or nothing to save).
    bool maybeSave();

    io::Session currentSession() const;
    QStringList recentFiles() const;

    // Tests switch message boxes off; failures then only set lastError().
    void setDialogsEnabled(bool enabled) { m_dialogs = enabled; }

    // A passing message about the session (opened, saved, autosave failed, recovered) for whatever
    // shows it: statusMessage().
    void showStatus(const QString &message, int timeoutMs);

signals:
    // markClean() ran: saved, opened, or the window's starting point. Nothing is unsaved now.
    void markedClean();
    // The title for the window: the file's name, "[*]" where the unsaved marker goes.
    void titleChanged(const QString &title);
    // Whether there are unsaved changes (isModified()); sent with every titleChanged().
    void modifiedChanged(bool modified);
    void statusMessage(const QString &message, int timeoutMs);

private:
    void apply(const io::Session &session);
    void updateTitle();
    void addRecent(const QString &path);
    void fillRecentMenu();
    void fail(const QString &title, const QString &message);

    SessionModels m_models;
    MatrixEditor *m_editor;
    QWidget *m_dialogParent;
    QString m_path;
    QString m_savedSentence;
    QString m_lastError;
    QMenu *m_recentMenu = nullptr;
    bool m_dialogs = true;
};

} // namespace attn::ui
