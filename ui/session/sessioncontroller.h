#pragma once

#include "core/io/sessionfile.h"

#include <QObject>
#include <QStringList>

class QAction;
class QMenu;

namespace attn::ui {

class MainWindow;
class MatrixEditor;

// Session files for the window: File ▸ Open, Open Recent, Save, Save As, Import/Export Matrices;
// the title shows the file and an unsaved-changes marker ([*]); closing or opening with unsaved
// changes asks first. Unsaved = the undo stack is not at its clean index, or the sentence differs
// from the one saved. Opening replaces sentence, configuration, matrices, embeddings and view state
// in one go, and only after the whole file was read and checked: a bad file changes nothing.
// Autosaver writes currentSession() to a recovery file while isModified(); RecoveryPrompt hands
// recovered work back through applyRecovered().
class SessionController : public QObject
{
    Q_OBJECT

public:
    SessionController(MainWindow *window, MatrixEditor *editor);

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

signals:
    // markClean() ran: saved, opened, or the window's starting point. Nothing is unsaved now.
    void markedClean();

private:
    void apply(const io::Session &session);
    void updateTitle();
    void addRecent(const QString &path);
    void fillRecentMenu();
    void fail(const QString &title, const QString &message);

    MainWindow *m_window;
    MatrixEditor *m_editor;
    QString m_path;
    QString m_savedSentence;
    QString m_lastError;
    QMenu *m_recentMenu = nullptr;
    bool m_dialogs = true;
};

} // namespace attn::ui
